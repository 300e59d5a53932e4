"""Two reviewers acting on the same dossier at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection, connections

from dienhinh.accounts.models import Role
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.models import Nomination, Review, Transition
from dienhinh.nominations.workflow import Decision, Seen, TransitionConflict, transition_nomination
from tests.factories import UserFactory, grant


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_exactly_one_wins(world, make_nomination):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between two connections are exercised on PostgreSQL")
    second = UserFactory(email="reviewer2@example.vn")
    grant(second, world.district, Role.REVIEWER)
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    seen = Seen(state=State.SUBMITTED, unit_id=world.district.pk, round=1)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, user, action, reason):
        try:
            start.wait(timeout=10)
            transition_nomination(
                Nomination.objects.get(pk=nomination.pk),
                action=action,
                by=user,
                seen=seen,
                decision=Decision(reason=reason),
            )
            outcomes[name] = "won"
        except TransitionConflict as conflict:
            outcomes[name] = f"conflict: {conflict.messages[0]}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=("forward", world.reviewer, Action.FORWARD, "")),
        threading.Thread(target=act, args=("return", second, Action.RETURN, "Thiếu ảnh")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["conflict", "won"]
    loser = next(o for o in outcomes.values() if o.startswith("conflict"))
    assert "Someone else has acted" in loser or "Người khác" in loser or "người khác" in loser
    nomination.refresh_from_db()
    winner = next(name for name, o in outcomes.items() if o == "won")
    expected = State.FORWARDED if winner == "forward" else State.RETURNED
    assert nomination.state == expected
    assert Review.objects.filter(nomination=nomination).count() == 1
    assert Transition.objects.filter(nomination=nomination).count() == 2  # submit + winner
