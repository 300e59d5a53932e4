"""Idempotency-Key on the API: a retry gets the first answer and changes nothing twice."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone

from dienhinh.api import idempotency
from dienhinh.api.api import api
from dienhinh.core.idempotency import LEASE, purge_expired
from dienhinh.core.models import FormSubmission, IdempotencyRecord
from dienhinh.nominations.models import Nomination, Photo, Transition
from tests.api.conftest import assert_error
from tests.factories import jpeg_bytes

KEY = "HTTP_IDEMPOTENCY_KEY"


def _body(world, plan, name="Nguyễn Thị Mai"):
    return {
        "plan_id": plan.pk,
        "unit_id": world.unit_a.pk,
        "subject_kind": "individual",
        "full_name": name,
        "field_id": plan.plan_fields.get().pk,
        "headline": "Giáo viên dạy giỏi",
    }


def _post(client, path, body=None, key=None):
    extra = {KEY: key} if key is not None else {}
    return client.post(path, data=body or {}, content_type="application/json", **extra)


def _operations():
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            yield from path_view.operations


def test_every_write_operation_takes_the_key_or_is_exempt_with_a_reason():
    writes = [op for op in _operations() if idempotency.METHODS.intersection(op.methods)]
    names = {idempotency.view_name(op) for op in writes}
    uncovered = [
        idempotency.view_name(op)
        for op in writes
        if not idempotency.is_covered(op) and idempotency.view_name(op) not in idempotency.EXEMPT
    ]
    assert uncovered == []
    assert set(idempotency.EXEMPT) <= names, "an exemption names no operation any more"
    assert all(len(reason) > 20 for reason in idempotency.EXEMPT.values())
    schema = api.get_openapi_schema()
    documented = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method.upper() not in idempotency.METHODS:
                continue
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            exempt = path in ("/api/v1/auth/token", "/api/v1/tokens") and method == "post"
            assert headers == ([] if exempt else ["Idempotency-Key"]), (method, path)
            if not exempt:
                assert {400, 409, 422} <= set(operation["responses"]), (method, path)
                documented += 1
    assert documented >= 60  # the dossiers, files, stories, reports and scores among them


def test_a_retried_create_answers_the_first_answer_and_creates_one_dossier(world, plan, api_client):
    officer = api_client(world.officer_a)
    first = _post(officer, "/api/v1/nominations", _body(world, plan), key="create-1")
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first
    again = _post(officer, "/api/v1/nominations", _body(world, plan), key='"create-1"')
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again["Content-Type"] == first["Content-Type"]
    assert again.json() == first.json()
    assert Nomination.objects.filter(full_name="Nguyễn Thị Mai").count() == 1

    other = _post(officer, "/api/v1/nominations", _body(world, plan, "Lê Văn Hai"), key="create-1")
    error = assert_error(other, 422, "idempotency_key_reused")
    assert "another request" in error["message"]
    assert not Nomination.objects.filter(full_name="Lê Văn Hai").exists()

    # Keys are each person's own; without a key nothing is kept (today's behaviour).
    no_key = _post(api_client(world.officer_a), "/api/v1/nominations", _body(world, plan))
    assert no_key.status_code == 201 and "Idempotent-Replayed" not in no_key
    assert Nomination.objects.filter(full_name="Nguyễn Thị Mai").count() == 2


def test_a_retried_transition_is_not_done_twice_and_a_refusal_is_kept(
    world, api_client, make_nomination
):
    officer = api_client(world.officer_a)
    nomination = make_nomination(full_name="Trần Văn Gửi")
    url = f"/api/v1/nominations/{nomination.pk}/submit"
    first = _post(officer, url, key="submit-1")
    assert first.status_code == 200, first.content
    again = _post(officer, url, key="submit-1")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["state"] == "submitted"
    assert Transition.objects.filter(nomination=nomination).count() == 1
    # A new key is a new attempt: the workflow refuses a second submission, and that 4xx
    # answer is kept for its own key.
    refused = _post(officer, url, key="submit-2")
    assert refused.status_code in (400, 409)
    replayed = _post(officer, url, key="submit-2")
    assert replayed.status_code == refused.status_code
    assert replayed["Idempotent-Replayed"] == "true"
    assert replayed.json() == refused.json()


@pytest.mark.parametrize(
    ("key", "why"), [("", "empty"), ("k" * 256, "too long"), ("clé-\u00e9", "not ASCII")]
)
def test_a_malformed_key_is_a_400_and_changes_nothing(world, plan, api_client, key, why):
    response = _post(api_client(world.officer_a), "/api/v1/nominations", _body(world, plan), key)
    error = assert_error(response, 400, "invalid_idempotency_key")
    assert "255" in error["message"], why
    assert not Nomination.objects.exists()


def test_a_key_still_in_progress_is_a_409_until_its_lease_ends(world, plan, api_client):
    body = _body(world, plan)
    request = RequestFactory().post(
        "/api/v1/nominations", data=body, content_type="application/json"
    )
    now = timezone.now()
    running = IdempotencyRecord.objects.create(
        owner=world.officer_a,
        key="slow",
        method="POST",
        route=resolve("/api/v1/nominations").route,
        fingerprint=idempotency.fingerprint(request),
        locked_until=now + LEASE,
        expires_at=now + datetime.timedelta(hours=24),
    )
    officer = api_client(world.officer_a)
    busy = _post(officer, "/api/v1/nominations", body, key="slow")
    assert_error(busy, 409, "idempotency_key_in_use")
    assert busy["Retry-After"] == "1"
    assert not Nomination.objects.exists()
    # The process that held it died: after the lease a retry takes the key over.
    IdempotencyRecord.objects.filter(pk=running.pk).update(locked_until=now)
    taken_over = _post(officer, "/api/v1/nominations", body, key="slow")
    assert taken_over.status_code == 201
    assert Nomination.objects.count() == 1


def test_a_5xx_is_not_kept_and_its_writes_are_rolled_back(world, plan, api_client, monkeypatch):
    from dienhinh.api.routers import nominations as router

    real = router.editing.create_nomination
    calls = []

    def crashes_after_saving(**kwargs):
        calls.append(real(**kwargs))
        raise RuntimeError("the process failed after the dossier was saved")

    monkeypatch.setattr(router.editing, "create_nomination", crashes_after_saving)
    officer = api_client(world.officer_a)
    officer.raise_request_exception = False
    failed = _post(officer, "/api/v1/nominations", _body(world, plan), key="crash")
    assert failed.status_code == 500 and calls
    assert not Nomination.objects.exists()
    assert not IdempotencyRecord.objects.exists()
    monkeypatch.setattr(router.editing, "create_nomination", real)
    retried = _post(officer, "/api/v1/nominations", _body(world, plan), key="crash")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert Nomination.objects.count() == 1


def test_a_retried_upload_stores_one_photo(world, api_client, make_nomination):
    officer = api_client(world.officer_a)
    nomination = make_nomination(full_name="Phạm Thị Ảnh")
    before = Photo.objects.filter(nomination=nomination).count()
    content = jpeg_bytes()
    answers = []
    for _attempt in range(2):
        # A client builds its multipart body again for a retry, with a new boundary.
        answers.append(
            officer.post(
                f"/api/v1/nominations/{nomination.pk}/photos",
                data={
                    "file": SimpleUploadedFile("anh.jpg", content, "image/jpeg"),
                    "caption": "Trên lớp",
                },
                HTTP_IDEMPOTENCY_KEY="photo-1",
            )
        )
    assert [a.status_code for a in answers] == [201, 201], answers[0].content
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert answers[1].json()["id"] == answers[0].json()["id"]
    assert Photo.objects.filter(nomination=nomination).count() == before + 1


def test_kept_answers_and_used_form_tokens_are_purged_after_a_day(world, plan, api_client):
    officer = api_client(world.officer_a)
    assert _post(officer, "/api/v1/nominations", _body(world, plan), key="old").status_code == 201
    FormSubmission.objects.create(nonce="n" * 32, owner=world.officer_a, redirect_to="/x/")
    assert purge_expired() == 0
    later = timezone.now() + datetime.timedelta(hours=24, minutes=1)
    assert purge_expired(now=later) == 2
    assert not IdempotencyRecord.objects.exists() and not FormSubmission.objects.exists()
    call_command("purge_request_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_an_unauthenticated_request_with_a_key_is_a_401(world, plan):
    response = _post(Client(), "/api/v1/nominations", _body(world, plan), key="anon")
    assert_error(response, 401, "unauthenticated")
    assert not IdempotencyRecord.objects.exists()
