"""The roll-up behind the monitoring boards of a root unit and of its children: the plan's
dossiers and activities counted per child, kept by the writes themselves, live and exact.

Why: a root's board counts a country's records (a million dossiers); the bare GROUP BY
alone takes seconds, and a province's tens of milliseconds. A delta is kept per *prefix*
(the first three steps of the record's unit path: a district; a unit higher up has its own
path), dossier field, state and month, activity kind and month; the counts
(``RollupCount``) hold every delta at three levels, the first step (a root's subtree
whole), the first two (a root's children; a province's subtree whole) and all three (a
province's children), and each plain delta again in its child's totals row (no field nor
month). A board reads its figures by child from its children's totals rows and its figures
by field and month from its own level's rows, so it sums about as many rows as it shows,
whatever the number of records (a province's figures by child, field and month together
were 67,000 rows for a hundred children at national scale).

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
    TOTAL,
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
            for plan_id, prefix, what, field_id, state, month, group_id, n, people in taken:
                keys = [(what, field_id, state, month, group_id)]
                if group_id == 0:  # a plain delta counts in its child's totals too
                    keys.append((TOTAL + what, 0, state, "", 0))
                for level in LEVELS:  # one delta, added at every level
                    cut = prefix[: level * OrgUnit.steplen]
                    for key in keys:
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


def _own_level(unit: OrgUnit) -> int:
    """The level that holds ``unit``'s subtree whole in one prefix (its own steps; for a
    unit of ``answers_groups``): the fewest rows for figures not told apart by child."""
    return min(len(unit.path) // OrgUnit.steplen, max(LEVELS))


def _queue_fold(pending: int) -> None:
    if pending < FOLD_AFTER or not cache.add("rollup-fold", 1, 60):
        return
    from dienhinh.reports.tasks import fold_rollup_task

    transaction.on_commit(lambda: fold_rollup_task.enqueue(), robust=True)


def _source(
    whats: list[str], where: str, params: list, plan_id: int, unit, *, level: int, totals=False
) -> tuple[str, list]:
    """The rows ``t`` to sum: the counts at ``level`` and the pending deltas of the plan
    under ``unit`` whose ``what`` is one of ``whats`` and that match ``where`` (with
    ``params``); ``src`` is 1 for a delta. ``totals``: the counts' totals rows (``TOTAL`` +
    what, no field nor month), the deltas named alike."""
    counted = [TOTAL + what for what in whats] if totals else whats
    columns = COLUMNS.replace("prefix", f"substr(prefix, 1, {level * OrgUnit.steplen}) AS prefix")
    if totals:
        columns = columns.replace(" what,", f" '{TOTAL}' || what AS what,")
    # Equalities (IN lists) only: the counts' index then bounds the prefix too.
    sql = (
        f"SELECT 0 AS src, {COLUMNS} FROM {_COUNT} WHERE plan_id = %s AND level = {level} "
        f"AND what IN ({_quoted(counted)}) AND prefix LIKE %s AND {where} UNION ALL "
        f"SELECT 1 AS src, {columns} FROM {_DELTA} WHERE plan_id = %s "
        f"AND what IN ({_quoted(whats)}) AND prefix LIKE %s AND {where}"
    )
    like = unit.path + "%"
    return sql, [plan_id, like, *params, plan_id, like, *params]


def _quoted(whats: list[str]) -> str:
    return ", ".join(f"'{what}'" for what in whats)


def _fetch(sql: str, params: list) -> list[tuple]:
    """Rows whose last column is the number of pending deltas behind them (one statement,
    hence one snapshot); a fold is queued when many are pending."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # PostgreSQL's sum of bigints is a numeric: integers here, as the live counts.
        found = [
            tuple(int(v) if isinstance(v, Decimal) else v for v in row) for row in cursor.fetchall()
        ]
    _queue_fold(sum(row[-1] for row in found))
    return found


