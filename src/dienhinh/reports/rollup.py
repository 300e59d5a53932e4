"""The roll-up behind a root unit's monitoring board: the plan's dossiers and activities
counted per child of the root, kept by the writes themselves, live and exact.

Why: a root's board counts a country's records (a million dossiers); the bare GROUP BY
alone takes seconds. Its children are the units two steps down the tree, so the counts are
kept per *prefix* (the first two steps of the record's unit path; a root's own records
have the root's path), dossier field, state and month, activity kind and month: a few
thousand rows whatever the number of records (``RollupCount``).

Kept by database triggers (the SQL below, installed by migration reports 0003), not by
Python hooks: every write reaches them — the dossier workflow, editing, imports, erasure,
bulk inserts, ``QuerySet.update`` and treebeard's raw path updates alike — so the counts
cannot drift from the records whatever code path writes them. A trigger never updates a
shared count row: it appends signed ``RollupDelta`` rows (−1 under the old key, +1 under
the new) in the writing transaction, so writers never wait on a hot row. ``fold`` moves
the deltas into the counts (DELETE … RETURNING, as publishing.readings' flush: a delta is
deleted by one transaction only, so it is added exactly once). Readers sum the counts and
the pending deltas in one statement, hence one snapshot: a fold committing meanwhile is
seen entirely or not at all.

Moves: a unit whose path changes prefix (orgs.domain.move_unit, through treebeard's path
UPDATE) moves its records' counts in its own trigger. The record triggers take a share
lock on the record's unit, so a record written while its unit moves waits for the move
and then files itself under the new prefix (PostgreSQL; SQLite has one writer at a time).
Closed units need nothing: the board counts a closed unit's records as it always did.

Months are local (settings.TIME_ZONE, as the board's TruncMonth). ``rebuild`` recomputes
everything from the records (``manage.py rollup_figures --rebuild``; after the national
generator's COPY, which runs with the triggers off).
"""

# ruff: noqa: S608 -- every statement here is made of the models' table names and this
# module's constants; the values (plan, path) always go as parameters.

import contextlib
import datetime
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from dienhinh.activities.models import Activity
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import PlanField
from dienhinh.reports.models import RollupCount, RollupDelta

DEPTH = 1  # the roll-up answers the boards of units at this depth (the roots)
PREFIX = (DEPTH + 1) * OrgUnit.steplen
DOSSIER = "dossier"
FOLD_AFTER = 500  # pending deltas a board read may leave before it queues a fold
_BATCH = 5_000  # deltas moved per transaction
_COLUMNS = "plan_id, prefix, what, field_id, state, month, n, people"

_TABLES = {
    "count": RollupCount._meta.db_table,
    "delta": RollupDelta._meta.db_table,
    "nomination": Nomination._meta.db_table,
    "activity": Activity._meta.db_table,
    "unit": OrgUnit._meta.db_table,
    "planfield": PlanField._meta.db_table,
}


def _sqlite_offset() -> str:
    """The local zone's offset for SQLite's strftime (it has no zone database). The
    project's zone (Asia/Ho_Chi_Minh) keeps one offset all year; a zone that does not is
    refused rather than counted into the wrong month twice a year."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    year = datetime.date.today().year
    offsets = {
        datetime.datetime(year, month, 1, tzinfo=zone).utcoffset() for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        raise RuntimeError(f"the roll-up needs a zone without summer time: {settings.TIME_ZONE}")
    minutes = int(offsets.pop().total_seconds() // 60)
    return f"{minutes:+d} minutes"


def _month(vendor: str, column: str, *, timestamp: bool) -> str:
    if vendor == "postgresql":
        local = f"({column} AT TIME ZONE '{settings.TIME_ZONE}')" if timestamp else column
        return f"coalesce(to_char({local}, 'YYYY-MM'), '')"
    if timestamp:
        return f"coalesce(strftime('%Y-%m', {column}, '{_sqlite_offset()}'), '')"
    return f"coalesce(substr({column}, 1, 7), '')"


def _dossier_select(vendor: str, row: str, sign: int) -> str:
    """The delta of one dossier row (``NEW`` or ``OLD``) under its unit's prefix."""
    lock = " FOR SHARE OF u" if vendor == "postgresql" else ""
    month = _month(vendor, f"{row}.submitted_at", timestamp=True)
    return (
        f"INSERT INTO {_TABLES['delta']} ({_COLUMNS}) "
        f"SELECT {row}.plan_id, substr(u.path, 1, {PREFIX}), '{DOSSIER}', "
        f"coalesce({row}.field_id, 0), {row}.state, {month}, {sign}, 0 "
        f"FROM {_TABLES['unit']} u WHERE u.id = {row}.nominating_unit_id{lock};"
    )


