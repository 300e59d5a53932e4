"""The person's consent to be publicised: who may record and withdraw it, the scan checked
by content, the audit entries, the dossier page; and the one list of never-public fields."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dienhinh.core.models import AuditEntry
from dienhinh.nominations.consent import record_consent, withdraw_consent
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.privacy import (
    NEVER_PUBLIC,
    PLANNED,
    WHOLE_MODEL,
    NeverPublicError,
    assert_public,
    assert_public_schema,
    private_values,
)
from tests.factories import pdf_bytes


def scan(name="dong-y.pdf", data=None, kind="application/pdf"):
    return SimpleUploadedFile(name, data or pdf_bytes(), content_type=kind)


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def test_the_units_officer_records_the_consent_with_a_scan(world, make_nomination):
    dossier = make_nomination()
    record_consent(dossier, by=world.officer_a, scan=scan())
    assert dossier.consent_recorded_by == world.officer_a and dossier.consent_recorded_at
    assert dossier.consent_scan_type == "application/pdf"
    assert default_storage.exists(dossier.consent_scan.name)
    entry = AuditEntry.objects.get(action="nomination.consent")
    assert (entry.to_state, entry.channel, entry.actor_id) == (
        "recorded",
        "command",
        world.officer_a.pk,
    )


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("officer_a", True),
        ("editor", True),
        ("reviewer", False),
        ("officer_b", False),
        ("monitor", False),
    ],
)
def test_who_may_record_the_consent(world, make_nomination, persona, allowed):
    dossier = make_nomination()
    dossier.state = "submitted"  # drafts are the unit's alone; the federation sees this one
    dossier.current_unit = world.district
    dossier.round = 1
    dossier.save()
    user = world.persona(persona)
    if allowed:
        record_consent(dossier, by=user)
        assert dossier.consent_recorded_at is not None
    else:
        with pytest.raises(PermissionDenied):
            record_consent(dossier, by=user)
        assert not Nomination.objects.filter(consent_recorded_at__isnull=False).exists()


def test_a_scan_must_be_a_pdf_or_a_photo_and_a_photo_loses_its_exif(world, make_nomination):
    dossier = make_nomination()
    with pytest.raises(ValidationError, match="must be a PDF or a photo"):
        record_consent(dossier, by=world.officer_a, scan=scan("a.docx", docx_bytes()))
    dossier.refresh_from_db()
    assert dossier.consent_recorded_at is None
    image = Image.new("RGB", (40, 30), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    record_consent(dossier, by=world.officer_a, scan=scan("a.jpg", out.getvalue(), "image/jpeg"))
    with default_storage.open(dossier.consent_scan.name, "rb") as handle:
        assert not Image.open(handle).getexif()


def test_withdrawing_clears_the_consent_and_removes_the_scan(
    world, make_nomination, django_capture_on_commit_callbacks
):
    dossier = make_nomination()
    record_consent(dossier, by=world.officer_a, scan=scan())
    name = dossier.consent_scan.name
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(dossier, by=world.officer_a, reason="Gia đình không đồng ý")
    assert dossier.consent_recorded_at is None and not dossier.consent_scan
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.filter(action="nomination.consent").latest("pk")
    assert (entry.to_state, entry.reason) == ("withdrawn", "Gia đình không đồng ý")
    with pytest.raises(ValidationError, match="No consent is recorded"):
        withdraw_consent(dossier, by=world.officer_a)


def test_the_dossier_page_records_the_consent_and_keeps_the_scan_private(
    world, login, make_nomination
):
    dossier = make_nomination()
    officer = login(world.officer_a)
    page = officer.get(reverse("nominations:detail", args=[dossier.pk])).text
    assert reverse("nominations:consent", args=[dossier.pk]) in page
    response = officer.post(reverse("nominations:consent", args=[dossier.pk]), {"scan": scan()})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.consent_recorded_by == world.officer_a
    scan_url = reverse("nominations:consent_scan", args=[dossier.pk])
    assert officer.get(scan_url).status_code == 200
    assert scan_url in officer.get(reverse("nominations:edit", args=[dossier.pk])).text
    assert login(world.officer_b).get(scan_url).status_code == 404


# --- The never-public fields --------------------------------------------------------------


def test_every_listed_field_exists_or_is_planned():
    from django.apps import apps

    for label, names in NEVER_PUBLIC.items():
        model = apps.get_model(label)
        existing = {f.name for f in model._meta.get_fields()}
        unknown = set(names) - existing - PLANNED - {WHOLE_MODEL}
        assert not unknown, f"{label}: {sorted(unknown)}"


def test_assert_public_stops_a_surface_that_names_a_private_field():
    assert_public(["full_name", "headline", "position"], model="nominations.nomination")
    with pytest.raises(NeverPublicError, match="birth_year, contact_phone"):
        assert_public(["full_name", "birth_year", "contact_phone"], model="nominations.nomination")
    with pytest.raises(NeverPublicError, match="party_member"):
        assert_public(["nomination.party_member"], model="nominations.nomination")
    with pytest.raises(NeverPublicError):
        assert_public(["points"], model="nominations.reviewscore")

    from ninja import Schema

    class PersonOut(Schema):
        full_name: str
        contact_email: str

    class StoryOut(Schema):
        title: str
        people: list[PersonOut]

    with pytest.raises(NeverPublicError, match=r"StoryOut\.people"):
        assert_public_schema(StoryOut, models={"people": "nominations.nomination"})


def test_private_values_are_what_a_public_answer_must_not_contain(world, make_nomination):
    dossier = make_nomination(contact_phone="0294 3852 100", contact_email="mai@example.vn")
    values = private_values(dossier)
    assert {"1985", "0294 3852 100", "mai@example.vn"} <= set(values)
    assert dossier.full_name not in values