_SELECTED = f"sum(CASE WHEN t.state = '{State.SELECTED}' THEN t.n ELSE 0 END)"
# group_id = 0 says nothing more for plain rows (the group rows' ``what`` differs) but lets
# the counts' index (plan, level, what, group, prefix) bound the prefix too. An activity's
# state is '' (never withdrawn).
_PLAIN = f"group_id = 0 AND state <> '{State.WITHDRAWN}'"
_WHATS = [DOSSIER, *ActivityKind.values]


def records(plan_id: int, unit: OrgUnit) -> dict[str, tuple[list[dict], list[dict]]]:
    """The plan's dossiers (not withdrawn) and activities under ``unit`` (a root or a
    province), as the board's live GROUP BYs sum them, in one statement (one snapshot: the
    figures by child and by month agree): "dossiers", rows {prefix, n, selected} by its
    children's prefixes and {shared, month, n, selected} by shared field and month, from
    the children's totals rows and ``unit``'s own level; "activities", rows {prefix, kind,
    count, people} and {kind, month, count, people}."""
    by_child, child_params = _source(
        _WHATS, _PLAIN, [], plan_id, unit, level=_level(unit), totals=True
    )
    by_own, own_params = _source(_WHATS, _PLAIN, [], plan_id, unit, level=_own_level(unit))
    sums = f"sum(t.n), {_SELECTED}, sum(t.people)"
    # The own half's pending deltas are the child half's again: counted once.
    sql = (
        f"SELECT 1, t.prefix, t.what, NULL, '', {sums}, sum(t.src) "
        f"FROM ({by_child}) t GROUP BY t.prefix, t.what UNION ALL "
        f"SELECT 2, NULL, t.what, f.shared_id, t.month, {sums}, 0 FROM ({by_own}) t "
        f"LEFT JOIN {PlanField._meta.db_table} f ON f.id = t.field_id "
        "GROUP BY t.what, f.shared_id, t.month"
    )
    found = {key: ([], []) for key in ("dossiers", "activities")}
    for part, prefix, what, shared, month, n, selected, people, _pending in _fetch(
        sql, [*child_params, *own_params]
    ):
        if not n:
            continue
        kind = what[len(TOTAL) :] if part == 1 else what
        month = month or None
        if kind == DOSSIER:
            rows = found["dossiers"]
            if part == 1:
                rows[0].append({"prefix": prefix, "n": n, "selected": selected})
            else:
                rows[1].append({"shared": shared, "month": month, "n": n, "selected": selected})
        else:
            rows = found["activities"]
            if part == 1:
                rows[0].append({"prefix": prefix, "kind": kind, "count": n, "people": people})
            else:
                rows[1].append({"kind": kind, "month": month, "count": n, "people": people})
    return found


def _in_groups(groups) -> tuple[str, list]:
    sql, params = groups.query.sql_with_params()
    return f"group_id IN ({sql})", list(params)


def group_records(plan_id: int, unit: OrgUnit, groups) -> tuple[list[dict], list[dict]]:
    """The plan's dossiers (not withdrawn) and activities of the members under ``unit`` of
    ``groups`` (a queryset of group ids), as the live queries: rows {member_of, n,
    selected} and {kind, member_of, count, people} (one query, at ``unit``'s own level)."""
    where, params = _in_groups(groups)
    where = f"state <> '{State.WITHDRAWN}' AND {where}"
    whats = [GROUP + what for what in _WHATS]
    rows, params = _source(whats, where, params, plan_id, unit, level=_own_level(unit))
    found = _fetch(
        f"SELECT t.what, t.group_id, sum(t.n), {_SELECTED}, sum(t.people), sum(t.src) "
        f"FROM ({rows}) t GROUP BY t.what, t.group_id",
        params,
    )
    dossiers, activities = [], []
    for what, group, n, selected, people, _pending in found:
        if not n:
            continue
        if what == GROUP + DOSSIER:
            dossiers.append({"member_of": group, "n": n, "selected": selected})
        else:
            activities.append(
                {"kind": what[len(GROUP) :], "member_of": group, "count": n, "people": people}
            )
    return dossiers, activities
