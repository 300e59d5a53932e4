"""History on the objects' own pages: field changes of dossiers and plans (who, which field,
before → after) and the audit entries of dossiers, plans, units and users."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.accounts.domain import assign_role, issue_token
from dienhinh.accounts.models import Role
from dienhinh.core.context import Channel, acting_from
from dienhinh.nominations.enums import Action
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.workflow import Decision, transition_nomination
from dienhinh.orgs.domain import move_unit
from dienhinh.plans import editing
from dienhinh.plans.domain import issue_plan
from dienhinh.plans.models import Plan
from tests.nominations.pages_edit.test_create import dossier_post

DERIVED = ("search_text", "subject_key", "sort_name")


def field_history_of(html: str) -> str:
    start = html.index('<details class="field-history">')
    return html[start : html.index("</details>", start)]


def audit_history_of(html: str) -> str:
    start = html.index('<details class="audit-history">')
    return html[start : html.index("</details>", start)]


def test_an_edit_through_the_page_shows_who_changed_which_field(
    world, login, plan, make_nomination
):
    nomination = make_nomination()
    officer = login(world.officer_a)
    data = dossier_post(world, plan, headline="Tiêu đề mới", contact_phone="0294 111 222")
    data.pop("nominating_unit")
    response = officer.post(reverse("nominations:edit", args=[nomination.pk]), data)
    assert response.status_code == 302

    # Submitted, the reviewers see the same history.
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    page = login(world.reviewer).get(f"/dossiers/{nomination.pk}/")
    history = field_history_of(page.content.decode())
    assert "Nguyễn Thị An" in history  # who
    for label, before, after in [
        ("Headline", "Giáo viên dạy giỏi nhiều năm liền", "Tiêu đề mới"),
        ("Full name", "Nguyễn Thị Mai", "Nguyễn Thị Hồng"),
        ("Contact phone", "—", "0294 111 222"),
        ("Gender", "—", "Female"),
        ("Field", "—", "Lao động sản xuất"),
        ("Achievements", "—", "Nhiều năm liền đạt giáo viên giỏi."),
    ]:
        assert f'<td data-label="Changed information">{label}</td>' in history
        assert f'<td data-label="Before">{before}</td>' in history
        assert f'<td data-label="After">{after}</td>' in history
    # Derived columns are neither tracked nor shown, although they changed with the name.
    tracked = {field.name for field in Nomination.history.model._meta.get_fields()}
    assert not tracked & set(DERIVED)
    for name in DERIVED:
        assert name not in page.content.decode()
    assert "i:nguyen thi hong" not in history


def test_workflow_steps_stay_in_the_timeline_not_in_the_field_changes(
    world, login, make_nomination
):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    transition_nomination(
        nomination, action=Action.RETURN, by=world.reviewer, decision=Decision(reason="Sửa")
    )
    html = login(world.reviewer).get(f"/dossiers/{nomination.pk}/").content.decode()
    history = field_history_of(html)
    assert "Returned for revision" not in history and "State" not in history
    audit = audit_history_of(html)
    assert "Dossier: Submit" in audit and "Dossier: Return for revision" in audit
    assert "Submitted → Returned for revision" in audit and "Reason: Sửa" in audit


def test_the_address_shows_to_system_administrators_only(world, login, make_nomination):
    nomination = make_nomination()
    with acting_from(channel=Channel.WEB, address="203.113.7.99"):
        transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    url = f"/dossiers/{nomination.pk}/"
    assert "203.113.7.99" in audit_history_of(login(world.sysadmin).get(url).content.decode())
    for person in (world.officer_a, world.reviewer, world.monitor):
        audit = audit_history_of(login(person).get(url).content.decode())
        assert "Web page" in audit and "203.113.7.99" not in audit


def test_the_plan_page_shows_its_entries_and_field_changes(world, login, draft_plan):
    editing.update_plan(
        draft_plan,
        by=world.monitor,
        bases=[],
        fields=list(draft_plan.plan_fields.all()),
        criteria=list(draft_plan.criteria.all()),
        **{
            **editing.plan_values_for_form(draft_plan),
            "title": "Tuyên truyền gương điển hình năm 2026",
        },
    )
    issue_plan(Plan.objects.get(pk=draft_plan.pk), by=world.monitor)
    html = login(world.officer_a).get(f"/plans/{draft_plan.pk}/").content.decode()
    audit = audit_history_of(html)
    assert "Plan issued" in audit and "Draft → Issued" in audit and "Phạm Văn Dõi" in audit
    history = field_history_of(html)
    assert "Tuyên truyền điển hình tiên tiến năm 2026" in history
    assert "Tuyên truyền gương điển hình năm 2026" in history
    assert "Phạm Văn Dõi" in history


def test_the_unit_page_names_no_unit_of_another_branch(world, login):
    move_unit(world.unit_c, new_parent=world.district, by=world.sysadmin)
    url = f"/units/{world.unit_c.pk}/"
    seen_by_reviewer = audit_history_of(login(world.reviewer).get(url).content.decode())
    assert "Unit moved" in seen_by_reviewer
    assert "from — to Liên đoàn Lao động huyện Càng Long" in seen_by_reviewer
    assert "thành phố Trà Vinh" not in seen_by_reviewer
    seen_by_admin = audit_history_of(login(world.fed_admin).get(url).content.decode())
    assert (
        "from Liên đoàn Lao động thành phố Trà Vinh to Liên đoàn Lao động huyện Càng Long"
        in seen_by_admin
    )


def test_the_user_page_shows_only_entries_of_the_viewers_branch(world, login):
    for unit in (world.district, world.unit_c):
        assign_role(
            user=world.officer_b,
            unit=unit,
            role=Role.REVIEWER,
            covers_subtree=True,
            by=world.fed_admin,
        )
    issue_token(user=world.officer_b, name="Máy chấm điểm")
    url = f"/account/users/{world.officer_b.pk}/"

    def history(person) -> str:
        return audit_history_of(login(person).get(url).content.decode())

    assert "Liên đoàn Lao động huyện Càng Long" in history(world.reviewer)
    assert "Công ty Đồng Tâm" not in history(world.reviewer)
    assert "Máy chấm điểm" not in history(world.reviewer)
    assert "Công ty Đồng Tâm" in history(world.fed_admin)
    assert "Máy chấm điểm" in history(world.officer_b)
    assert "Máy chấm điểm" in history(world.sysadmin)


def test_the_dossier_and_plan_pages_cost_the_same_queries_with_more_history(
    world, login, make_nomination, draft_plan
):
    def dossier_with(rounds: int) -> Nomination:
        nomination = make_nomination()
        for number in range(rounds):
            transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
            transition_nomination(
                nomination, action=Action.RETURN, by=world.reviewer, decision=Decision(reason="r")
            )
            nomination.refresh_from_db()
            nomination.headline = f"Tiêu đề {number}"
            nomination.field = nomination.plan.plan_fields.first()
            nomination.save()
        return nomination

    def queries(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    page = login(world.reviewer)
    one, three = dossier_with(1), dossier_with(3)
    page.get(f"/dossiers/{one.pk}/")
    assert queries(page, f"/dossiers/{one.pk}/") == queries(page, f"/dossiers/{three.pk}/")

    plan_page = login(world.monitor)
    # Each page once first: what the plan page caches per scope (whether the plan is seen,
    # the dossier counts) is read again once after the plan changes.
    plan_page.get(f"/plans/{draft_plan.pk}/")
    before = queries(plan_page, f"/plans/{draft_plan.pk}/")
    for number in range(3):
        draft_plan.title = f"Kế hoạch {number}"
        draft_plan.save()
    plan_page.get(f"/plans/{draft_plan.pk}/")
    assert queries(plan_page, f"/plans/{draft_plan.pk}/") == before


def test_field_changes_name_movements_and_people_as_they_are_called_now(world, login, draft_plan):
    import datetime

    from dienhinh.core.history import changed_by
    from dienhinh.plans.models import Movement

    movement = Movement.objects.create(
        name="Lao động giỏi",
        kind="regular",
        launched_by=world.province,
        starts_on=datetime.date(2026, 1, 1),
    )
    plan = Plan.objects.get(pk=draft_plan.pk)
    changed_by(plan, world.monitor)
    plan.movement = movement
    plan.save()
    client = login(world.monitor)
    history = field_history_of(client.get(f"/plans/{plan.pk}/").text)
    assert '<td data-label="After">Lao động giỏi</td>' in history and "Phạm Văn Dõi" in history
    movement.name = "Thi đua yêu nước"
    movement.save()
    world.monitor.full_name = "Phạm Văn Mới"
    world.monitor.save()
    history = field_history_of(client.get(f"/plans/{plan.pk}/").text)
    assert '<td data-label="After">Thi đua yêu nước</td>' in history
    assert "Phạm Văn Mới" in history and "Phạm Văn Dõi" not in history
    world.monitor.full_name = ""
    world.monitor.save()
    history = field_history_of(client.get(f"/plans/{plan.pk}/").text)
    assert world.monitor.email in history
    plan.movement = None
    plan.save()
    gone = movement.pk
    movement.delete()  # the rows that named it now show its number
    history = field_history_of(client.get(f"/plans/{plan.pk}/").text)
    assert f'<td data-label="After">#{gone}</td>' in history
    assert f'<td data-label="Before">#{gone}</td>' in history


def test_an_object_page_shows_its_latest_50_entries_newest_first(world, login, draft_plan):
    from dienhinh.core.audit import record

    for n in range(51):
        record("plan.close", actor=world.monitor, target=draft_plan, reason=f"Lần {n:02d}")
    audit = audit_history_of(login(world.monitor).get(f"/plans/{draft_plan.pk}/").text)
    assert "(50+)" in audit and "The latest 50 entries are shown." in audit
    assert "Lần 50" in audit and "Lần 01" in audit and "Lần 00" not in audit
    assert audit.index("Lần 50") < audit.index("Lần 49")
    assert "Plan closed" in audit and "Phạm Văn Dõi" in audit
