"""Data built once for many tests, inside a transaction that is rolled back at the end.

Loading the demo province takes seconds; doing it for every test of a folder cost minutes of
the suite. ``kept_for(django_db_blocker)`` opens an outer transaction, lets the caller build
its data inside it, and rolls it back when the scope ends. Each test's own transaction (the
``db`` fixture) then nests inside it as a savepoint, so whatever a test changes is undone
before the next one, and what the scope built is seen by every test of that scope.

Only for tests on the ``db`` fixture: a ``transactional_db`` test empties the tables and
commits, which cannot happen inside the outer transaction, so such tests live elsewhere.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def kept_for(django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As Django's TestCase marks its own: code under test may open durable blocks.
        outer._from_testcase = True
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
