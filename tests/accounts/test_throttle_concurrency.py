"""A parallel burst of wrong passwords gets exactly the allowed number of tries: the throttle
checks and counts in one locked step (PostgreSQL, one connection per thread; SQLite runs
one writer at a time anyway)."""

import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from dienhinh.accounts.authentication import login_with_password
from dienhinh.core.models import RateCounter

BURST = 12


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_of_wrong_passwords_gets_no_extra_tries(world, fast_hasher, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are exercised on PostgreSQL")
    assert settings.LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS == 5
    start = threading.Barrier(BURST)
    outcomes: list[str] = []
    lock = threading.Lock()

    def guess(number: int) -> None:
        request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.9.0.1")
        try:
            start.wait(timeout=20)
            result = login_with_password(
                request, email=world.officer_a.email, password=f"guess-{number}"
            )
            with lock:
                outcomes.append("throttled" if result.retry_after else "checked")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["checked"] * 5 + ["throttled"] * (BURST - 5)
    pair = RateCounter.objects.get(key__startswith="login:pair:officer_a@example.vn|")
    assert pair.count == 5
