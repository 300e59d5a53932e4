"""Two parallel requests with one key create one record (PostgreSQL, two connections): with
the same Idempotency-Key one acts and the other is told it is in progress or gets the first
answer; with the same form token (a double click) the second waits for the first and is
sent where it led."""

import re
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from dienhinh.activities.models import Activity
from dienhinh.core import once
from dienhinh.nominations.models import Nomination


def _in_parallel(send, clients) -> list:
    start = threading.Barrier(len(clients))
    answers = []

    def run(client):
        try:
            start.wait(timeout=10)
            answers.append(send(client))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.mark.django_db(transaction=True)
def test_two_parallel_requests_with_one_key_create_one_dossier(world, plan, api_client):
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once are exercised on PostgreSQL")
    body = {
        "plan_id": plan.pk,
        "unit_id": world.unit_a.pk,
        "subject_kind": "individual",
        "full_name": "Võ Thị Song Song",
        "field_id": plan.plan_fields.get().pk,
        "headline": "Gửi hai lần cùng lúc",
    }
    clients = [api_client(world.officer_a), api_client(world.officer_a)]
    answers = _in_parallel(
        lambda client: client.post(
            "/api/v1/nominations",
            data=body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="race-1",
        ),
        clients,
    )

    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409]), [a.content for a in answers]
    assert Nomination.objects.filter(full_name="Võ Thị Song Song").count() == 1
    created = [a for a in answers if a.status_code == 201]
    assert len({a.json()["id"] for a in created}) == 1
    if statuses == [201, 201]:
        assert sum(a.get("Idempotent-Replayed") == "true" for a in created) == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_form_creates_one_activity(world, plan, login):
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once are exercised on PostgreSQL")
    url = reverse("activities:create")
    page = login(world.officer_a).get(url).content.decode()
    token = re.findall(r'name="form_once" value="([^"]+)"', page)[-1]
    data = {
        "kind": "meeting",
        "unit": world.unit_a.pk,
        "title": "Sinh hoạt bấm hai lần",
        "held_on": "12/10/2017",
        "participants": "12",
        "plan": plan.pk,
        once.FIELD: token,
    }
    clients = [login(world.officer_a), login(world.officer_a)]
    answers = _in_parallel(lambda client: client.post(url, data), clients)

    assert sorted(a.status_code for a in answers) == [302, 303], [a.content for a in answers]
    assert len({a["Location"] for a in answers}) == 1
    assert Activity.objects.filter(title="Sinh hoạt bấm hai lần").count() == 1
