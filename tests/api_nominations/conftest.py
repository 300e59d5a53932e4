"""Fixtures for the dossier, plan and movement API tests: token clients, an issued plan,
dossiers in a few states and small real files (a JPEG made with Pillow, a one-page PDF)."""

import functools

import pytest
from django.utils import translation

from dienhinh.nominations.workflow import transition_nomination


@pytest.fixture(autouse=True)
def english_messages():
    """Domain messages are asserted in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def page_language():
    """English answers: assertions read the English messages."""
    return "en"


@pytest.fixture
def make_nomination(make_nomination, plan):
    """The project's dossier factory, with the plan's field and a PDF attachment."""
    return functools.partial(make_nomination, field=plan.plan_fields.get(), attachment=True)


@pytest.fixture
def draft_a(make_nomination):
    """A draft of unit A: only A's officers (and administrators) see it."""
    return make_nomination(full_name="Trần Văn Nháp", birth_year=1980)


@pytest.fixture
def submitted_a(world, make_nomination):
    """A dossier of unit A, submitted: waiting for the district's reviewer."""
    nomination = make_nomination(full_name="Lê Thị Nộp", birth_year=1990)
    transition_nomination(nomination, action="submit", by=world.officer_a)
    nomination.refresh_from_db()
    return nomination