def _activity_select(vendor: str, row: str, sign: int) -> str:
    lock = " FOR SHARE OF u" if vendor == "postgresql" else ""
    month = _month(vendor, f"{row}.held_on", timestamp=False)
    return (
        f"INSERT INTO {_TABLES['delta']} ({_COLUMNS}) "
        f"SELECT {row}.plan_id, substr(u.path, 1, {PREFIX}), {row}.kind, 0, '', {month}, "
        f"{sign}, {sign} * {row}.participants "
        f"FROM {_TABLES['unit']} u WHERE u.id = {row}.unit_id AND {row}.plan_id IS NOT NULL"
        f"{lock};"
    )


def _unit_moves(vendor: str, row: str, sign: int) -> list[str]:
    """The deltas that move (``sign``) the records of the unit whose path changed."""
    dossier_month = _month(vendor, "submitted_at", timestamp=True)
    activity_month = _month(vendor, "held_on", timestamp=False)
    prefix = f"substr({row}.path, 1, {PREFIX})"
    return [
        f"INSERT INTO {_TABLES['delta']} ({_COLUMNS}) "
        f"SELECT plan_id, {prefix}, '{DOSSIER}', coalesce(field_id, 0), state, "
        f"{dossier_month}, {sign} * count(*), 0 FROM {_TABLES['nomination']} "
        f"WHERE nominating_unit_id = NEW.id GROUP BY 1, 2, 3, 4, 5, 6;",
        f"INSERT INTO {_TABLES['delta']} ({_COLUMNS}) "
        f"SELECT plan_id, {prefix}, kind, 0, '', {activity_month}, {sign} * count(*), "
        f"{sign} * sum(participants) FROM {_TABLES['activity']} "
        f"WHERE unit_id = NEW.id AND plan_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;",
    ]


_DOSSIER_KEY = ("plan_id", "nominating_unit_id", "field_id", "state", "submitted_at")
_ACTIVITY_KEY = ("plan_id", "unit_id", "kind", "held_on", "participants")


def _changed(vendor: str, columns) -> str:
    same = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {same} NEW.{c}" for c in columns)


def _prefix_changed(vendor: str) -> str:
    same = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return f"substr(OLD.path, 1, {PREFIX}) {same} substr(NEW.path, 1, {PREFIX})"


def _sources(vendor: str):
    """(name, table, key columns, body on insert, on delete, on update) per trigger set."""
    return [
        (
            "reports_rollup_dossier",
            _TABLES["nomination"],
            _DOSSIER_KEY,
            [_dossier_select(vendor, "NEW", 1)],
            [_dossier_select(vendor, "OLD", -1)],
        ),
        (
            "reports_rollup_activity",
            _TABLES["activity"],
            _ACTIVITY_KEY,
            [_activity_select(vendor, "NEW", 1)],
            [_activity_select(vendor, "OLD", -1)],
        ),
    ]


