"""The whole life of a dossier through the API, with the refusals a client must handle."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dienhinh.nominations.models import Nomination, Photo, Review, Transition
from tests.api.conftest import assert_error
from tests.factories import jpeg_bytes, pdf_bytes


def _json(client, method, path, body=None):
    return getattr(client, method)(path, data=body or {}, content_type="application/json")


def _stored_files() -> list[str]:
    found = []

    def walk(folder):
        try:
            dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        found.extend(f"{folder}/{name}" for name in files)
        for name in dirs:
            walk(f"{folder}/{name}")

    walk("nominations")
    return found


def _seen(body) -> dict:
    unit = body["current_unit"]
    return {"state": body["state"], "unit_id": unit and unit["id"], "round": body["round"]}


def test_create_upload_submit_return_resubmit_forward_select(world, plan, api_client):
    officer = api_client(world.officer_a)
    reviewer = api_client(world.reviewer)
    editor = api_client(world.editor)
    criterion = plan.criteria.get()

    created = _json(
        officer,
        "post",
        "/api/v1/nominations",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "subject_kind": "individual",
            "full_name": "Nguyễn  Thị Mai",
            "gender": "female",
            "birth_year": 1985,
            "position": "Giáo viên",
            "field_id": plan.plan_fields.get().pk,
            "headline": "Giáo viên dạy giỏi nhiều năm liền",
            "achievements": "<p>Dạy giỏi</p><script>alert(1)</script>",
            "initiatives": [{"title": "Phương pháp dạy đọc", "year": 2016, "benefit": 1500000}],
            "assessments": [{"criterion_id": criterion.pk, "met": True, "evidence": "Bằng khen"}],
            "contact_email": "Mai@Example.vn",
        },
    )
    assert created.status_code == 201, created.content
    dossier = created.json()
    pk = dossier["id"]
    assert dossier["state"] == "draft"
    assert dossier["full_name"] == "Nguyễn Thị Mai"
    assert "<script" not in dossier["achievements"] and "Dạy giỏi" in dossier["achievements"]
    assert dossier["initiatives"][0]["benefit"] == 1500000
    assert dossier["assessments"][0]["criterion_id"] == criterion.pk
    assert dossier["contact_email"] == "mai@example.vn"
    assert dossier["plan"]["reference"] == "57/KH-LĐLĐ"
    assert set(dossier["allowed_actions"]) == {"submit", "withdraw"}
    assert dossier["can_edit"] is True

    # Submitting without a photo is refused with the workflow's message.
    refused = _json(officer, "post", f"/api/v1/nominations/{pk}/submit")
    assert "photo" in assert_error(refused, 400, "invalid")["message"]

    upload = officer.post(
        f"/api/v1/nominations/{pk}/photos",
        {
            "file": SimpleUploadedFile("ảnh.jpg", jpeg_bytes(), "image/jpeg"),
            "caption": "Cô Mai  đứng lớp",
            "alt_text": "Cô giáo trên bục giảng",
        },
    )
    assert upload.status_code == 201, upload.content
    photo = upload.json()
    assert photo["caption"] == "Cô Mai đứng lớp"
    assert photo["content_type"] == "image/jpeg" and photo["width"] == 16
    download = officer.get(photo["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert "inline" in download["Content-Disposition"]
    assert Image.open(io.BytesIO(b"".join(download.streaming_content))).format == "JPEG"

    attached = officer.post(
        f"/api/v1/nominations/{pk}/attachments",
        {"file": SimpleUploadedFile("báo cáo.pdf", pdf_bytes()), "title": "Báo cáo thành tích"},
    )
    assert attached.status_code == 201, attached.content
    document = officer.get(attached.json()["url"])
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"].startswith("attachment")
    assert b"".join(document.streaming_content).startswith(b"%PDF-")

    # Before submitting, the reviewer does not know the draft exists.
    assert_error(reviewer.get(f"/api/v1/nominations/{pk}"), 404, "not_found")

    submitted = _json(officer, "post", f"/api/v1/nominations/{pk}/submit")
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["state"] == "submitted" and body["current_unit"]["id"] == world.district.pk
    assert body["round"] == 1

    # The reviewer sees it now, and may forward or return it.
    seen_by_reviewer = reviewer.get(f"/api/v1/nominations/{pk}").json()
    assert set(seen_by_reviewer["allowed_actions"]) == {"forward", "return"}
    # The officer may not change it any more, nor act as a reviewer.
    assert_error(_json(officer, "patch", f"/api/v1/nominations/{pk}", {"headline": "Khác"}), 403)
    assert_error(_json(officer, "post", f"/api/v1/nominations/{pk}/forward"), 403, "forbidden")

    # Returning needs a reason.
    no_reason = _json(reviewer, "post", f"/api/v1/nominations/{pk}/return", {"reason": "  "})
    error = assert_error(no_reason, 400, "invalid")
    assert error["details"] == [{"field": "reason", "message": "Give a reason."}]
    returned = _json(
        reviewer,
        "post",
        f"/api/v1/nominations/{pk}/return",
        {
            "reason": "Bổ sung minh chứng về sáng kiến.",
            "internal_note": "Hồ sơ còn mỏng, cần xem kỹ.",
            "scores": {str(criterion.pk): 6.5},
            "seen": _seen(seen_by_reviewer),
        },
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["state"] == "returned" and returned.json()["current_unit"] is None

    # The officer edits the returned dossier and submits again: a new round.
    patched = _json(
        officer,
        "patch",
        f"/api/v1/nominations/{pk}",
        {"workplace": "Trường Tiểu học Thị trấn Càng Long"},
    )
    assert patched.status_code == 200, patched.content
    patched = patched.json()
    assert patched["workplace"] == "Trường Tiểu học Thị trấn Càng Long"
    assert patched["headline"] == "Giáo viên dạy giỏi nhiều năm liền"  # untouched by PATCH
    assert len(patched["initiatives"]) == 1 and len(patched["assessments"]) == 1
    resubmitted = _json(
        officer, "post", f"/api/v1/nominations/{pk}/submit", {"comment": "Đã bổ sung"}
    )
    assert resubmitted.status_code == 200, resubmitted.content
    assert resubmitted.json()["round"] == 2

    forwarded = _json(
        reviewer,
        "post",
        f"/api/v1/nominations/{pk}/forward",
        {"seen": _seen(resubmitted.json()), "scores": {str(criterion.pk): 9}},
    )
    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["state"] == "forwarded"
    assert forwarded.json()["current_unit"]["id"] == world.province.pk

    # At the issuing unit the editor decides.
    at_issuer = editor.get(f"/api/v1/nominations/{pk}").json()
    assert set(at_issuer["allowed_actions"]) == {"select", "reject", "return"}
    selected = _json(editor, "post", f"/api/v1/nominations/{pk}/select", {"seen": _seen(at_issuer)})
    assert selected.status_code == 200, selected.content
    assert selected.json()["state"] == "selected"

    trail = officer.get(f"/api/v1/nominations/{pk}/transitions").json()
    assert [(t["action"], t["to_state"]) for t in trail] == [
        ("submit", "submitted"),
        ("return", "returned"),
        ("submit", "submitted"),
        ("forward", "forwarded"),
        ("select", "selected"),
    ]
    assert trail[1]["reason"] == "Bổ sung minh chứng về sáng kiến."
    assert trail[1]["by"] == {"id": world.reviewer.pk, "full_name": "Huỳnh Văn Duyệt"}
    assert Transition.objects.filter(nomination_id=pk).count() == 5


@pytest.fixture
def reviewed(world, plan, api_client, submitted_a):
    """``submitted_a`` returned by the district's reviewer with a score and an internal note."""
    response = _json(
        api_client(world.reviewer),
        "post",
        f"/api/v1/nominations/{submitted_a.pk}/return",
        {
            "reason": "Thiếu ảnh minh hoạ.",
            "internal_note": "Đơn vị này hay nộp trễ.",
            "scores": {str(plan.criteria.get().pk): "7.5"},
        },
    )
    assert response.status_code == 200, response.content
    return submitted_a


