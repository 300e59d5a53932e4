"""The plan page, read like the paper plan, and its actions: issue, close, copy."""

import datetime

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.plans.templatetags.plans_tags import vietnamese_long_date
from tests.otp import sign_in


def test_the_page_reads_like_the_official_document(login, world, draft):
    response = login(world.monitor).get(reverse("plans:detail", args=[draft.pk]))
    text = response.text
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH TRÀ VINH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 57/KH-LĐLĐ" in text
    assert "Trà Vinh, ngày 29 tháng 6 năm 2017" in text
    assert "KẾ HOẠCH" in text
    assert "Thực hiện Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017" in text
    assert "Lao động sản xuất" in text
    assert "Tiêu chí chung" in text and "at most 5 points" in text
    assert "30/11/2017" in text and "15/12/2017" in text
    assert "Draft" in text
    # Ordered like the document: header, title, bases, purposes, fields, criteria.
    order = ["Số: 57/KH-LĐLĐ", "KẾ HOẠCH", "Thực hiện Kế hoạch", "Nhân rộng", "Tiêu chí chung"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (datetime.date(2017, 6, 29), "ngày 29 tháng 6 năm 2017"),
        (datetime.date(2020, 2, 5), "ngày 05 tháng 02 năm 2020"),
        (datetime.date(2024, 12, 1), "ngày 01 tháng 12 năm 2024"),
        (None, "ngày … tháng … năm …"),
    ],
)
def test_vietnamese_long_date(day, written):
    assert vietnamese_long_date(day) == written


def test_planners_see_the_actions_of_a_draft_officers_do_not(login, world, draft, issued):
    page = login(world.monitor).get(reverse("plans:detail", args=[draft.pk])).text
    assert reverse("plans:issue", args=[draft.pk]) in page
    assert reverse("plans:edit", args=[draft.pk]) in page
    assert reverse("plans:copy", args=[draft.pk]) in page
    assert "New dossier" not in page
    issued.nomination_deadline = datetime.date.today() + datetime.timedelta(days=10)
    issued.save()
    page = login(world.officer_a).get(reverse("plans:detail", args=[issued.pk])).text
    assert f"{reverse('nominations:create')}?plan={issued.pk}" in page
    assert reverse("plans:issue", args=[issued.pk]) not in page
    assert reverse("plans:close", args=[issued.pk]) not in page
    assert reverse("plans:edit", args=[issued.pk]) not in page


def test_issue_confirms_with_the_number_of_units_then_queues_the_announcement(
    login, world, draft, django_capture_on_commit_callbacks
):
    client = login(world.monitor)
    url = reverse("plans:issue", args=[draft.pk])
    # The province reaches both districts and their three grassroots unions and the group.
    confirm = client.get(url)
    assert "The officers of 6 target units will be emailed." in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ISSUED
    queued = DBTaskResult.objects.filter(task_path="dienhinh.plans.tasks.announce_plan")
    assert queued.count() == 1
    assert queued.get().args_kwargs["args"] == [draft.pk]
    page = client.get(response["Location"])
    assert "Issued" in page.text
    # Issuing twice does nothing more.
    assert client.post(url).status_code == 302
    assert queued.count() == 1


def test_an_incomplete_chosen_target_plan_is_not_issued(login, world, draft):
    draft.target_mode = "chosen"
    draft.save()
    client = login(world.monitor)
    response = client.post(reverse("plans:issue", args=[draft.pk]), follow=True)
    assert "Choose at least one target unit." in response.text
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_close_an_issued_plan(login, world, issued):
    client = login(world.monitor)
    assert "takes no new dossiers" in client.get(reverse("plans:close", args=[issued.pk])).text
    client.post(reverse("plans:close", args=[issued.pk]))
    issued.refresh_from_db()
    assert issued.status == PlanStatus.CLOSED


def test_copy_to_next_year_opens_the_copy_for_editing(login, world, issued):
    client = login(world.monitor)
    url = reverse("plans:copy", args=[issued.pk])
    assert 'name="year" value="2018"' in client.get(url).text
    response = client.post(url, {"number": "12", "year": "2018"})
    copy = Plan.objects.get(year=2018)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:edit", args=[copy.pk])
    assert copy.status == PlanStatus.DRAFT and copy.reference == "12/KH-LĐLĐ"
    assert copy.nomination_deadline == datetime.date(2018, 11, 30)
    assert [c.text for c in copy.criteria.all()] == [c.text for c in issued.criteria.all()]
    # The same number again is refused on the form.
    response = client.post(url, {"number": "12", "year": "2018"})
    assert response.status_code == 200
    assert "This unit already has plan 12/KH-LĐLĐ in 2018." in response.text