def install_sql(vendor: str) -> list[str]:
    """The statements that create the triggers on ``vendor``."""
    statements = []
    moves = _unit_moves(vendor, "OLD", -1) + _unit_moves(vendor, "NEW", 1)
    unit = _TABLES["unit"]
    if vendor == "postgresql":
        for name, table, key, added, removed in _sources(vendor):
            body = (
                "BEGIN IF TG_OP <> 'INSERT' THEN "
                + " ".join(removed)
                + " END IF; IF TG_OP <> 'DELETE' THEN "
                + " ".join(added)
                + " END IF; RETURN NULL; END"
            )
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $body$ {body} $body$",
                f"CREATE TRIGGER {name}_write AFTER INSERT OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()",
                f"CREATE TRIGGER {name}_change AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN ({_changed(vendor, key)}) EXECUTE FUNCTION {name}()",
            ]
        statements += [
            "CREATE OR REPLACE FUNCTION reports_rollup_unit() RETURNS trigger "
            f"LANGUAGE plpgsql AS $body$ BEGIN {' '.join(moves)} RETURN NULL; END $body$",
            f"CREATE TRIGGER reports_rollup_unit_move AFTER UPDATE OF path ON {unit} "
            f"FOR EACH ROW WHEN ({_prefix_changed(vendor)}) "
            "EXECUTE FUNCTION reports_rollup_unit()",
        ]
        return statements
    for name, table, key, added, removed in _sources(vendor):
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {' '.join(added)} END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {' '.join(removed)} END",
            f"CREATE TRIGGER {name}_change AFTER UPDATE ON {table} "
            f"WHEN {_changed(vendor, key)} BEGIN {' '.join(removed + added)} END",
        ]
    statements.append(
        f"CREATE TRIGGER reports_rollup_unit_move AFTER UPDATE OF path ON {unit} "
        f"WHEN {_prefix_changed(vendor)} BEGIN {' '.join(moves)} END"
    )
    return statements


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name}_{suffix} ON {table}"
            for name, table, *_rest in _sources(vendor)
            for suffix in ("write", "change")
        ] + [
            f"DROP TRIGGER IF EXISTS reports_rollup_unit_move ON {_TABLES['unit']}",
            "DROP FUNCTION IF EXISTS reports_rollup_dossier()",
            "DROP FUNCTION IF EXISTS reports_rollup_activity()",
            "DROP FUNCTION IF EXISTS reports_rollup_unit()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name}_{suffix}"
        for name, *_rest in _sources(vendor)
        for suffix in ("insert", "delete", "change")
    ] + ["DROP TRIGGER IF EXISTS reports_rollup_unit_move"]


def _rebuild_sql(vendor: str) -> list[str]:
    dossier_month = _month(vendor, "n.submitted_at", timestamp=True)
    activity_month = _month(vendor, "a.held_on", timestamp=False)
    return [
        f"DELETE FROM {_TABLES['delta']}",
        f"DELETE FROM {_TABLES['count']}",
        f"INSERT INTO {_TABLES['count']} ({_COLUMNS}) "
        f"SELECT n.plan_id, substr(u.path, 1, {PREFIX}), '{DOSSIER}', "
        f"coalesce(n.field_id, 0), n.state, {dossier_month}, count(*), 0 "
        f"FROM {_TABLES['nomination']} n JOIN {_TABLES['unit']} u "
        "ON u.id = n.nominating_unit_id GROUP BY 1, 2, 3, 4, 5, 6",
        f"INSERT INTO {_TABLES['count']} ({_COLUMNS}) "
        f"SELECT a.plan_id, substr(u.path, 1, {PREFIX}), a.kind, 0, '', {activity_month}, "
        f"count(*), sum(a.participants) FROM {_TABLES['activity']} a "
        f"JOIN {_TABLES['unit']} u ON u.id = a.unit_id WHERE a.plan_id IS NOT NULL "
        "GROUP BY 1, 2, 3, 4, 5, 6",
    ]


def rebuild(using=None) -> int:
    """Count everything again from the records; returns the number of count rows. Writers
    wait meanwhile (PostgreSQL: a SHARE lock on the counted tables), so no change is
    counted twice or lost."""
    conn = connection if using is None else using
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"LOCK TABLE {_TABLES['nomination']}, {_TABLES['activity']}, "
                f"{_TABLES['unit']} IN SHARE MODE"
            )
        for statement in _rebuild_sql(conn.vendor):
            cursor.execute(statement)
        cursor.execute(f"SELECT count(*) FROM {_TABLES['count']}")
        return cursor.fetchone()[0]


