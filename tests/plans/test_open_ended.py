"""A plan without a nomination deadline takes dossiers until it is closed (plan 57 gives
none): submitting, the lists of open plans, the home panel, reminders and the API follow."""

import datetime

import pytest
from django.urls import reverse

from dienhinh.nominations.editing import open_plans, plan_closed_reason
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.reminders import reminder_moments, send_deadline_reminders
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.domain import close_plan
from tests.factories import make_nomination


@pytest.fixture
def open_ended(plan):
    plan.nomination_deadline = None
    plan.save()
    return plan


@pytest.fixture
def page_language():
    return "en"


def test_a_plan_without_deadline_takes_dossiers_until_closed(world, open_ended):
    dossier = make_nomination(open_ended, world.unit_a, by=world.officer_a)
    assert plan_closed_reason(open_ended) is None
    assert list(open_plans(world.officer_a)) == [open_ended]
    transition_nomination(dossier, action=Action.SUBMIT, by=world.officer_a)
    dossier.refresh_from_db()
    assert dossier.state != State.DRAFT
    close_plan(open_ended, by=world.monitor)
    open_ended.refresh_from_db()
    assert "closed" in plan_closed_reason(open_ended)
    assert list(open_plans(world.officer_a)) == []


def test_no_reminders_without_deadline(world, open_ended):
    make_nomination(open_ended, world.unit_a, by=world.officer_a)
    assert reminder_moments(open_ended) == []
    today = datetime.date.today()
    assert (
        sum(send_deadline_reminders(today=today + datetime.timedelta(days=d)) for d in (0, 1)) == 0
    )


def test_pages_and_api_say_open_until_closed(login, world, open_ended):
    client = login(world.officer_a)
    home = client.get(reverse("workspace:home")).text
    assert "open until the plan is closed" in home
    page = client.get(reverse("plans:detail", args=[open_ended.pk])).text
    assert "None: dossiers are taken until the plan is closed." in page
    assert f"{reverse('nominations:create')}?plan={open_ended.pk}" in page
    form = client.get(reverse("nominations:create") + f"?plan={open_ended.pk}").text
    assert "Nominations until the plan is closed." in form
    body = client.get(f"/api/v1/plans/{open_ended.pk}").json()
    assert body["nomination_deadline"] is None


def test_api_carries_the_document_and_copy_keeps_it(world, api_client):
    monitor = api_client(world.monitor)
    created = monitor.post(
        "/api/v1/plans",
        {
            "issuing_unit_id": world.province.pk,
            "year": 2026,
            "number": 5,
            "title": "Tuyên truyền điển hình tiên tiến",
            "report_deadline": "2026-12-15",
            "superior_name": "Tổng Liên đoàn Lao động Việt Nam",
            "recipients": "- Các cấp công đoàn;\n- Lưu VP, Ban CSPL.",
            "authority_line": "TM. BAN THƯỜNG VỤ",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Nguyễn Văn A",
            "sections": [
                {"heading": "", "body": "Thực hiện Kế hoạch số 09/KH-HĐTĐKT."},
                {"heading": "I. MỤC ĐÍCH YÊU CẦU", "body": "1. Nhân rộng.\n2. **Tôn vinh**."},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["nomination_deadline"] is None
    assert [s["heading"] for s in plan["sections"]] == ["", "I. MỤC ĐÍCH YÊU CẦU"]
    assert plan["signer_name"] == "Nguyễn Văn A"
    kept = plan["sections"][1]
    patched = monitor.patch(
        f"/api/v1/plans/{plan['id']}",
        {"sections": [{"id": kept["id"], "heading": "I. MỤC ĐÍCH", "body": "Một."}]},
        content_type="application/json",
    ).json()
    assert [(s["id"], s["heading"]) for s in patched["sections"]] == [(kept["id"], "I. MỤC ĐÍCH")]
    # A patch without sections keeps them.
    patched = monitor.patch(
        f"/api/v1/plans/{plan['id']}", {"title": "Kế hoạch mới"}, content_type="application/json"
    ).json()
    assert len(patched["sections"]) == 1
    copy = monitor.post(
        f"/api/v1/plans/{plan['id']}/copy", {"number": 6}, content_type="application/json"
    ).json()
    assert copy["year"] == 2027 and copy["nomination_deadline"] is None
    assert [s["body"] for s in copy["sections"]] == ["Một."]
    assert (copy["authority_line"], copy["recipients"]) == (
        "TM. BAN THƯỜNG VỤ",
        "- Các cấp công đoàn;\n- Lưu VP, Ban CSPL.",
    )