def test_dossier_counts_per_state_only_count_what_the_user_sees(login, world, issued):
    def dossier(unit, state):
        return Nomination.objects.create(
            plan=issued,
            nominating_unit=unit,
            subject_kind="individual",
            full_name="Nguyễn Văn Mẫu",
            headline="Gương sáng",
            state=state,
            created_by=world.officer_a,
        )

    dossier(world.unit_a, State.DRAFT)
    dossier(world.unit_a, State.SUBMITTED)
    dossier(world.unit_a, State.SUBMITTED)
    dossier(world.unit_b, State.SUBMITTED)
    url = reverse("plans:detail", args=[issued.pk])
    response = login(world.officer_a).get(url)
    counts = {state: n for state, _label, n in response.context["dossier_counts"]}
    assert counts == {State.DRAFT: 1, State.SUBMITTED: 2}
    assert "Submitted" in response.text
    response = login(world.officer_b).get(url)
    counts = {state: n for state, _label, n in response.context["dossier_counts"]}
    assert counts == {State.SUBMITTED: 1}


def test_dossier_counts_follow_a_new_a_changed_and_a_deleted_dossier_at_once(login, world, issued):
    def dossier(state):
        return Nomination.objects.create(
            plan=issued,
            nominating_unit=world.unit_a,
            subject_kind="individual",
            full_name="Nguyễn Văn Mẫu",
            headline="Gương sáng",
            state=state,
            created_by=world.officer_a,
        )

    def counts():
        response = officer.get(url)
        return {state: n for state, _label, n in response.context["dossier_counts"]}

    url = reverse("plans:detail", args=[issued.pk])
    officer = login(world.officer_a)
    first = dossier(State.DRAFT)
    assert counts() == {State.DRAFT: 1}  # now cached for the officer's scope
    second = dossier(State.DRAFT)
    assert counts() == {State.DRAFT: 2}
    first.state = State.SUBMITTED
    first.save()
    assert counts() == {State.DRAFT: 1, State.SUBMITTED: 1}
    second.delete()
    assert counts() == {State.SUBMITTED: 1}


def test_who_sees_the_plan_follows_its_targets_and_status_at_once(login, world, issued):
    from dienhinh.plans.models import TargetMode

    url = reverse("plans:detail", args=[issued.pk])
    officer_a, officer_b = login(world.officer_a), login(world.officer_b)
    assert officer_b.get(url).status_code == 200  # now cached for the scope
    issued.target_mode = TargetMode.CHOSEN
    issued.save()
    issued.target_units.set([world.unit_a])
    assert officer_b.get(url).status_code == 404
    assert officer_a.get(url).status_code == 200
    issued.target_units.add(world.unit_b)
    assert officer_b.get(url).status_code == 200
    issued.status = PlanStatus.DRAFT
    issued.save()
    assert officer_a.get(url).status_code == 404 and officer_b.get(url).status_code == 404


def test_pages_render_in_the_default_language(world, draft, client):
    """Without the English cookie the pages come in Vietnamese, the default."""
    sign_in(client, world.monitor)
    for url in [
        reverse("plans:list"),
        reverse("plans:detail", args=[draft.pk]),
        reverse("plans:edit", args=[draft.pk]),
        reverse("plans:issue", args=[draft.pk]),
        reverse("plans:copy", args=[draft.pk]),
        reverse("plans:movement_list"),
        reverse("plans:movement_create"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "vi"
    assert "Số: 57/KH-LĐLĐ" in client.get(reverse("plans:detail", args=[draft.pk])).text


def test_a_plan_past_its_deadline_says_why_nothing_more_can_be_filed(login, world, issued):
    # make_plan's deadline is 30/11/2017: long passed.
    page = login(world.officer_a).get(reverse("plans:detail", args=[issued.pk])).text
    assert reverse("nominations:create") not in page
    assert "The nomination deadline of the plan 58/KH-LĐLĐ (30/11/2017) has passed." in page
    issued.nomination_deadline = datetime.date.today() + datetime.timedelta(days=3)
    issued.save()
    page = login(world.officer_a).get(reverse("plans:detail", args=[issued.pk])).text
    assert f"{reverse('nominations:create')}?plan={issued.pk}" in page