def _record_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of the record triggers on PostgreSQL."""
    return [
        (table, f"{name}_{suffix}")
        for name, table, *_rest in _sources("postgresql")
        for suffix in ("write", "change")
    ]


@contextlib.contextmanager
def suspended():
    """For a bulk load (the national generator's COPY): the record triggers off on
    PostgreSQL while the rows go in (a million trigger calls would double the load's
    time), then everything counted again. Inside the loading transaction: the ALTER TABLE
    locks the tables until it ends, so no other writer goes uncounted meanwhile."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            for table, trigger in _record_triggers():
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        try:
            yield
        finally:
            if postgres:
                for table, trigger in _record_triggers():
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    rebuild()


_KEY = "plan_id, prefix, what, field_id, state, month"
_ADD = (
    f"INSERT INTO {_TABLES['count']} ({_COLUMNS}) VALUES () ON CONFLICT ({_KEY}) "
    f"DO UPDATE SET n = {_TABLES['count']}.n + excluded.n, "
    f"people = {_TABLES['count']}.people + excluded.people"
)


def fold() -> int:
    """Move the pending deltas into the counts; returns how many deltas it moved. Safe in
    several processes at once: each adds the deltas it deleted."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {_TABLES['delta']}")
        (last,) = cursor.fetchone()
    moved = 0
    while last is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {_TABLES['delta']} WHERE id IN (SELECT id FROM "
                f"{_TABLES['delta']} WHERE id <= %s ORDER BY id LIMIT %s) "
                f"RETURNING {_COLUMNS}",
                [last, _BATCH],
            )
            taken = cursor.fetchall()
            if not taken:
                break
            sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
            for *key, n, people in taken:
                sums[tuple(key)][0] += n
                sums[tuple(key)][1] += people
            # Sorted: two folds at once lock the count rows in one order (no deadlock).
            rows = sorted((*key, n, people) for key, (n, people) in sums.items())
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
            cursor.execute(
                _ADD.replace("VALUES ()", f"VALUES {values}"),
                [value for row in rows for value in row],
            )
            cursor.execute(f"DELETE FROM {_TABLES['count']} WHERE n = 0 AND people = 0")
        moved += len(taken)
    return moved


def answers(unit: OrgUnit) -> bool:
    """Whether the roll-up holds ``unit``'s board (a root's)."""
    return unit.depth == DEPTH


def _queue_fold(pending: int) -> None:
    if pending < FOLD_AFTER or not cache.add("rollup-fold", 1, 60):
        return
    from dienhinh.reports.tasks import fold_rollup_task

    transaction.on_commit(lambda: fold_rollup_task.enqueue(), robust=True)


def _both(select: str, what: str) -> str:
    """The counts and the pending deltas, as rows of one statement (``src`` tells them
    apart, to count the pending deltas)."""
    return (
        f"SELECT 0 AS src, {select} FROM {_TABLES['count']} WHERE plan_id = %s "
        f"AND prefix LIKE %s AND what {what} UNION ALL SELECT 1, {select} "
        f"FROM {_TABLES['delta']} WHERE plan_id = %s AND prefix LIKE %s AND what {what}"
    )


def _read(sql: str, plan_id: int, unit: OrgUnit) -> list[tuple]:
    """The rows of ``sql`` (its last column the pending deltas behind each row), queueing a
    fold when many are pending."""
    like = unit.path + "%"
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan_id, like, plan_id, like])
        found = cursor.fetchall()
    _queue_fold(sum(row[-1] for row in found))
    return found


def dossiers(plan_id: int, unit: OrgUnit) -> list[dict]:
    """Rows {prefix, shared, month, n, selected} of the plan's dossiers (not withdrawn)
    under the root ``unit``, as the board's live GROUP BY gives them (one query)."""
    inner = _both("prefix, field_id, state, month, n", f"= '{DOSSIER}'")
    sql = (
        "SELECT t.prefix, f.shared_id, t.month, sum(t.n), "
        f"sum(CASE WHEN t.state = '{State.SELECTED}' THEN t.n ELSE 0 END), sum(t.src) "
        f"FROM ({inner}) t LEFT JOIN {_TABLES['planfield']} f ON f.id = t.field_id "
        f"WHERE t.state <> '{State.WITHDRAWN}' GROUP BY t.prefix, f.shared_id, t.month"
    )
    return [
        {"prefix": prefix, "shared": shared, "month": month or None, "n": n, "selected": sel}
        for prefix, shared, month, n, sel, _pending in _read(sql, plan_id, unit)
        if n
    ]


def activities(plan_id: int, unit: OrgUnit) -> list[dict]:
    """Rows {prefix, kind, month, count, people} of the plan's activities under the root
    ``unit`` (one query)."""
    inner = _both("prefix, what, month, n, people", f"<> '{DOSSIER}'")
    sql = (
        "SELECT t.prefix, t.what, t.month, sum(t.n), sum(t.people), sum(t.src) "
        f"FROM ({inner}) t GROUP BY t.prefix, t.what, t.month"
    )
    return [
        {"prefix": prefix, "kind": kind, "month": month or None, "count": n, "people": people}
        for prefix, kind, month, n, people, _pending in _read(sql, plan_id, unit)
        if n
    ]
