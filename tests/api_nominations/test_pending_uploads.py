"""A phone app's files before the dossier exists: uploaded to /pending-uploads, theirs alone,
then named in ``pending_uploads`` when the dossier is created or changed, with the same checks
as the dossier form; a file that is not the caller's refuses the whole request."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dienhinh.nominations.models import Nomination, PendingUpload
from tests.api.conftest import assert_error
from tests.factories import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def _json(client, method, path, body=None):
    return getattr(client, method)(path, data=body or {}, content_type="application/json")


def _upload(client, kind="photo", name="lop-hoc.jpg", content=None, **extra):
    if content is None:
        content = jpeg_bytes(40, 30) if kind == "photo" else pdf_bytes()
    kind_type = "image/jpeg" if kind == "photo" else "application/pdf"
    return client.post(
        "/api/v1/pending-uploads",
        {"kind": kind, "file": SimpleUploadedFile(name, content, kind_type)},
        **extra,
    )


def _dossier(world, plan, **extra):
    return {
        "plan_id": plan.pk,
        "unit_id": world.unit_a.pk,
        "subject_kind": "individual",
        "full_name": "Nguyễn Thị Mai",
        "field_id": plan.plan_fields.get().pk,
        "headline": "Giáo viên dạy giỏi nhiều năm liền",
        **extra,
    }


def test_files_uploaded_first_become_the_new_dossiers_in_order(world, plan, api_client):
    officer = api_client(world.officer_a)
    first = _upload(officer, name="ảnh 1.jpg")
    assert first.status_code == 201, first.content
    photo_a = first.json()
    assert photo_a["kind"] == "photo" and photo_a["width"] == 40 and photo_a["height"] == 30
    assert photo_a["original_name"] == "ảnh 1.jpg"
    created_at = datetime.datetime.fromisoformat(photo_a["created_at"])
    expires_at = datetime.datetime.fromisoformat(photo_a["expires_at"])
    assert expires_at - created_at == datetime.timedelta(hours=24)
    photo_b = _upload(officer, name="ảnh 2.jpg").json()
    document = _upload(officer, kind="attachment", name="báo cáo.pdf").json()
    assert document["thumbnail_url"] is None and document["width"] == 0
    listed = officer.get("/api/v1/pending-uploads").json()
    assert [item["id"] for item in listed] == [photo_a["id"], photo_b["id"], document["id"]]
    assert officer.get(photo_a["url"])["Content-Type"] == "image/jpeg"
    assert officer.get(photo_a["thumbnail_url"])["Content-Type"] == "image/webp"
    assert officer.get(document["url"])["Content-Disposition"].startswith("attachment")

    created = _json(
        officer,
        "post",
        "/api/v1/nominations",
        _dossier(
            world,
            plan,
            pending_uploads=[
                {"id": photo_b["id"], "caption": "Giờ  dạy đọc", "alt_text": "Cô giáo và học sinh"},
                {"id": document["id"], "caption": "Báo cáo thành tích"},
                {"id": photo_a["id"], "people_consent": "agreed"},
            ],
        ),
    )
    assert created.status_code == 201, created.content
    dossier = created.json()
    # Photos in the order named, with what was typed beside each.
    assert [p["original_name"] for p in dossier["photos"]] == ["ảnh 2.jpg", "ảnh 1.jpg"]
    assert dossier["photos"][0]["caption"] == "Giờ dạy đọc"
    assert dossier["photos"][0]["alt_text"] == "Cô giáo và học sinh"
    assert dossier["photos"][1]["people_consent"] == "agreed"
    assert [(a["title"], a["original_name"]) for a in dossier["attachments"]] == [
        ("Báo cáo thành tích", "báo cáo.pdf")
    ]
    served = officer.get(dossier["photos"][0]["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    # No longer pending: gone from the list and from its address.
    assert officer.get("/api/v1/pending-uploads").json() == []
    assert_error(officer.get(photo_a["url"]), 404)

    # PATCH adds new ones after those the dossier has; naming a used id again is refused.
    photo_c = _upload(officer, name="ảnh 3.jpg").json()
    patched = _json(
        officer,
        "patch",
        f"/api/v1/nominations/{dossier['id']}",
        {"pending_uploads": [{"id": photo_c["id"], "caption": "Lễ tuyên dương"}]},
    )
    assert patched.status_code == 200, patched.content
    assert [p["caption"] for p in patched.json()["photos"]] == [
        "Giờ dạy đọc",
        "",
        "Lễ tuyên dương",
    ]
    assert patched.json()["full_name"] == "Nguyễn Thị Mai"  # nothing else changed
    again = _json(
        officer,
        "patch",
        f"/api/v1/nominations/{dossier['id']}",
        {"pending_uploads": [{"id": photo_c["id"]}]},
    )
    error = assert_error(again, 400, "invalid")
    assert [d["field"] for d in error["details"]] == ["pending_uploads"]


def test_someone_elses_pending_file_refuses_the_dossier_and_saves_nothing(world, plan, api_client):
    theirs = _upload(api_client(world.officer_b)).json()
    officer = api_client(world.officer_a)
    mine = _upload(officer).json()
    # Theirs does not exist for officer A.
    for path in (f"/api/v1/pending-uploads/{theirs['id']}", theirs["url"], theirs["thumbnail_url"]):
        assert_error(officer.get(path), 404)
    assert_error(officer.delete(f"/api/v1/pending-uploads/{theirs['id']}"), 404)
    dossiers = Nomination.objects.count()

    refused = _json(
        officer,
        "post",
        "/api/v1/nominations",
        _dossier(world, plan, pending_uploads=[{"id": mine["id"]}, {"id": theirs["id"]}]),
    )
    error = assert_error(refused, 400, "invalid")
    assert error["details"] == [
        {
            "field": "pending_uploads",
            "message": "Some of the files on the form are not yours or were uploaded more than "
            "24 hours ago. Upload them again.",
        }
    ]
    assert Nomination.objects.count() == dossiers
    # Both files are still waiting for their owners.
    assert set(PendingUpload.objects.values_list("pk", flat=True)) == {mine["id"], theirs["id"]}


def test_an_expired_upload_is_gone_and_cannot_be_named(world, plan, api_client, draft_a):
    officer = api_client(world.officer_a)
    item = _upload(officer).json()
    PendingUpload.objects.filter(pk=item["id"]).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    assert_error(officer.get(f"/api/v1/pending-uploads/{item['id']}"), 404)
    photos = draft_a.photos.count()
    refused = _json(
        officer,
        "patch",
        f"/api/v1/nominations/{draft_a.pk}",
        {"headline": "Tiêu đề mới", "pending_uploads": [{"id": item["id"]}]},
    )
    assert_error(refused, 400, "invalid")
    draft_a.refresh_from_db()
    assert draft_a.photos.count() == photos
    assert draft_a.headline != "Tiêu đề mới"  # the change and the files together or not at all


def test_removing_a_pending_upload_and_who_may_upload(world, api_client):
    officer = api_client(world.officer_a)
    item = _upload(officer).json()
    assert officer.delete(f"/api/v1/pending-uploads/{item['id']}").status_code == 204
    assert not PendingUpload.objects.filter(pk=item["id"]).exists()
    # Checked by content, as on the form.
    fake = _upload(officer, content=b"not a photo at all")
    assert assert_error(fake, 400, "invalid")["message"] == (
        "This file is not a JPEG, PNG, WebP or HEIC photo."
    )
    # A reviewer files no dossiers, so has nothing to upload for one.
    assert_error(_upload(api_client(world.reviewer)), 403)
    assert not PendingUpload.objects.exists()


def test_a_retried_upload_with_the_same_key_stores_one_file(world, api_client):
    officer = api_client(world.officer_a)
    content = jpeg_bytes(20, 20)
    first = _upload(officer, content=content, HTTP_IDEMPOTENCY_KEY="phone-1")
    retry = _upload(officer, content=content, HTTP_IDEMPOTENCY_KEY="phone-1")
    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    assert PendingUpload.objects.count() == 1
