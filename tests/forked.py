"""Child processes that share the test's database, for the tests of real concurrency: forked
(they start at once with Django set up and the test's settings), each with its own
connection to the suite's PostgreSQL test database or, on SQLite, to a file copy of the
in-memory test database (``shared_database.copy()``)."""

import multiprocessing

import pytest
from django.db import connection, connections

# fork: the children start at once with Django set up, the test's settings and its database.
CONTEXT = multiprocessing.get_context("fork")


@pytest.fixture
def shared_database(tmp_path):
    """What the children connect to: the suite's test database on PostgreSQL; on SQLite a
    file copy made by ``copy()`` (the in-memory test database is this process's alone)."""

    class Shared:
        name = None

        def copy(self):
            if connection.vendor == "sqlite":
                self.name = str(tmp_path / "shared.sqlite3")
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM INTO %s", [self.name])
            connections.close_all()  # a child must not inherit an open PostgreSQL socket

    return Shared()


def _in_child(database, job, args, results):
    default = connections["default"]
    default.connection = None  # the parent's in-memory SQLite handle, never used here
    if database:
        default.settings_dict["NAME"] = database
    try:
        results.put(job(*args))
    finally:
        default.close()


def start(shared, job, *args):
    results = CONTEXT.Queue()
    child = CONTEXT.Process(target=_in_child, args=(shared.name, job, args, results))
    child.start()
    return child, results


def finish(started, timeout=120):
    values = [results.get(timeout=timeout) for _child, results in started]
    for child, _results in started:
        child.join(timeout=timeout)
        assert child.exitcode == 0
    return values
