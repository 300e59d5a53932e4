"""core.prepared: a query compiled once gives the rows the ORM gives, for every value and
list length; on PostgreSQL it is prepared on the server once per connection, prepared
again on a new connection (a restart, CONN_MAX_AGE), and not at all when
DATABASE_PREPARED_STATEMENTS is off (a pooler in transaction mode)."""

import pytest
from django.db import connection

from dienhinh.core.prepared import Prepared
from dienhinh.orgs.models import OrgUnit
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _units_by_id() -> Prepared:
    return Prepared(
        lambda ids: OrgUnit.objects.filter(pk__in=ids).order_by("code").values_list("code", "name")
    )


def _server_statements() -> list[str]:
    """The statements this connection prepared on the server (not through Django's
    cursor, so that the look itself is neither logged nor prepared)."""
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _ours(statements: list[str]) -> list[str]:
    return [s for s in statements if '"orgs_orgunit"."id" IN' in s]


@pytest.fixture
def units():
    root = make_unit("LĐLĐ thử", code="PRP-0", kind="province")
    return [root] + [make_unit(f"CĐCS {n}", parent=root, code=f"PRP-{n}") for n in (1, 2, 3)]


def test_the_rows_are_the_orms_for_each_value_and_length(units):
    query = _units_by_id()
    ids = [unit.pk for unit in units]
    for wanted in ([ids[2]], [ids[3], ids[1]], ids[1:], ids, [max(ids) + 1]):
        expected = list(
            OrgUnit.objects.filter(pk__in=wanted).order_by("code").values("code", "name")
        )
        assert query.rows(wanted) == expected
    assert len(query.rows(ids)) == 4


def test_each_run_is_one_logged_query(units, django_assert_num_queries):
    query = _units_by_id()
    query.rows([units[1].pk])
    with django_assert_num_queries(1) as captured:
        assert query.rows([units[2].pk]) == [{"code": "PRP-2", "name": "CĐCS 2"}]
    assert "orgs_orgunit" in captured.captured_queries[0]["sql"]


@pytest.mark.django_db(transaction=True)  # closes its connection: no test transaction
def test_on_postgresql_it_is_prepared_once_per_connection_and_again_on_a_new_one(units):
    if connection.vendor != "postgresql":
        pytest.skip("server-side statements are PostgreSQL's")
    query = _units_by_id()
    query.rows([units[1].pk])
    assert len(_ours(_server_statements())) == 1
    for n in (2, 3, 1):
        assert query.rows([units[n].pk]) == [{"code": f"PRP-{n}", "name": f"CĐCS {n}"}]
    assert len(_ours(_server_statements())) == 1, "one statement, run with new values"
    # What a restart or CONN_MAX_AGE leaves: a new connection, which knows no statement.
    connection.close()
    assert query.rows([units[0].pk]) == [{"code": "PRP-0", "name": "LĐLĐ thử"}]
    assert len(_ours(_server_statements())) == 1


def test_with_prepared_statements_off_nothing_is_prepared(units, settings):
    if connection.vendor != "postgresql":
        pytest.skip("server-side statements are PostgreSQL's")
    settings.DATABASE_PREPARED_STATEMENTS = False
    query = _units_by_id()
    assert query.rows([units[3].pk]) == [{"code": "PRP-3", "name": "CĐCS 3"}]
    assert _ours(_server_statements()) == []