@pytest.mark.parametrize(
    ("persona", "sees_note"),
    [("officer_a", False), ("reviewer", True), ("editor", True), ("monitor", False)],
)
def test_internal_notes_only_for_reviewers_of_that_level_and_above(
    world, api_client, reviewed, persona, sees_note
):
    response = api_client(world.persona(persona)).get(f"/api/v1/nominations/{reviewed.pk}/reviews")
    assert response.status_code == 200, response.content
    [review] = response.json()
    assert review["decision"] == "return" and review["round"] == 1
    assert review["unit"]["id"] == world.district.pk
    assert review["comment"] == "Thiếu ảnh minh hoạ."
    assert review["scores"][0]["points"] == 7.5 and review["scores"][0]["max_points"] == 10
    if sees_note:
        assert review["internal_note"] == "Đơn vị này hay nộp trễ."
    else:
        assert review["internal_note"] is None
        assert "nộp trễ" not in response.content.decode()


def test_a_stale_seen_is_a_conflict(world, api_client, submitted_a):
    reviewer = api_client(world.reviewer)
    seen = {"state": "submitted", "unit_id": world.district.pk, "round": 1}
    first = _json(reviewer, "post", f"/api/v1/nominations/{submitted_a.pk}/forward", {"seen": seen})
    assert first.status_code == 200, first.content
    # A second reviewer tab still shows the dossier as it was.
    again = _json(
        reviewer,
        "post",
        f"/api/v1/nominations/{submitted_a.pk}/return",
        {"reason": "Thiếu minh chứng.", "seen": seen},
    )
    assert "Someone else" in assert_error(again, 409, "conflict")["message"]
    submitted_a.refresh_from_db()
    assert submitted_a.state == "forwarded"
    assert Review.objects.filter(nomination=submitted_a).count() == 1


