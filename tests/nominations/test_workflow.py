"""The dossier workflow: every state × action × persona, rounds, reviews, audit, conflicts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dienhinh.accounts.models import Role
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.models import Nomination, Review, Transition
from dienhinh.nominations.workflow import (
    Decision,
    Seen,
    TransitionConflict,
    allowed_actions,
    transition_nomination,
)
from dienhinh.plans.models import ReviewRoute
from tests.factories import UserFactory, grant


def act(nomination, action, user, reason=None):
    if reason is None:
        reason = "Cần bổ sung minh chứng" if action in ("return", "reject") else ""
    return transition_nomination(
        nomination, action=action, by=user, decision=Decision(reason=reason)
    )


def test_the_whole_walk_keeps_every_review_and_transition(world, make_nomination):
    nomination = make_nomination()
    act(nomination, Action.SUBMIT, world.officer_a)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.current_unit, nomination.round) == (
        State.SUBMITTED,
        world.district,
        1,
    )

    act(nomination, Action.RETURN, world.reviewer, reason="Thiếu ảnh hoạt động")
    nomination.refresh_from_db()
    assert nomination.state == State.RETURNED and nomination.current_unit is None

    act(nomination, Action.SUBMIT, world.officer_a)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.current_unit, nomination.round) == (
        State.SUBMITTED,
        world.district,
        2,
    )

    act(nomination, Action.FORWARD, world.reviewer)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.current_unit) == (State.FORWARDED, world.province)

    act(nomination, Action.SELECT, world.editor)
    nomination.refresh_from_db()
    assert nomination.state == State.SELECTED and nomination.decided_at is not None

    reviews = list(
        Review.objects.filter(nomination=nomination).values_list(
            "round", "unit__code", "decision", "comment"
        )
    )
    assert reviews == [
        (1, "TV-CL", "return", "Thiếu ảnh hoạt động"),
        (2, "TV-CL", "forward", ""),
        (2, "TV", "select", ""),
    ]
    trail = list(
        Transition.objects.filter(nomination=nomination).values_list(
            "from_state", "to_state", "by__email"
        )
    )
    assert trail == [
        ("draft", "submitted", "officer_a@example.vn"),
        ("submitted", "returned", "reviewer@example.vn"),
        ("returned", "submitted", "officer_a@example.vn"),
        ("submitted", "forwarded", "reviewer@example.vn"),
        ("forwarded", "selected", "editor@example.vn"),
    ]


def test_return_and_reject_need_a_reason_and_change_nothing_without(world, make_nomination):
    nomination = make_nomination()
    act(nomination, Action.SUBMIT, world.officer_a)
    with pytest.raises(ValidationError) as error:
        act(nomination, Action.RETURN, world.reviewer, reason="   ")
    assert "reason" in error.value.message_dict
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED
    assert not Review.objects.filter(nomination=nomination).exists()


def test_submit_needs_a_photo(world, make_nomination):
    nomination = make_nomination(photo=False)
    with pytest.raises(ValidationError, match="photo"):
        act(nomination, Action.SUBMIT, world.officer_a)
    nomination.refresh_from_db()
    assert nomination.state == State.DRAFT and nomination.round == 0


def test_a_reviewer_acting_on_a_stale_page_gets_a_clear_conflict(world, make_nomination):
    nomination = make_nomination()
    act(nomination, Action.SUBMIT, world.officer_a)
    seen = Seen(state=State.SUBMITTED, unit_id=world.district.pk, round=1)
    second_reviewer = UserFactory(email="reviewer2@example.vn")
    grant(second_reviewer, world.district, Role.REVIEWER)
    transition_nomination(nomination, action=Action.FORWARD, by=world.reviewer, seen=seen)
    with pytest.raises(TransitionConflict, match="Someone else"):
        transition_nomination(
            nomination,
            action=Action.RETURN,
            by=second_reviewer,
            seen=seen,
            decision=Decision(reason="Không đạt"),
        )
    nomination.refresh_from_db()
    assert nomination.state == State.FORWARDED
    assert Review.objects.filter(nomination=nomination).count() == 1


def test_direct_route_goes_straight_to_the_issuing_unit(world, plan, make_nomination):
    plan.review_route = ReviewRoute.DIRECT
    plan.save()
    nomination = make_nomination()
    act(nomination, Action.SUBMIT, world.officer_a)
    nomination.refresh_from_db()
    assert nomination.current_unit == world.province


def test_levels_without_a_reviewer_are_skipped(world, make_nomination):
    officer_c = UserFactory(email="officer_c@example.vn")
    grant(officer_c, world.unit_c, Role.OFFICER)
    nomination = make_nomination(world.unit_c)
    act(nomination, Action.SUBMIT, officer_c)
    nomination.refresh_from_db()
    assert nomination.current_unit == world.province  # TP. Trà Vinh has no reviewer


def test_drafts_are_seen_by_the_unit_not_by_reviewers(world, make_nomination):
    nomination = make_nomination()

    def visible(user):
        return Nomination.objects.visible_to(user).filter(pk=nomination.pk).exists()

    assert visible(world.officer_a)
    assert not visible(world.reviewer)
    assert not visible(world.officer_b)
    act(nomination, Action.SUBMIT, world.officer_a)
    assert visible(world.reviewer) and visible(world.editor)
    assert not visible(world.officer_b)


# State × action × persona. Everything not listed here must be refused.
ALLOWED = {
    "draft": {
        "officer_a": {"submit", "withdraw"},
        "fed_admin": {"submit", "withdraw"},
        "sysadmin": {"submit", "withdraw"},
    },
    "submitted": {
        "officer_a": {"withdraw"},
        "fed_admin": {"withdraw"},
        "reviewer": {"forward", "return"},
        "sysadmin": {"withdraw", "forward", "return"},
    },
    "forwarded": {
        "officer_a": {"withdraw"},
        "fed_admin": {"withdraw"},
        "editor": {"return", "select", "reject"},
        "sysadmin": {"withdraw", "return", "select", "reject"},
    },
    "returned": {
        "officer_a": {"submit", "withdraw"},
        "fed_admin": {"submit", "withdraw"},
        "sysadmin": {"submit", "withdraw"},
    },
    "selected": {},
    "not_selected": {},
    "withdrawn": {},
}
PERSONAS = [
    "sysadmin",
    "fed_admin",
    "monitor",
    "editor",
    "reviewer",
    "officer_a",
    "officer_b",
    "outsider",
]


def bring_to(state, world, nomination):
    steps = {
        "draft": [],
        "submitted": [(Action.SUBMIT, world.officer_a)],
        "forwarded": [(Action.SUBMIT, world.officer_a), (Action.FORWARD, world.reviewer)],
        "returned": [(Action.SUBMIT, world.officer_a), (Action.RETURN, world.reviewer)],
        "selected": [
            (Action.SUBMIT, world.officer_a),
            (Action.FORWARD, world.reviewer),
            (Action.SELECT, world.editor),
        ],
        "not_selected": [
            (Action.SUBMIT, world.officer_a),
            (Action.FORWARD, world.reviewer),
            (Action.REJECT, world.editor),
        ],
        "withdrawn": [(Action.WITHDRAW, world.officer_a)],
    }[state]
    for action, user in steps:
        act(nomination, action, user)
    nomination.refresh_from_db()
    assert nomination.state == state
    return nomination


@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_state_action_persona_matrix(world, make_nomination, state, persona):
    nomination = bring_to(state, world, make_nomination())
    user = world.persona(persona)
    expected = ALLOWED[state].get(persona, set())
    assert set(allowed_actions(nomination, user)) == expected
    for action in Action.values:
        if action in expected:
            continue
        with pytest.raises((PermissionDenied, ValidationError)) as refusal:
            act(nomination, action, user)
        assert str(refusal.value)  # a reason the user can read
    nomination.refresh_from_db()
    assert nomination.state == state  # refused actions changed nothing
    for action in sorted(expected)[:1]:
        act(nomination, action, user)
        nomination.refresh_from_db()
        assert nomination.state != state
