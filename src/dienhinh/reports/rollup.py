"""The roll-up behind the monitoring boards of a root unit and of its children: the plan's
dossiers and activities counted per child, kept by the writes themselves, live and exact.

Why: a root's board counts a country's records (a million dossiers); the bare GROUP BY
alone takes seconds, and a province's tens of milliseconds. A delta is kept per *prefix*
(the first three steps of the record's unit path: a district; a unit higher up has its own
path), dossier field, state and month, activity kind and month; the counts
(``RollupCount``) hold every delta at two levels, the first two steps (a root's children:
a few thousand rows for a country) and all three (a province's children), so each board
sums about as many rows as it shows, whatever the number of records.

The same rows per emulation group of the record's unit (``group_id``) give the group
figures of a root's board, of its children's and of theirs (a group's members under a
prefix).

Kept by database triggers (reports.rollup_sql, installed by migration reports 0003), not by
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
UPDATE) moves its records' counts in its own trigger; a unit joining or leaving a group
adds or takes away its records' group rows in the membership's trigger. The record
triggers take a share lock on the record's unit first, so a record written while its
unit moves or changes groups waits for that and then files itself under what was
committed (PostgreSQL; SQLite has one writer at a time).
Closed units need nothing: the board counts a closed unit's records as it always did.

Months are local (settings.TIME_ZONE, as the board's TruncMonth). ``rebuild`` recomputes
everything from the records (``manage.py rollup_figures --rebuild``; after the national
generator's COPY, which runs with the triggers off).
"""

# ruff: noqa: S608 -- every statement here is made of the models' table names and the
# roll-up's constants; the values (plan, path, groups) always go as parameters.

import contextlib
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction

from dienhinh.activities.models import ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import PlanField
from dienhinh.reports import status_rollup
from dienhinh.reports.rollup_sql import (
    COLUMNS,
    COUNT_COLUMNS,
    COUNT_KEY,
    DOSSIER,
    GROUP,
    LEVELS,
    PREFIX,
    TABLES,
    rebuild_sql,
    record_triggers,
)

FOLD_AFTER = 500  # pending deltas a board read may leave before it queues a fold
_BATCH = 5_000  # deltas moved per transaction
_COUNT, _DELTA = TABLES["count"], TABLES["delta"]


def rebuild(using=None) -> int:
    """Count everything again from the records; returns the number of count rows. Writers
    wait meanwhile (PostgreSQL: a SHARE lock on the counted tables), so no change is
    counted twice or lost. The status cells are forgotten too (reports.status_rollup:
    each plan's are counted again on its next board read)."""
    conn = connection if using is None else using
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            tables = ", ".join(TABLES[t] for t in ("nomination", "activity", "unit", "member"))
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        for statement in rebuild_sql(conn.vendor):
            cursor.execute(statement)
        status_rollup.forget(cursor)
        cursor.execute(f"SELECT count(*) FROM {_COUNT}")
        return cursor.fetchone()[0]


@contextlib.contextmanager
def suspended():
    """For a bulk load (the national generator's COPY): the record triggers off on
    PostgreSQL while the rows go in (a million trigger calls would double the load's
    time), then everything counted again. Inside the loading transaction: the ALTER TABLE
    locks the tables until it ends, so no other writer goes uncounted meanwhile."""
    postgres = connection.vendor == "postgresql"
    # Not the status cells' (reports.status_rollup): a mark is cheap, none is made for a
    # plan not kept yet, and the rebuild forgets every plan anyway.
    triggers = record_triggers()
    with connection.cursor() as cursor:
        if postgres:
            for table, trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        try:
            yield
        finally:
            if postgres:
                # The loaded rows' foreign key checks (deferred to the commit) first: a
                # table with pending trigger events cannot be altered.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for table, trigger in triggers:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    rebuild()


_ADD = (
    f"INSERT INTO {_COUNT} ({COUNT_COLUMNS}) VALUES () ON CONFLICT ({COUNT_KEY}) "
    f"DO UPDATE SET n = {_COUNT}.n + excluded.n, people = {_COUNT}.people + excluded.people"
)


def fold() -> int:
    """Move the pending deltas into the counts; returns how many deltas it moved. Safe in
    several processes at once: each adds the deltas it deleted."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {_DELTA}")
        (last,) = cursor.fetchone()
    moved = 0
    while last is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {_DELTA} WHERE id IN (SELECT id FROM {_DELTA} "
                f"WHERE id <= %s ORDER BY id LIMIT %s) RETURNING {COLUMNS}",
                [last, _BATCH],
            )
            taken = cursor.fetchall()
            if not taken:
                break
            sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
            for plan_id, prefix, *key, n, people in taken:
                for level in LEVELS:  # one delta, added at every level
                    cut = prefix[: level * OrgUnit.steplen]
                    sums[(level, plan_id, cut, *key)][0] += n
                    sums[(level, plan_id, cut, *key)][1] += people
            # Sorted: two folds at once lock the count rows in one order (no deadlock).
            rows = sorted((*key, n, people) for key, (n, people) in sums.items())
            values = ", ".join([f"({', '.join(['%s'] * 10)})"] * len(rows))
            cursor.execute(
                _ADD.replace("VALUES ()", f"VALUES {values}"),
                [value for row in rows for value in row],
            )
            cursor.execute(f"DELETE FROM {_COUNT} WHERE n = 0 AND people = 0")
        moved += len(taken)
    return moved


def answers(unit: OrgUnit) -> bool:
    """Whether the roll-up holds ``unit``'s figures by child (a root's board, a
    province's)."""
    return len(unit.path) + OrgUnit.steplen <= PREFIX


