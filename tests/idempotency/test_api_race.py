"""Two parallel requests with the same Idempotency-Key create one dossier (PostgreSQL, two
connections): one acts, the other is told it is in progress or gets the first answer."""

import threading

import pytest
from django.db import connection, connections

from dienhinh.nominations.models import Nomination


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
    start = threading.Barrier(2)
    answers = []

    def send(client):
        try:
            start.wait(timeout=10)
            answers.append(
                client.post(
                    "/api/v1/nominations",
                    data=body,
                    content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY="race-1",
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409]), [a.content for a in answers]
    assert Nomination.objects.filter(full_name="Võ Thị Song Song").count() == 1
    created = [a for a in answers if a.status_code == 201]
    assert len({a.json()["id"] for a in created}) == 1
    if statuses == [201, 201]:
        assert sum(a.get("Idempotent-Replayed") == "true" for a in created) == 1
