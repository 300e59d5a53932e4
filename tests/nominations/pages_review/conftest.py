"""Fixtures for the dossier list, inbox, dossier page, action and export tests: English pages
(assertions read the English msgids whatever translations exist) and workflow shortcuts."""

import pytest
from django.urls import reverse

from dienhinh.nominations.workflow import Decision, transition_nomination


@pytest.fixture
def page_language():
    """English pages: assertions read the English msgids whatever translations exist."""
    return "en"


def move(nomination, action: str, user, reason: str = "", note: str = "", scores=None):
    """Apply a workflow action directly (the pages are tested elsewhere)."""
    transition_nomination(
        nomination,
        action=action,
        by=user,
        decision=Decision(reason=reason, internal_note=note, scores=scores or {}),
    )
    nomination.refresh_from_db()
    return nomination


def seen_fields(nomination) -> dict:
    """The hidden fields of the action page, as the user saw the dossier."""
    return {
        "seen_state": nomination.state,
        "seen_unit": nomination.current_unit_id or "",
        "seen_round": nomination.round,
    }


def act_url(nomination, action: str) -> str:
    return reverse("nominations:act", args=[nomination.pk, action])


def pick(nomination) -> str:
    """The value of the nomination's checkbox in the inbox."""
    return (
        f"{nomination.pk}:{nomination.state}:{nomination.current_unit_id or ''}:{nomination.round}"
    )


@pytest.fixture
def submitted(world, make_nomination):
    """A dossier of unit A waiting at the district (the reviewer's level)."""
    return move(make_nomination(), "submit", world.officer_a)


@pytest.fixture
def forwarded(world, submitted):
    """A dossier of unit A waiting at the province (the plan's issuing unit)."""
    return move(submitted, "forward", world.reviewer)
