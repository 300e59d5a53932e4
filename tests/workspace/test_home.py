"""The workspace home: one panel per domain app, each only when it has something for the
person, each item one click from its action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dienhinh.nominations.workflow import Decision, transition_nomination

HOME = reverse("workspace:home")


@pytest.fixture
def page_language():
    return "en"


def move(nomination, action, user, reason=""):
    transition_nomination(nomination, action=action, by=user, decision=Decision(reason=reason))
    nomination.refresh_from_db()
    return nomination


def test_the_portal_and_the_login_lead_to_the_workspace(world, login, client):
    # The site root is the public portal; its header leads to the workspace.
    assert f'href="{HOME}"' in client.get("/").text
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    response = login(world.officer_a).get(HOME)
    assert "Hello, " in response.text


def test_an_officer_sees_the_returned_dossier_with_its_reason_and_the_open_plan(
    world, login, plan, make_nomination
):
    returned = move(make_nomination(full_name="Lê Văn Trả"), "submit", world.officer_a)
    move(returned, "return", world.reviewer, reason="Thiếu ảnh hoạt động & biên bản")
    page = login(world.officer_a).get(HOME).text
    assert "1 dossier was returned to your unit" in page
    assert reverse("nominations:edit", args=[returned.pk]) in page
    assert "Thiếu ảnh hoạt động &amp; biên bản" in page
    days = (plan.nomination_deadline - timezone.localdate()).days
    assert f"{days} days left (until {plan.nomination_deadline:%d/%m/%Y})" in page
    assert reverse("plans:detail", args=[plan.pk]) in page
    # Nothing waits for an officer's review, so that panel is not there at all.
    assert "wait for your review" not in page and "waits for your review" not in page
    # The sibling unit's officer sees neither the dossier nor its reason.
    sibling = login(world.officer_b).get(HOME).text
    assert "Lê Văn Trả" not in sibling and "Thiếu ảnh" not in sibling


def test_a_reviewer_sees_what_waits_oldest_first_with_its_age(world, login, make_nomination):
    older = move(make_nomination(full_name="Phan Văn Cũ"), "submit", world.officer_a)
    newer = move(make_nomination(full_name="Trịnh Thị Mới"), "submit", world.officer_a)
    older.__class__.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    page = login(world.reviewer).get(HOME).text
    assert "2 dossiers wait for your review" in page
    assert page.index("Phan Văn Cũ") < page.index("Trịnh Thị Mới")
    assert "waiting for 3\xa0days" in page
    assert reverse("nominations:detail", args=[newer.pk]) in page
    assert reverse("nominations:inbox") in page


def test_a_person_without_a_role_is_told_whom_to_ask(world, login):
    page = login(world.outsider).get(HOME).text
    assert "You have no role yet" in page
    assert "Where to start" not in page and "Plans open for nominations" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_home_page_does_not_grow_in_queries(
    world, login, make_nomination, count, django_assert_num_queries
):
    for number in range(count):
        dossier = move(make_nomination(full_name=f"Người {number}"), "submit", world.officer_a)
        move(dossier, "return", world.reviewer, reason=f"Lý do {number}")
    client = login(world.officer_a)
    client.get(HOME)  # warm the session
    # session, user, roles, recent decisions, top units, reports due (the plans, then the
    # reports already sent); the returned dossiers (with their return steps) and the open
    # plans are cached per scope under the generations of the rows they read
    with django_assert_num_queries(6):
        response = client.get(HOME)
    assert response.text.count("Lý do") == count


def test_an_officer_sees_the_latest_decisions_on_the_units_dossiers(world, login, make_nomination):
    forwarded = move(make_nomination(full_name="Võ Văn Tiến"), "submit", world.officer_a)
    move(forwarded, "forward", world.reviewer)
    page = login(world.officer_a).get(HOME).text
    assert "Recent decisions on your unit" in page
    assert "Võ Văn Tiến" in page and "Forwarded" in page
    assert reverse("nominations:detail", args=[forwarded.pk]) in page
    # Not the sibling unit's officer.
    assert "Võ Văn Tiến" not in login(world.officer_b).get(HOME).text


def test_the_open_plans_panel_follows_a_closed_and_a_reissued_plan_at_once(world, login, plan):
    from dienhinh.plans.models import PlanStatus

    officer = login(world.officer_a)
    detail = reverse("plans:detail", args=[plan.pk])
    assert detail in officer.get(HOME).text  # now cached for the officer's scope
    plan.status = PlanStatus.CLOSED
    plan.save()
    assert detail not in officer.get(HOME).text
    plan.status = PlanStatus.ISSUED
    plan.save()
    assert detail in officer.get(HOME).text


def test_the_waiting_panel_follows_each_kind_of_change_at_once(world, login, plan, make_nomination):
    first = move(make_nomination(full_name="Phan Văn Cũ"), "submit", world.officer_a)
    reviewer = login(world.reviewer)
    page = reviewer.get(HOME).text  # now cached for the reviewer's scope
    assert "1 dossier waits for your review" in page and "Phan Văn Cũ" in page
    # A plain save of the dossier (its name), with no transition.
    first.full_name = "Phan Văn Đổi Tên"
    first.save()
    page = reviewer.get(HOME).text
    assert "Phan Văn Đổi Tên" in page and "Phan Văn Cũ" not in page
    # Another dossier sent up.
    move(make_nomination(full_name="Trịnh Thị Mới"), "submit", world.officer_a)
    assert "2 dossiers wait for your review" in reviewer.get(HOME).text
    # The nominating unit renamed, the plan renumbered.
    world.unit_a.short_name = "CĐCS Đổi Tên"
    world.unit_a.save()
    plan.number = 58
    plan.save()
    page = reviewer.get(HOME).text
    assert "CĐCS Đổi Tên" in page and f"58/{plan.symbol}" in page
    # A dossier forwarded no longer waits here.
    move(first, "forward", world.reviewer)
    page = reviewer.get(HOME).text
    assert "1 dossier waits for your review" in page and "Phan Văn Đổi Tên" not in page


def test_the_returned_panel_follows_a_resubmission_and_a_second_return(
    world, login, make_nomination
):
    dossier = move(make_nomination(full_name="Lê Văn Trả"), "submit", world.officer_a)
    dossier = move(dossier, "return", world.reviewer, reason="Lý do lần một")
    officer = login(world.officer_a)
    assert "Lý do lần một" in officer.get(HOME).text  # now cached for the officer's scope
    dossier = move(dossier, "submit", world.officer_a)
    page = officer.get(HOME).text
    # (Its name stays in the panel of recent decisions.)
    assert "returned to your unit" not in page and "Lý do lần một" not in page
    move(dossier, "return", world.reviewer, reason="Lý do lần hai")
    page = officer.get(HOME).text
    assert "Lý do lần hai" in page and "Lý do lần một" not in page