def test_an_action_not_open_in_this_state_is_a_400(world, api_client, submitted_a):
    # The reviewer at the district may not select: only the issuing unit decides.
    response = _json(
        api_client(world.reviewer), "post", f"/api/v1/nominations/{submitted_a.pk}/select"
    )
    assert_error(response, 400, "invalid")


def test_submitting_with_possible_duplicates_needs_confirmation(
    world, api_client, make_nomination, submitted_a
):
    twin = make_nomination(full_name="Lê Thị Nộp", birth_year=1990)
    officer = api_client(world.officer_a)
    duplicates = officer.get(f"/api/v1/nominations/{twin.pk}/duplicates").json()
    assert [(d["nomination"]["id"], d["reason"]) for d in duplicates] == [
        (submitted_a.pk, "same_plan")
    ]
    refused = _json(officer, "post", f"/api/v1/nominations/{twin.pk}/submit")
    assert assert_error(refused, 400, "invalid")["details"][0]["field"] == "confirm_duplicates"
    confirmed = _json(
        officer, "post", f"/api/v1/nominations/{twin.pk}/submit", {"confirm_duplicates": True}
    )
    assert confirmed.status_code == 200, confirmed.content


def test_an_executable_named_jpg_is_refused_and_nothing_is_stored(world, api_client, draft_a):
    before_files, before_rows = _stored_files(), Photo.objects.count()
    fake = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response = api_client(world.officer_a).post(
        f"/api/v1/nominations/{draft_a.pk}/photos",
        {"file": SimpleUploadedFile("chan-dung.jpg", fake, "image/jpeg")},
    )
    error = assert_error(response, 400, "invalid")
    assert error["message"] == "This file is not a JPEG, PNG, WebP or HEIC photo."
    assert Photo.objects.count() == before_rows
    assert _stored_files() == before_files


def test_a_document_that_is_not_pdf_or_docx_is_refused(world, api_client, draft_a):
    response = api_client(world.officer_a).post(
        f"/api/v1/nominations/{draft_a.pk}/attachments",
        {"file": SimpleUploadedFile("bao-cao.pdf", b"#!/bin/sh\nrm -rf /\n")},
    )
    assert assert_error(response, 400, "invalid")["message"] == (
        "Only PDF and DOCX documents can be attached."
    )
    assert draft_a.attachments.count() == 1


def test_detail_shows_files_with_download_links_and_the_current_level(
    world, api_client, submitted_a
):
    body = api_client(world.reviewer).get(f"/api/v1/nominations/{submitted_a.pk}").json()
    photo = submitted_a.photos.get()
    assert body["photos"][0]["url"] == f"/api/v1/photos/{photo.pk}/file"
    assert body["photos"][0]["thumbnail_url"] == f"/api/v1/photos/{photo.pk}/thumbnail"
    attachment = submitted_a.attachments.get()
    assert body["attachments"][0]["url"] == f"/api/v1/attachments/{attachment.pk}/file"
    assert body["attachments"][0]["original_name"] == "Báo cáo thành tích.pdf"
    assert body["current_unit"]["code"] == "TV-CL"
    assert body["can_edit"] is False


def test_creating_for_a_hidden_plan_or_field_is_a_404(world, plan, api_client):
    other = Nomination.objects.count()
    body = {
        "plan_id": plan.pk,
        "unit_id": world.unit_a.pk,
        "subject_kind": "collective",
        "collective_name": "Tổ Văn",
        "field_id": 999999,
        "headline": "Tập thể xuất sắc",
    }
    response = _json(api_client(world.officer_a), "post", "/api/v1/nominations", body)
    assert assert_error(response, 404, "not_found")["details"][0]["field"] == "field_id"
    assert Nomination.objects.count() == other


def test_an_action_needs_no_body(world, api_client, submitted_a):
    response = api_client(world.officer_a).post(
        f"/api/v1/nominations/{submitted_a.pk}/withdraw", content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"


@pytest.mark.parametrize(
    ("persona", "which", "expected"),
    [
        ("officer_a", "draft", 201),
        ("officer_b", "draft", 404),
        ("reviewer", "draft", 404),
        ("officer_a", "submitted", 403),
        ("reviewer", "submitted", 403),
        ("anonymous", "draft", 401),
    ],
)
def test_who_may_upload(world, api_client, draft_a, submitted_a, persona, which, expected):
    nomination = draft_a if which == "draft" else submitted_a
    before = nomination.photos.count()
    response = api_client(world.persona(persona)).post(
        f"/api/v1/nominations/{nomination.pk}/photos",
        {"file": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")},
    )
    if expected == 201:
        assert response.status_code == 201, response.content
        assert nomination.photos.count() == before + 1
    else:
        assert_error(response, expected)
        assert nomination.photos.count() == before
