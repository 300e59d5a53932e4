"""The report workflow: submission, return and resubmission, acceptance up three levels,
exemption and closing as missing, refused after the cut-off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.enums import ExemptReason, ReportState
from dienhinh.reports.expected import rollup_children, upper_unit
from dienhinh.reports.models import ReportStep
from dienhinh.reports.workflow import allowed_actions, transition_report


def make_overdue(plan):
    """Move the plan's deadline to yesterday, so that open reports may be closed as missing."""
    plan.report_deadline = datetime.date.today() - datetime.timedelta(days=1)
    plan.nomination_deadline = plan.report_deadline - datetime.timedelta(days=30)
    plan.save()


def test_the_tree_of_reporting_units(world, plan):
    assert rollup_children(plan, world.province) == [world.district, world.other_district]
    assert rollup_children(plan, world.district) == [world.unit_a, world.unit_b]
    # Union groups report only when the plan says so: unit A has no child by default.
    assert rollup_children(plan, world.unit_a) == []
    assert upper_unit(plan, world.unit_a) == world.district
    assert upper_unit(plan, world.district) == world.province


def test_a_level_that_does_not_report_is_skipped(world, plan):
    plan.reporting_kinds = ["grassroots"]
    plan.save()
    assert rollup_children(plan, world.province) == [world.unit_a, world.unit_b, world.unit_c]
    assert upper_unit(plan, world.unit_a) == world.province


def test_resubmission_keeps_the_first_time_and_the_earlier_version(world, plan, submit):
    report = submit(world.unit_a)
    first = report.first_submitted_at
    transition_report(report, action="return", by=world.reviewer, reason="Thiếu số liệu")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.reason == "Thiếu số liệu"
    save_narrative(report, by=world.officer_a, results="Đã bổ sung số liệu.")
    transition_report(report, action="submit", by=world.officer_a)
    report.refresh_from_db()
    assert report.first_submitted_at == first
    versions = list(report.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].results == "Đã tổ chức tuyên truyền."
    assert versions[1].results == "Đã bổ sung số liệu."
    assert report.last_version == versions[1]
    assert list(ReportStep.objects.filter(report=report).values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
    ]


def test_return_needs_a_reason(world, plan, submit):
    report = submit(world.unit_a)
    with pytest.raises(ValidationError):
        transition_report(report, action="return", by=world.reviewer, reason="  ")


def test_acceptance_goes_up_three_levels(world, plan, submit):
    district = submit(world.district, by=world.fed_admin)
    a = submit(world.unit_a)
    # Nobody below the district may accept its report, nor can the district accept before
    # its children are settled.
    with pytest.raises(PermissionDenied):
        transition_report(district, action="accept", by=world.reviewer)
    with pytest.raises(ValidationError, match="Still open"):
        transition_report(district, action="accept", by=world.monitor)
    transition_report(a, action="accept", by=world.reviewer)
    with pytest.raises(ValidationError, match="Trạm Y tế"):
        transition_report(district, action="accept", by=world.monitor)
    b = report_for(plan, world.unit_b)
    transition_report(b, action="exempt", by=world.monitor, exempt_reason=ExemptReason.MERGED)
    transition_report(district, action="accept", by=world.monitor)
    district.refresh_from_db()
    assert district.state == ReportState.ACCEPTED


def test_who_may_do_what(world, plan, submit):
    report = report_for(plan, world.unit_a)
    save_narrative(report, by=world.officer_a, results="x")
    assert "submit" in allowed_actions(report, world.officer_a)
    assert "submit" not in allowed_actions(report, world.officer_b)
    with pytest.raises(PermissionDenied):
        transition_report(report, action="submit", by=world.officer_b)
    with pytest.raises(PermissionDenied):
        save_narrative(report, by=world.officer_b, results="y")
    transition_report(report, action="submit", by=world.officer_a)
    report.refresh_from_db()
    # The province's monitor is not the upper unit of a grassroots union under a district.
    assert allowed_actions(report, world.monitor) == []
    assert set(allowed_actions(report, world.reviewer)) == {"accept", "return"}


def test_submission_after_the_cutoff_is_refused(world, plan):
    plan.report_deadline = datetime.date.today() - datetime.timedelta(days=20)
    plan.nomination_deadline = plan.report_deadline - datetime.timedelta(days=30)
    plan.save()
    report = report_for(plan, world.unit_a)
    save_narrative(report, by=world.officer_a, results="Muộn")
    with pytest.raises(ValidationError, match="has passed"):
        transition_report(report, action="submit", by=world.officer_a)


def test_a_report_received_by_email_counts_from_the_day_received(world, plan):
    report = report_for(plan, world.unit_b)
    day = datetime.date.today() - datetime.timedelta(days=1)
    from dienhinh.reports.workflow import Received

    transition_report(report, action="record_received", by=world.monitor, received=Received(day))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.received_on == day and report.first_submitted_at is None
    assert report.last_version.channel == "email"
    with pytest.raises(PermissionDenied):
        transition_report(
            report_for(plan, world.unit_a),
            action="record_received",
            by=world.reviewer,
            received=Received(day),
        )


def test_closing_as_missing_waits_for_the_deadline(world, plan):
    report = report_for(plan, world.unit_c)
    with pytest.raises(ValidationError, match="not due"):
        transition_report(report, action="close_missing", by=world.monitor)
    make_overdue(plan)
    with pytest.raises(ValidationError, match="reason"):
        transition_report(report, action="close_missing", by=world.monitor)
    transition_report(report, action="close_missing", by=world.monitor, reason="Không gửi báo cáo")
    report.refresh_from_db()
    assert report.state == ReportState.MISSING and report.reason == "Không gửi báo cáo"


def test_a_child_closed_as_missing_unblocks_the_parents_acceptance(world, plan, submit):
    district = submit(world.district, by=world.fed_admin)
    transition_report(submit(world.unit_a), action="accept", by=world.reviewer)
    b = report_for(plan, world.unit_b)
    # Unit B never reports: while its report is open the district cannot be accepted.
    with pytest.raises(ValidationError, match="Still open"):
        transition_report(district, action="accept", by=world.monitor)
    make_overdue(plan)
    with pytest.raises(ValidationError, match="Still open"):
        transition_report(district, action="accept", by=world.monitor)
    transition_report(b, action="close_missing", by=world.monitor, reason="Không gửi báo cáo")
    transition_report(district, action="accept", by=world.monitor)
    district.refresh_from_db()
    assert district.state == ReportState.ACCEPTED
