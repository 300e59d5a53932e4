"""Every state × action × persona on unit A's report (it reports to Càng Long): what is
allowed, and that everything else is refused with a reason and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.enums import ReportAction, ReportState
from dienhinh.reports.models import Report
from dienhinh.reports.workflow import Received, allowed_actions, transition_report

PEOPLE = ("sysadmin", "fed_admin", "monitor", "reviewer", "officer_a", "officer_b", "editor")
MONITORING = {"record_received", "exempt"}
# Who may do what on unit A's report in each state, by hand from reports/roles.py: the
# reviewer at Càng Long (the upper unit) accepts or returns; the province's monitor
# exempts, records emails and closes; officer A and the subtree admin write and submit.
ALLOWED = {
    ReportState.DRAFT: {
        "sysadmin": {"submit"} | MONITORING,
        "fed_admin": {"submit"},
        "monitor": MONITORING,
        "officer_a": {"submit"},
    },
    ReportState.SUBMITTED: {
        "sysadmin": {"accept", "return"},
        "reviewer": {"accept", "return"},
    },
    ReportState.RETURNED: {
        "sysadmin": {"submit"} | MONITORING,
        "fed_admin": {"submit"},
        "monitor": MONITORING,
        "officer_a": {"submit"},
    },
    ReportState.ACCEPTED: {},
    ReportState.EXEMPT: {},
    ReportState.MISSING: {"sysadmin": {"exempt"}, "monitor": {"exempt"}},
}


def bring_to(state, world, report: Report) -> Report:
    save_narrative(report, by=world.officer_a, results="Kết quả")
    if state == ReportState.DRAFT:
        return report
    if state == ReportState.EXEMPT:
        return transition_report(report, action="exempt", by=world.monitor, exempt_reason="merged")
    if state == ReportState.MISSING:
        Report.objects.filter(pk=report.pk).update(state=ReportState.MISSING)
        report.refresh_from_db()
        return report
    transition_report(report, action="submit", by=world.officer_a)
    if state == ReportState.RETURNED:
        transition_report(report, action="return", by=world.reviewer, reason="Bổ sung")
    if state == ReportState.ACCEPTED:
        transition_report(report, action="accept", by=world.reviewer)
    report.refresh_from_db()
    return report


def act(report, action, user):
    return transition_report(
        report,
        action=action,
        by=user,
        reason="Lý do",
        exempt_reason="merged",
        received=Received(datetime.date.today()),
    )


@pytest.mark.parametrize("state", ReportState.values)
def test_state_action_persona_matrix(world, plan, state):
    # One world per state, every persona on it (a world per pair costs a minute).
    report = bring_to(state, world, report_for(plan, world.unit_a))
    for persona in PEOPLE:
        user = world.persona(persona)
        expected = ALLOWED[state].get(persona, set())
        assert set(allowed_actions(report, user)) == expected, persona
        for action in ReportAction.values:
            if action in expected:
                continue
            with pytest.raises((PermissionDenied, ValidationError)) as refusal:
                act(report, action, user)
            assert str(refusal.value)
        report.refresh_from_db()
        assert report.state == state
    # Each allowed action does change the state (on a copy of the world per action would
    # cost too much: the first allowed one of the first persona who has any).
    for persona in PEOPLE:
        for action in sorted(ALLOWED[state].get(persona, ()))[:1]:
            act(report, action, world.persona(persona))
            report.refresh_from_db()
            assert report.state != state
            return
