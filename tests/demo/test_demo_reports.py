"""The demo's plan 57 reports and activities: some on time, some late, some missing, one
exempt, one returned; meetings and a cluster seminar; nothing emailed for the 2017 history."""

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.plans.models import Plan
from dienhinh.reports.enums import ReportState, Timeliness
from dienhinh.reports.expected import rates
from dienhinh.reports.models import ReportStep
from dienhinh.reports.notifications import send_step_emails
from dienhinh.reports.status import plan_status


def test_plan_57_has_its_reports_and_activities(demo):
    plan = Plan.objects.get(number=57, year=2017)
    rows = plan_status(plan)
    by_code = {row.unit.code: row for row in rows}
    assert by_code["TV-CL-001"].status == Timeliness.ON_TIME
    assert by_code["TV-CL-001"].report.state == ReportState.ACCEPTED
    assert by_code["TV-CL-002"].status == Timeliness.LATE
    assert by_code["TV-CL-003"].report.state == ReportState.RETURNED
    assert by_code["TV-CL-004"].status == Timeliness.EXEMPT
    assert by_code["TV-CL-005"].report.received_on.isoformat() == "2017-12-14"
    assert by_code["TV-CL-006"].status == Timeliness.MISSING
    result = rates(plan, rows)
    assert 0 < result.reporting_rate < 100 and result.on_time <= result.reported
    kinds = sorted(Activity.objects.filter(plan=plan).values_list("kind", flat=True))
    assert kinds.count(ActivityKind.SEMINAR) == 1 and kinds.count(ActivityKind.MEETING) == 4
    seminar = Activity.objects.get(kind=ActivityKind.SEMINAR)
    assert seminar.group.name.startswith("Cụm thi đua số 1")
    # The history is recorded as notified: replaying its emails sends nothing.
    assert all(send_step_emails(step.pk) == 0 for step in ReportStep.objects.all())
    _plan_57_scores_are_finalised(plan)


def _plan_57_scores_are_finalised(plan) -> None:
    """Plan 57's scorecard (95 points and 5 bonus), finalised as version 1, with the
    self-score of coso1's union beside the official one; its emails recorded, never sent."""
    from decimal import Decimal

    from dienhinh.scoring.compute import compute_results
    from dienhinh.scoring.notifications import send_finalised_emails

    rubric = plan.rubric
    version = rubric.last_version
    assert (rubric.state, version.number) == ("finalised", 1)
    results = version.results
    assert results["rubric"]["max_total"] == "100.00"
    row = next(r for r in results["units"] if r["unit"]["code"] == "TV-CL-001")
    assert Decimal(row["self_total"]) > Decimal(row["official_total"]) > 0
    assert any(item["explanation"] for item in row["items"])
    assert {len(g["ranking"]) for g in results["groups"]} == {3, 6}
    assert len({r["class"] for r in results["units"]}) >= 3
    assert compute_results(rubric) == results  # nothing changed since
    assert send_finalised_emails(version.pk) == 0
