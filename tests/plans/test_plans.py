import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from dienhinh.accounts.models import Role
from dienhinh.plans.domain import close_plan, copy_plan, issue_plan
from dienhinh.plans.models import Criterion, Plan, PlanBasis, PlanField, PlanStatus, TargetMode
from tests.factories import UserFactory, grant


@pytest.fixture
def draft(world):
    plan = Plan.objects.create(
        issuing_unit=world.province,
        year=2017,
        number=57,
        title="Tuyên truyền điển hình",
        nomination_deadline=datetime.date(2017, 11, 30),
        report_deadline=datetime.date(2017, 12, 15),
    )
    PlanBasis.objects.create(plan=plan, text="Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017")
    PlanField.objects.create(plan=plan, name="Công tác, sản xuất")
    Criterion.objects.create(plan=plan, text="Có sáng kiến", max_points=5)
    return plan


def visible(plan, user) -> bool:
    return Plan.objects.visible_to(user).filter(pk=plan.pk).exists()


def test_reference_reads_like_the_paper_plan(draft):
    assert draft.reference == "57/KH-LĐLĐ"


def test_number_is_unique_per_issuer_and_year(world, draft):
    with pytest.raises(IntegrityError):
        Plan.objects.create(
            issuing_unit=world.province,
            year=2017,
            number=57,
            title="Khác",
            nomination_deadline=draft.nomination_deadline,
            report_deadline=draft.report_deadline,
        )


def test_a_draft_is_seen_only_at_the_issuer(world, draft):
    assert visible(draft, world.monitor) and visible(draft, world.fed_admin)
    assert not visible(draft, world.reviewer)
    assert not visible(draft, world.officer_a)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_issuing_reaches_the_targets_and_emails_each_officer_once(world, draft):
    both = UserFactory(email="both@example.vn")
    grant(both, world.unit_a, Role.OFFICER)
    grant(both, world.unit_b, Role.OFFICER)
    issue_plan(draft, by=world.monitor)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["both@example.vn", "officer_a@example.vn", "officer_b@example.vn"]
    assert "57/KH-LĐLĐ" in mail.outbox[0].subject
    assert visible(draft, world.officer_a) and visible(draft, world.reviewer)
    assert not visible(draft, world.outsider)


def test_chosen_targets_limit_who_sees_the_plan(world, draft):
    draft.target_mode = TargetMode.CHOSEN
    draft.save()
    draft.target_units.set([world.other_district])
    issue_plan(draft, by=world.monitor)
    officer_c = UserFactory(email="c@example.vn")
    grant(officer_c, world.unit_c, Role.OFFICER)
    assert visible(draft, officer_c)
    assert not visible(draft, world.officer_a)


def test_only_planners_of_the_issuer_issue_and_only_once(world, draft):
    with pytest.raises(PermissionDenied):
        issue_plan(draft, by=world.reviewer)
    with pytest.raises(PermissionDenied):
        issue_plan(draft, by=world.editor)
    issue_plan(draft, by=world.monitor)
    with pytest.raises(ValidationError, match="Only a draft"):
        issue_plan(draft, by=world.monitor)
    close_plan(draft, by=world.monitor)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.CLOSED


def test_copy_starts_next_years_draft_with_everything(world, draft):
    issue_plan(draft, by=world.monitor)
    copy = copy_plan(draft, by=world.monitor, number=12)
    assert (copy.year, copy.reference, copy.status) == (2018, "12/KH-LĐLĐ", PlanStatus.DRAFT)
    assert copy.nomination_deadline == datetime.date(2018, 11, 30)
    assert [b.text for b in copy.bases.all()] == ["Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017"]
    assert [f.name for f in copy.plan_fields.all()] == ["Công tác, sản xuất"]
    assert [(c.text, c.max_points) for c in copy.criteria.all()] == [("Có sáng kiến", 5)]
    with pytest.raises(ValidationError):
        copy_plan(draft, by=world.monitor, number=12)


def test_the_announcement_reaches_officers_by_smtp_in_vietnamese(world, draft, smtp_server):
    from django.utils import translation

    from dienhinh.core.mail import deliver_due
    from dienhinh.plans.tasks import announce_plan

    issue_plan(draft, by=world.monitor)
    with translation.override("vi"):
        sent = announce_plan.call(draft.pk)
    assert sent == 2
    assert deliver_due() == 2  # the outbox's task, as the worker runs it
    received = sorted((tuple(to), message["Subject"]) for to, message in smtp_server.messages)
    assert received == [
        (("officer_a@example.vn",), "Kế hoạch mới 57/KH-LĐLĐ: Tuyên truyền điển hình"),
        (("officer_b@example.vn",), "Kế hoạch mới 57/KH-LĐLĐ: Tuyên truyền điển hình"),
    ]
