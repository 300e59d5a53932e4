"""Editing the rubric and entering the evidence through the API, with the pages' rules: the
issuing unit's monitors edit until the results are finalised (then 409), limits are enforced
with a message naming the field and nothing is half-saved, a sibling unit gets 404 on every
score entry and file of another unit."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.scoring.models import Rubric, RubricItem, ScoreClass, ScoreEntry
from dienhinh.scoring.workflow import transition_scoring
from tests.factories import pdf_bytes

from .conftest import score_others

JSON = "application/json"


def _json(client, method, url, body=None):
    send = getattr(client, method)
    return send(url, body, content_type=JSON) if body is not None else send(url)


def _titles(rubric):
    return [i.title for i in RubricItem.objects.filter(rubric=rubric, parent=None)]


def test_the_monitor_edits_items_reorders_and_deletes(world, plan, scorecard, api_client):
    rubric = scorecard.rubric
    monitor = api_client(world.monitor)
    base = f"/api/v1/rubrics/{rubric.pk}"
    group_two = scorecard.quality.parent_id
    # Over the group's maximum (55 used of 55): refused, naming the field, nothing added.
    before = RubricItem.objects.count()
    over = _json(
        monitor,
        "post",
        f"{base}/items",
        {"parent_id": group_two, "kind": "points", "title": "Thêm", "max_points": "1"},
    )
    assert over.status_code == 400
    [detail] = over.json()["error"]["details"]
    assert detail["field"] == "max_points"
    assert "would add up to 56 points, more than its maximum of 55" in detail["message"]
    # A bonus whose limits are the wrong way round.
    wrong = _json(
        monitor,
        "post",
        f"{base}/items",
        {"kind": "adjustment", "title": "Thưởng", "min_points": "2", "max_points": "5"},
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["details"][0]["field"] == "min_points"
    assert RubricItem.objects.count() == before
    # A group and an item under it; the item answered with its formula sentence.
    group = _json(
        monitor, "post", f"{base}/items", {"kind": "group", "title": "III. Khác", "max_points": 0}
    )
    assert group.status_code == 201
    added = _json(
        monitor,
        "post",
        f"{base}/items",
        {
            "parent_id": group.json()["id"],
            "kind": "per_occurrence",
            "title": "Sáng kiến",
            "max_points": "4",
            "points_each": "0.5",
        },
    )
    assert added.status_code == 201, added.content
    assert added.json()["formula_text"] == "0,5 points per occurrence, at most 4."
    item_id = added.json()["id"]
    # Changing one field keeps the others; a maximum the group cannot hold is refused.
    changed = _json(monitor, "patch", f"/api/v1/rubric-items/{item_id}", {"max_points": "3"})
    assert changed.status_code == 200
    assert (changed.json()["points_each"], changed.json()["title"]) == ("0.50", "Sáng kiến")
    moved = _json(
        monitor,
        "patch",
        f"/api/v1/rubric-items/{item_id}",
        {"parent_id": group_two, "max_points": "3"},
    )
    assert moved.status_code == 400 and moved.json()["error"]["details"][0]["field"] == "max_points"
    assert RubricItem.objects.get(pk=item_id).parent_id == group.json()["id"]
    # Reordering the top level: every item once, or a 400 naming item_ids.
    top = list(RubricItem.objects.filter(rubric=rubric, parent=None).values_list("pk", flat=True))
    partial = _json(monitor, "put", f"{base}/items/order", {"item_ids": top[:2]})
    assert partial.status_code == 400
    assert partial.json()["error"]["details"][0]["field"] == "item_ids"
    order = _json(monitor, "put", f"{base}/items/order", {"item_ids": list(reversed(top))})
    assert order.status_code == 200
    assert [i["title"] for i in order.json()["items"] if i["parent_id"] is None] == [
        "III. Khác",
        "Điểm thưởng, điểm trừ",
        "II. Tổ chức thực hiện",
        "I. Tuyên truyền",
    ]
    assert _json(monitor, "delete", f"/api/v1/rubric-items/{group.json()['id']}").status_code == 204
    assert not RubricItem.objects.filter(pk__in=[item_id, group.json()["id"]]).exists()


def test_classes_tie_break_scheme_and_copy(world, plan, scorecard, api_client):
    rubric = scorecard.rubric
    monitor = api_client(world.monitor)
    base = f"/api/v1/rubrics/{rubric.pk}"
    same = _json(
        monitor,
        "patch",
        base,
        {"classes": [{"name": "Tốt", "min_total": "50"}, {"name": "Khá", "min_total": "50"}]},
    )
    assert same.status_code == 400
    assert same.json()["error"]["message"] == (
        "Two classes cannot start at the same number of points."
    )
    assert ScoreClass.objects.filter(rubric=rubric).count() == 4  # unchanged
    saved = _json(monitor, "patch", base, {"tie_break": ["report", "self_gap"]})
    assert saved.status_code == 200
    body = saved.json()
    assert body["tie_break"] == ["report", "self_gap"] and len(body["classes"]) == 4
    older = _json(monitor, "post", f"{base}/scheme", {"scheme": "older"})
    assert [c["name"] for c in older.json()["classes"]] == ["Xuất sắc", "Tốt", "Khá", "Trung bình"]
    # Another plan of the province starts its rubric and copies this one.
    other = plan.__class__.objects.create(
        issuing_unit=world.province,
        year=2018,
        number=12,
        symbol="KH-LĐLĐ",
        title="Kế hoạch năm sau",
        issued_on=plan.issued_on,
        status=plan.status,
        report_deadline=plan.report_deadline,
    )
    started = _json(monitor, "post", "/api/v1/rubrics", {"plan_id": other.pk})
    assert started.status_code == 201 and started.json()["items"] == []
    again = _json(monitor, "post", "/api/v1/rubrics", {"plan_id": other.pk})
    assert again.status_code == 409
    new_id = started.json()["id"]
    copied = _json(
        monitor, "post", f"/api/v1/rubrics/{new_id}/copy", {"source_rubric_id": rubric.pk}
    )
    assert copied.status_code == 200
    assert len(copied.json()["items"]) == 10 and copied.json()["tie_break"] == [
        "report",
        "self_gap",
    ]
    itself = _json(monitor, "post", f"/api/v1/rubrics/{new_id}/copy", {"source_rubric_id": new_id})
    assert itself.status_code == 400
    assert itself.json()["error"]["details"][0]["field"] == "source_rubric_id"


def test_who_may_edit_and_finalised_rubrics(world, plan, scorecard, api_client):
    rubric = scorecard.rubric
    url = f"/api/v1/rubrics/{rubric.pk}/items"
    body = {"kind": "points", "title": "Thêm", "max_points": "1"}
    # A unit's officer reads the rubric but may not edit it; an outsider does not see it.
    refused = _json(api_client(world.officer_a), "post", url, body)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "Only the issuing unit's monitors can change the rubric."
    )
    assert _json(api_client(world.outsider), "post", url, body).status_code == 404
    item_url = f"/api/v1/rubric-items/{scorecard.quality.pk}"
    assert _json(api_client(world.outsider), "delete", item_url).status_code == 404
    assert _json(api_client(world.officer_b), "delete", item_url).status_code == 403
    # Finalised: every edit is a 409 with the message, and nothing changes.
    score_others(world, scorecard)
    from dienhinh.scoring.entries import OfficialInput, save_official_scores

    entered = (scorecard.articles, scorecard.plan_made, scorecard.quality, scorecard.bonus)
    save_official_scores(
        rubric,
        world.unit_a,
        by=world.monitor,
        entries={i.pk: OfficialInput(Decimal(0)) for i in entered},
    )
    transition_scoring(rubric, action="finalise", by=world.monitor)
    monitor = api_client(world.monitor)
    answers = [
        _json(monitor, "post", url, body),
        _json(monitor, "patch", item_url, {"title": "Đổi"}),
        _json(monitor, "delete", item_url),
        _json(monitor, "patch", f"/api/v1/rubrics/{rubric.pk}", {"group_year": 2018}),
        _json(monitor, "post", f"/api/v1/rubrics/{rubric.pk}/scheme", {"scheme": "older"}),
    ]
    for answer in answers:
        assert answer.status_code == 409, answer.content
        assert answer.json()["error"]["message"] == (
            "The results are finalised; reopen them to change the rubric."
        )
    assert RubricItem.objects.get(pk=scorecard.quality.pk).title == "Chất lượng"
    assert Rubric.objects.get(pk=rubric.pk).group_year is None
    official = _json(
        monitor,
        "post",
        "/api/v1/scores/official",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "entries": [{"item_id": scorecard.quality.pk, "value": "1", "explanation": "x"}],
        },
    )
    assert official.status_code == 409


def _upload(client, plan, unit, item, content=None, name="bien-ban.pdf"):
    return client.post(
        "/api/v1/scores/evidence",
        {
            "plan_id": plan.pk,
            "unit_id": unit.pk,
            "item_id": item.pk,
            "file": SimpleUploadedFile(name, content or pdf_bytes(), "application/pdf"),
        },
    )


def test_evidence_files_through_the_api(world, plan, scorecard, api_client):
    officer = api_client(world.officer_a)
    saved = _json(
        officer,
        "post",
        "/api/v1/scores/self",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "entries": [{"item_id": scorecard.quality.pk, "value": "40", "evidence": "Biên bản"}],
        },
    )
    assert saved.status_code == 200
    # Not a PDF or DOCX: refused by the dossier upload checks, nothing stored.
    bad = _upload(officer, plan, world.unit_a, scorecard.quality, content=b"MZ not a document")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == f"file_{scorecard.quality.pk}"
    assert not ScoreEntry.objects.get().evidence_file
    # The sibling unit's officer: 404 for the unit, as on the pages.
    sibling = api_client(world.officer_b)
    assert _upload(sibling, plan, world.unit_a, scorecard.quality).status_code == 404
    answer = _upload(officer, plan, world.unit_a, scorecard.quality)
    assert answer.status_code == 200, answer.content
    row = next(i for i in answer.json()["items"] if i["id"] == scorecard.quality.pk)
    # The value and the text stay; the file is named as sent.
    assert (row["self_value"], row["evidence"], row["evidence_name"]) == (
        "40.00",
        "Biên bản",
        "bien-ban.pdf",
    )
    file_url = f"/api/v1/score-entries/{row['evidence_file_id']}/evidence"
    download = api_client(world.reviewer).get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "bien-ban.pdf" in download["Content-Disposition"]
    assert sibling.get(file_url).status_code == 404
    assert sibling.delete(file_url).status_code == 404
    # The reviewer sees the file but does not enter the unit's self-score.
    assert api_client(world.reviewer).delete(file_url).status_code == 403
    assert officer.delete(file_url).status_code == 204
    entry = ScoreEntry.objects.get()
    assert (entry.evidence_file.name, entry.self_value) == ("", Decimal(40))
    assert officer.get(file_url).status_code == 404


@pytest.mark.parametrize("value", ["46", "-1"])
def test_points_outside_the_items_limits_are_refused(world, plan, scorecard, api_client, value):
    answer = _json(
        api_client(world.officer_a),
        "post",
        "/api/v1/scores/self",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "entries": [
                {"item_id": scorecard.bonus.pk, "value": "2"},
                {"item_id": scorecard.quality.pk, "value": value},
            ],
        },
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["details"] == [
        {"field": f"value_{scorecard.quality.pk}", "message": "Between 0 and 45 points."}
    ]
    assert not ScoreEntry.objects.exists()  # the valid bonus was not saved either


def test_the_reviewing_level_records_the_evidence_text_on_the_official_path(
    world, plan, scorecard, api_client, login
):
    """The official score may carry the item's evidence text too (API and page), with the
    self-score's checks; without it the unit's text stays."""
    from django.urls import reverse

    item = scorecard.quality
    officer, reviewer = api_client(world.officer_a), api_client(world.reviewer)
    body = {"plan_id": plan.pk, "unit_id": world.unit_a.pk}
    own = {"item_id": item.pk, "value": "40", "evidence": "Biên bản"}
    assert (
        _json(officer, "post", "/api/v1/scores/self", {**body, "entries": [own]}).status_code == 200
    )

    def official(**entry):
        entries = [{"item_id": item.pk, "value": "40", **entry}]
        return _json(reviewer, "post", "/api/v1/scores/official", {**body, "entries": entries})

    assert official().status_code == 200
    assert ScoreEntry.objects.get(item=item).evidence == "Biên bản"  # absent: unchanged
    answer = official(evidence="Biên bản và ảnh hội nghị")
    assert answer.status_code == 200
    [shown] = [i for i in answer.json()["items"] if i["id"] == item.pk]
    assert shown["evidence"] == "Biên bản và ảnh hội nghị"
    entry = ScoreEntry.objects.get(item=item)
    assert entry.evidence == "Biên bản và ảnh hội nghị" and entry.self_value == Decimal("40")
    # The same checks as the unit's: a control character is refused and nothing changes.
    refused = official(value="30", explanation="Thiếu ảnh", evidence="Biên\x1bbản")
    assert refused.status_code == 422
    entry.refresh_from_db()
    assert entry.official_value == Decimal("40") and entry.evidence == "Biên bản và ảnh hội nghị"

    # The page: the official form shows the evidence and saves it.
    client = login(world.reviewer)
    page_url = reverse("scoring:unit", args=[plan.pk, world.unit_a.pk])
    assert "Biên bản và ảnh hội nghị</textarea>" in client.get(page_url).content.decode()
    url = reverse("scoring:unit_official", args=[plan.pk, world.unit_a.pk])
    too_long = client.post(url, {f"official_{item.pk}": "40", f"evidence_{item.pk}": "x" * 4001})
    assert too_long.status_code == 400
    assert "Ensure this value has at most 4000 characters" in too_long.content.decode()
    entry.refresh_from_db()
    assert entry.evidence == "Biên bản và ảnh hội nghị"
    saved = client.post(
        url, {f"official_{item.pk}": "40", f"evidence_{item.pk}": "Theo biên bản giấy"}
    )
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.evidence == "Theo biên bản giấy" and entry.official_value == Decimal("40")


def test_the_official_form_keeps_the_units_later_evidence_and_refuses_to_write_over_it(
    world, plan, scorecard, api_client, login
):
    """The reviewer opens the page, then the unit changes its evidence: sending the form with
    the evidence as shown keeps the unit's new text; a changed text is refused (nothing saved)
    instead of replacing what the reviewer never saw."""
    import re

    from django.urls import reverse

    item = scorecard.quality
    officer = api_client(world.officer_a)
    body = {"plan_id": plan.pk, "unit_id": world.unit_a.pk}

    def self_score(evidence):
        entries = [{"item_id": item.pk, "value": "40", "evidence": evidence}]
        answer = _json(officer, "post", "/api/v1/scores/self", {**body, "entries": entries})
        assert answer.status_code == 200

    self_score("Biên bản")
    client = login(world.reviewer)
    page = client.get(reverse("scoring:unit", args=[plan.pk, world.unit_a.pk])).content.decode()
    seen = re.search(rf'name="evidence_seen_{item.pk}" value="(\w+)"', page).group(1)
    self_score("Biên bản và ảnh hội nghị")  # after the reviewer opened the page

    url = reverse("scoring:unit_official", args=[plan.pk, world.unit_a.pk])
    form = {f"official_{item.pk}": "40", f"evidence_seen_{item.pk}": seen}
    as_shown = client.post(url, {**form, f"evidence_{item.pk}": "Biên bản"})
    assert as_shown.status_code == 302
    entry = ScoreEntry.objects.get(item=item)
    assert entry.official_value == Decimal("40")
    assert entry.evidence == "Biên bản và ảnh hội nghị"

    changed = client.post(
        url, {**form, f"official_{item.pk}": "41", f"evidence_{item.pk}": "Theo biên bản giấy"}
    )
    assert changed.status_code == 400
    assert "The unit changed this evidence after the page was opened" in (changed.content.decode())
    entry.refresh_from_db()
    assert entry.evidence == "Biên bản và ảnh hội nghị" and entry.official_value == Decimal("40")

    # Opened again, the page shows the unit's text and the reviewer's change goes through.
    page = client.get(reverse("scoring:unit", args=[plan.pk, world.unit_a.pk])).content.decode()
    seen = re.search(rf'name="evidence_seen_{item.pk}" value="(\w+)"', page).group(1)
    saved = client.post(
        url, {**form, f"evidence_seen_{item.pk}": seen, f"evidence_{item.pk}": "Theo biên bản giấy"}
    )
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.evidence == "Theo biên bản giấy"
