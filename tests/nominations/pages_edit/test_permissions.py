"""Who may open, change and download what on the dossier edit pages: persona × endpoint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.nominations.enums import Action
from dienhinh.nominations.models import Attachment, Photo
from dienhinh.nominations.workflow import Decision, transition_nomination
from tests.nominations.pages_edit.conftest import jpeg_with_gps, pdf_bytes

ENDPOINTS = (
    "edit",
    "photo",
    "thumbnail",
    "attachment",
    "photo_upload",
    "attachment_upload",
    "photo_delete",
    "attachment_delete",
)
L = "login"  # redirected to the login page
OK = "back"  # redirected back to the edit page after the change

#                 edit  photo thumb attach p_up  a_up  p_del a_del
DRAFT = {
    "sysadmin": (200, 200, 200, 200, OK, OK, OK, OK),
    "fed_admin": (200, 200, 200, 200, OK, OK, OK, OK),
    "monitor": (404, 404, 404, 404, 404, 404, 404, 404),
    "editor": (404, 404, 404, 404, 404, 404, 404, 404),
    "reviewer": (404, 404, 404, 404, 404, 404, 404, 404),
    "officer_a": (200, 200, 200, 200, OK, OK, OK, OK),
    "officer_b": (404, 404, 404, 404, 404, 404, 404, 404),
    "outsider": (404, 404, 404, 404, 404, 404, 404, 404),
    "anonymous": (L, L, L, L, L, L, L, L),
}
SUBMITTED = {
    "sysadmin": (403, 200, 200, 200, 403, 403, 403, 403),
    "fed_admin": (403, 200, 200, 200, 403, 403, 403, 403),
    "monitor": (403, 200, 200, 200, 403, 403, 403, 403),
    "editor": (403, 200, 200, 200, 403, 403, 403, 403),
    "reviewer": (403, 200, 200, 200, 403, 403, 403, 403),
    "officer_a": (403, 200, 200, 200, 403, 403, 403, 403),
    "officer_b": (404, 404, 404, 404, 404, 404, 404, 404),
    "outsider": (404, 404, 404, 404, 404, 404, 404, 404),
    "anonymous": (L, L, L, L, L, L, L, L),
}


def _cases(table):
    return [
        (persona, endpoint, expected)
        for persona, row in table.items()
        for endpoint, expected in zip(ENDPOINTS, row, strict=True)
    ]


def call(client, nomination, endpoint):
    photo = nomination.photos.first()
    attachment = nomination.attachments.first()
    if endpoint == "edit":
        return client.get(reverse("nominations:edit", args=[nomination.pk]))
    if endpoint == "photo":
        return client.get(reverse("nominations:photo", args=[photo.pk]))
    if endpoint == "thumbnail":
        return client.get(reverse("nominations:photo_thumbnail", args=[photo.pk]))
    if endpoint == "attachment":
        return client.get(reverse("nominations:attachment", args=[attachment.pk]))
    if endpoint == "photo_upload":
        upload = SimpleUploadedFile("ảnh.jpg", jpeg_with_gps(), "image/jpeg")
        url = reverse("nominations:photo_upload", args=[nomination.pk])
        return client.post(url, {"image": upload, "caption": "Ảnh"})
    if endpoint == "attachment_upload":
        upload = SimpleUploadedFile("tờ trình.pdf", pdf_bytes(), "application/pdf")
        url = reverse("nominations:attachment_upload", args=[nomination.pk])
        return client.post(url, {"file": upload, "title": "Tờ trình"})
    if endpoint == "photo_delete":
        return client.post(reverse("nominations:photo_delete", args=[photo.pk]))
    return client.post(reverse("nominations:attachment_delete", args=[attachment.pk]))


def check(response, expected, nomination):
    if expected == L:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif expected == OK:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("nominations:edit", args=[nomination.pk]))
    else:
        assert response.status_code == expected


def counts(nomination):
    return (
        Photo.objects.filter(nomination=nomination).count(),
        Attachment.objects.filter(nomination=nomination).count(),
    )


@pytest.mark.parametrize(("persona", "endpoint", "expected"), _cases(DRAFT))
def test_draft_of_unit_a(world, login, draft, persona, endpoint, expected):
    before = counts(draft)
    response = call(login(world.persona(persona)), draft, endpoint)
    check(response, expected, draft)
    changed = counts(draft) != before
    assert changed == (expected == OK)


@pytest.mark.parametrize(("persona", "endpoint", "expected"), _cases(SUBMITTED))
def test_submitted_dossier_of_unit_a(world, login, submitted, persona, endpoint, expected):
    before = counts(submitted)
    response = call(login(world.persona(persona)), submitted, endpoint)
    check(response, expected, submitted)
    assert counts(submitted) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sysadmin", 200),
        ("fed_admin", 200),
        ("monitor", 403),
        ("editor", 403),
        ("reviewer", 403),
        ("officer_a", 200),
        ("officer_b", 200),
        ("outsider", 404),
        ("anonymous", L),
    ],
)
def test_create_page(world, login, plan, persona, expected):
    response = login(world.persona(persona)).get(reverse("nominations:create") + f"?plan={plan.pk}")
    if expected == L:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


def test_a_plan_of_another_branch_is_not_found(world, login, plan):
    plan.issuing_unit = world.other_district
    plan.save()
    response = login(world.officer_a).get(reverse("nominations:create") + f"?plan={plan.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("endpoint", "method"),
    [
        ("photo", "post"),
        ("photo_thumbnail", "post"),
        ("attachment", "post"),
        ("photo_delete", "get"),
        ("attachment_delete", "get"),
    ],
)
def test_files_answer_only_their_method(world, login, draft, endpoint, method):
    pk = draft.photos.first().pk if endpoint.startswith("photo") else draft.attachments.first().pk
    client = login(world.officer_a)
    response = getattr(client, method)(reverse(f"nominations:{endpoint}", args=[pk]))
    assert response.status_code == 405
    assert counts(draft) == (1, 1)


def test_uploads_answer_only_post(world, login, draft):
    client = login(world.officer_a)
    assert client.get(reverse("nominations:photo_upload", args=[draft.pk])).status_code == 405
    assert client.get(reverse("nominations:attachment_upload", args=[draft.pk])).status_code == 405


def test_a_returned_dossier_is_editable_again(world, login, submitted):
    transition_nomination(
        submitted, action=Action.RETURN, by=world.reviewer, decision=Decision(reason="Thiếu ảnh")
    )
    assert (
        login(world.officer_a).get(reverse("nominations:edit", args=[submitted.pk])).status_code
        == 200
    )
    assert (
        login(world.reviewer).get(reverse("nominations:edit", args=[submitted.pk])).status_code
        == 403
    )