def answers_groups(unit: OrgUnit) -> bool:
    """Whether it holds ``unit``'s group figures (its members lie under whole prefixes:
    a root, a child of one, or theirs)."""
    return len(unit.path) <= PREFIX


def _level(unit: OrgUnit) -> int:
    """The coarsest level that still tells ``unit``'s children apart (or holds its subtree
    whole, below that): the fewest rows to sum."""
    steps = len(unit.path) // OrgUnit.steplen + 1
    return next((level for level in sorted(LEVELS) if level >= steps), max(LEVELS))


def _queue_fold(pending: int) -> None:
    if pending < FOLD_AFTER or not cache.add("rollup-fold", 1, 60):
        return
    from dienhinh.reports.tasks import fold_rollup_task

    transaction.on_commit(lambda: fold_rollup_task.enqueue(), robust=True)


def _read(select: str, where: str, group_by: str, params: list, plan_id: int, unit) -> list:
    """``select`` (over ``t``) grouped by ``group_by``, over the counts and the pending
    deltas of the plan under ``unit`` that match ``where``, in one statement (one
    snapshot); its rows end with the number of pending deltas behind them, and a fold is
    queued when many are pending."""
    level = _level(unit)
    columns = COLUMNS.replace("prefix", f"substr(prefix, 1, {level * OrgUnit.steplen}) AS prefix")
    both = (
        f"SELECT 0 AS src, {COLUMNS} FROM {_COUNT} WHERE plan_id = %s AND level = {level} "
        f"AND prefix LIKE %s AND {where} UNION ALL "
        f"SELECT 1 AS src, {columns} FROM {_DELTA} WHERE plan_id = %s AND prefix LIKE %s "
        f"AND {where}"
    )
    sql = f"SELECT {select}, sum(t.src) FROM ({both}) t {group_by}"
    like = unit.path + "%"
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan_id, like, *params, plan_id, like, *params])
        # PostgreSQL's sum of bigints is a numeric: integers here, as the live counts.
        found = [
            tuple(int(v) if isinstance(v, Decimal) else v for v in row) for row in cursor.fetchall()
        ]
    _queue_fold(sum(row[-1] for row in found))
    return found


_GROUP_KINDS = ", ".join(f"'{GROUP}{kind}'" for kind in ActivityKind.values)
_KINDS = ", ".join(f"'{kind}'" for kind in ActivityKind.values)
_SELECTED = f"sum(CASE WHEN t.state = '{State.SELECTED}' THEN t.n ELSE 0 END)"


def dossiers(plan_id: int, unit: OrgUnit) -> list[dict]:
    """Rows {prefix, shared, month, n, selected} of the plan's dossiers (not withdrawn)
    under ``unit`` (a root or a province) by its children's prefixes, as the board's live
    GROUP BY gives them (one query)."""
    found = _read(
        f"t.prefix, f.shared_id, t.month, sum(t.n), {_SELECTED}",
        # group_id = 0 says nothing more (the group rows' ``what`` differs) but lets the
        # counts' index (plan, level, what, group, prefix) bound the prefix too.
        f"what = '{DOSSIER}' AND group_id = 0 AND state <> '{State.WITHDRAWN}'",
        f"LEFT JOIN {PlanField._meta.db_table} f ON f.id = t.field_id "
        "GROUP BY t.prefix, f.shared_id, t.month",
        [],
        plan_id,
        unit,
    )
    return [
        {"prefix": prefix, "shared": shared, "month": month or None, "n": n, "selected": sel}
        for prefix, shared, month, n, sel, _pending in found
        if n
    ]


def activities(plan_id: int, unit: OrgUnit) -> list[dict]:
    """Rows {prefix, kind, month, count, people} of the plan's activities under ``unit``
    (a root or a province) by its children's prefixes (one query)."""
    found = _read(
        "t.prefix, t.what, t.month, sum(t.n), sum(t.people)",
        f"what IN ({_KINDS}) AND group_id = 0",  # equalities: the index bounds the prefix
        "GROUP BY t.prefix, t.what, t.month",
        [],
        plan_id,
        unit,
    )
    return [
        {"prefix": prefix, "kind": kind, "month": month or None, "count": n, "people": people}
        for prefix, kind, month, n, people, _pending in found
        if n
    ]


def _in_groups(groups) -> tuple[str, list]:
    sql, params = groups.query.sql_with_params()
    return f"group_id IN ({sql})", list(params)


def group_dossiers(plan_id: int, unit: OrgUnit, groups) -> list[dict]:
    """Rows {member_of, n, selected} of the plan's dossiers (not withdrawn) of the members
    under ``unit`` of ``groups`` (a queryset of group ids), as the live query (one query)."""
    where, params = _in_groups(groups)
    found = _read(
        f"t.group_id, sum(t.n), {_SELECTED}",
        f"what = '{GROUP}{DOSSIER}' AND state <> '{State.WITHDRAWN}' AND {where}",
        "GROUP BY t.group_id",
        params,
        plan_id,
        unit,
    )
    return [{"member_of": group, "n": n, "selected": sel} for group, n, sel, _pending in found if n]


def group_activities(plan_id: int, unit: OrgUnit, groups) -> list[dict]:
    """Rows {kind, member_of, count, people} of the plan's activities of the members under
    ``unit`` of ``groups`` (one query)."""
    where, params = _in_groups(groups)
    found = _read(
        "t.what, t.group_id, sum(t.n), sum(t.people)",
        f"what IN ({_GROUP_KINDS}) AND {where}",
        "GROUP BY t.what, t.group_id",
        params,
        plan_id,
        unit,
    )
    return [
        {"kind": what[len(GROUP) :], "member_of": group, "count": n, "people": people}
        for what, group, n, people, _pending in found
        if n
    ]
