"""The "waiting for me" inbox: rows, counts, bulk forward and return, returned dossiers."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination, Review, Transition
from dienhinh.plans.models import Plan, PlanStatus

from .conftest import move, pick

INBOX = reverse("nominations:inbox")
BULK = reverse("nominations:bulk")


def _rows(response) -> set[str]:
    return {n.subject_name for n in response.context["page_obj"]}


def _second_plan(world) -> Plan:
    return Plan.objects.create(
        issuing_unit=world.province,
        year=2018,
        number=12,
        title="Kế hoạch năm 2018",
        nomination_deadline=datetime.date.today() + datetime.timedelta(days=30),
        report_deadline=datetime.date.today() + datetime.timedelta(days=60),
        status=PlanStatus.ISSUED,
    )


def test_inbox_lists_what_waits_at_the_users_level_with_counts(world, login, make_nomination):
    other_plan = _second_plan(world)
    for name in ("Nguyễn Văn Một", "Nguyễn Văn Hai"):
        move(make_nomination(full_name=name), "submit", world.officer_a)
    third = make_nomination(full_name="Trần Văn Ba")
    Nomination.objects.filter(pk=third.pk).update(plan=other_plan)
    third.refresh_from_db()
    move(third, "submit", world.officer_a)
    upper = move(make_nomination(full_name="Lê Thị Bốn"), "submit", world.officer_a)
    move(upper, "forward", world.reviewer)
    make_nomination(full_name="Võ Văn Nháp")  # a draft waits for nobody

    response = login(world.reviewer).get(INBOX)
    assert _rows(response) == {"Nguyễn Văn Một", "Nguyễn Văn Hai", "Trần Văn Ba"}
    counts = {row["plan"].reference: row["count"] for row in response.context["by_plan"]}
    assert counts == {"57/KH-LĐLĐ": 2, "12/KH-LĐLĐ": 1}
    assert [(r["state"], r["count"]) for r in response.context["by_state"]] == [("submitted", 3)]
    html = response.content.decode()
    assert "3 dossiers wait for your review." in html
    assert "Plan 57/KH-LĐLĐ (2017): 2" in html and "Plan 12/KH-LĐLĐ (2018): 1" in html
    assert "if one is refused, the others still go ahead" in html

    editor_view = login(world.editor).get(INBOX)
    assert _rows(editor_view) == {"Lê Thị Bốn"}
    assert [(r["state"], r["count"]) for r in editor_view.context["by_state"]] == [("forwarded", 1)]
    assert _rows(login(world.officer_a).get(INBOX)) == set()
    assert _rows(login(world.monitor).get(INBOX)) == set()


def test_bulk_forward_of_three_with_one_refused(world, login, make_nomination):
    dossiers = [
        move(make_nomination(full_name=name), "submit", world.officer_a)
        for name in ("Nguyễn Văn Một", "Nguyễn Văn Hai", "Trần Văn Ba")
    ]
    picks = [pick(n) for n in dossiers]
    # Between loading the inbox and pressing the button, the unit withdraws the third one.
    move(dossiers[2], "withdraw", world.officer_a)

    response = login(world.reviewer).post(
        BULK, {"action": "forward", "pick": picks, "reason": "Hồ sơ đầy đủ"}, follow=True
    )
    html = response.content.decode()
    assert "2 dossiers forwarded." in html
    assert "1 refused (the others were not undone): Trần Văn Ba: Someone else has acted" in html
    states = {n.full_name: n.state for n in Nomination.objects.all()}
    assert states == {
        "Nguyễn Văn Một": State.FORWARDED,
        "Nguyễn Văn Hai": State.FORWARDED,
        "Trần Văn Ba": State.WITHDRAWN,
    }
    assert Review.objects.filter(decision="forward", comment="Hồ sơ đầy đủ").count() == 2


def test_bulk_refuses_a_dossier_the_reviewer_may_not_act_on(world, login, make_nomination):
    mine = move(make_nomination(full_name="Nguyễn Văn Một"), "submit", world.officer_a)
    upper = move(make_nomination(full_name="Lê Thị Bốn"), "submit", world.officer_a)
    move(upper, "forward", world.reviewer)
    response = login(world.reviewer).post(
        BULK, {"action": "forward", "pick": [pick(mine), pick(upper), "garbage"]}, follow=True
    )
    html = response.content.decode()
    assert "1 dossier forwarded." in html
    assert "2 refused" in html
    assert "Lê Thị Bốn: Only the reviewers of the unit now reviewing this dossier" in html
    assert "This selection is not valid." in html
    upper.refresh_from_db()
    assert upper.current_unit == world.province and upper.state == State.FORWARDED


def test_bulk_return_needs_one_reason_for_all(world, login, make_nomination):
    dossiers = [
        move(make_nomination(full_name=name), "submit", world.officer_a)
        for name in ("Nguyễn Văn Một", "Nguyễn Văn Hai")
    ]
    client = login(world.reviewer)
    response = client.post(
        BULK, {"action": "return", "pick": [pick(n) for n in dossiers]}, follow=True
    )
    assert "Give the reason for returning the selected dossiers." in response.content.decode()
    assert not Transition.objects.filter(action="return").exists()

    response = client.post(
        BULK,
        {"action": "return", "pick": [pick(n) for n in dossiers], "reason": "Thiếu minh chứng"},
        follow=True,
    )
    assert "2 dossiers returned." in response.content.decode()
    assert list(Transition.objects.filter(action="return").values_list("reason", flat=True)) == [
        "Thiếu minh chứng",
        "Thiếu minh chứng",
    ]


def test_bulk_cannot_reach_a_dossier_outside_the_scope(world, login, make_nomination):
    theirs = move(
        make_nomination(world.unit_b, full_name="Phạm Văn Bê", created_by=world.officer_b),
        "submit",
        world.officer_b,
    )
    response = login(world.officer_a).post(
        BULK, {"action": "return", "pick": [pick(theirs)], "reason": "x"}, follow=True
    )
    html = response.content.decode()
    assert "This dossier is not in your scope." in html and "Phạm Văn Bê" not in html
    theirs.refresh_from_db()
    assert theirs.state == State.SUBMITTED


def test_returned_to_my_unit_section(world, login, make_nomination):
    back = move(make_nomination(full_name="Nguyễn Văn Sửa"), "submit", world.officer_a)
    move(back, "return", world.reviewer, reason="Thiếu ảnh")
    other = move(
        make_nomination(world.unit_b, full_name="Phạm Văn Bê", created_by=world.officer_b),
        "submit",
        world.officer_b,
    )
    move(other, "return", world.reviewer, reason="Thiếu ảnh")

    response = login(world.officer_a).get(INBOX)
    assert "Returned to my unit" in response.content.decode()
    assert {n.subject_name for n in response.context["returned_page"]} == {"Nguyễn Văn Sửa"}
    reviewer_page = login(world.reviewer).get(INBOX).content.decode()
    assert "Returned to my unit" not in reviewer_page


def test_inbox_escapes_names(world, login, make_nomination):
    move(make_nomination(full_name="<script>alert(1)</script>"), "submit", world.officer_a)
    html = login(world.reviewer).get(INBOX).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _count_queries(client) -> int:
    client.get(INBOX)  # warm-up: the menu's cached count is filled on the first page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX).status_code == 200
    return len(queries)


def test_inbox_queries_do_not_grow_with_rows(
    world, login, make_nomination, django_assert_num_queries
):
    client = login(world.reviewer)
    officer_client = login(world.officer_a)
    move(make_nomination(full_name="Nguyễn Văn Một"), "submit", world.officer_a)
    back = move(make_nomination(full_name="Nguyễn Văn Sửa"), "submit", world.officer_a)
    move(back, "return", world.reviewer, reason="x")
    one = _count_queries(client)
    officer_one = _count_queries(officer_client)
    for name in ("Nguyễn Văn Hai", "Nguyễn Văn Ba"):
        move(make_nomination(full_name=name), "submit", world.officer_a)
    for name in ("Trần Văn Sửa", "Lê Văn Sửa"):
        move(
            move(make_nomination(full_name=name), "submit", world.officer_a),
            "return",
            world.reviewer,
            reason="x",
        )
    # Saved dossiers make the menu's cached count stale: it is counted again once.
    client.get(INBOX)
    officer_client.get(INBOX)
    with django_assert_num_queries(one):
        response = client.get(INBOX)
    assert len(response.context["page_obj"]) == 3
    with django_assert_num_queries(officer_one):
        response = officer_client.get(INBOX)
    assert len(response.context["returned_page"]) == 3
