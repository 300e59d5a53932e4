"""Regression tests for problems found in review of the dossier workflow."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dienhinh.accounts.models import Role
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.files import clean_photo
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.workflow import (
    Decision,
    TransitionConflict,
    review_levels,
    transition_nomination,
)
from tests.factories import UserFactory, grant


def test_acting_on_a_stale_copy_is_a_conflict_even_without_seen(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    stale = Nomination.objects.get(pk=nomination.pk)
    second = UserFactory(email="reviewer2@example.vn")
    grant(second, world.district, Role.REVIEWER)
    transition_nomination(nomination, action=Action.FORWARD, by=world.reviewer)
    with pytest.raises(TransitionConflict):
        transition_nomination(
            stale, action=Action.RETURN, by=second, decision=Decision(reason="Không đạt")
        )


def test_a_level_whose_reviewers_are_all_inactive_is_skipped(world, make_nomination):
    nomination = make_nomination()
    assert [u.code for u in review_levels(nomination)] == ["TV-CL", "TV"]
    world.reviewer.is_active = False
    world.reviewer.save()
    assert [u.code for u in review_levels(nomination)] == ["TV"]


def test_a_draft_withdrawn_before_submission_stays_private(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.WITHDRAW, by=world.officer_a)
    nomination.refresh_from_db()
    assert nomination.state == State.WITHDRAWN
    visible = Nomination.objects.visible_to
    assert visible(world.officer_a).filter(pk=nomination.pk).exists()
    assert not visible(world.reviewer).filter(pk=nomination.pk).exists()
    assert not visible(world.editor).filter(pk=nomination.pk).exists()


def test_a_phone_mpo_photo_is_kept_as_a_jpeg():
    out = io.BytesIO()
    first = Image.new("RGB", (40, 30), (200, 0, 0))
    first.save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30))])
    with Image.open(io.BytesIO(out.getvalue())) as probe:
        assert probe.format == "MPO"
    photo = clean_photo(SimpleUploadedFile("phone.jpg", out.getvalue()))
    assert photo.content_type == "image/jpeg"
    with Image.open(io.BytesIO(photo.content)) as image:
        assert image.format == "JPEG"


def test_an_absurd_headcount_is_a_form_error_not_a_500(world, login, plan):
    page = login(world.officer_a).post(
        f"/dossiers/new/?plan={plan.pk}",
        {
            "nominating_unit": world.unit_a.pk,
            "subject_kind": "collective",
            "collective_name": "Tổ Toán",
            "headcount": "99999999999999999999",
            "headline": "Tổ chuyên môn giỏi",
            "initiatives-TOTAL_FORMS": "0",
            "initiatives-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 200
    assert not Nomination.objects.filter(collective_name="Tổ Toán").exists()
