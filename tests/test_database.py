import os

from django.db import connection


def test_runs_on_the_database_the_harness_started(db):
    """The PostgreSQL run must really use PostgreSQL, not fall back to SQLite."""
    expected = os.environ.get("DIENHINH_TEST_DATABASE", "sqlite")
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            assert cursor.fetchone()[0]
