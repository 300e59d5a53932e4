"""The report statuses behind the monitoring boards of a root, of its children and of
theirs (a country, a province, a district), kept as a few counted cells instead of a
CASE over every expected unit (130,000 for a country) on each read.

A cell (``StatusCell``) is the plan's expected units whose path starts with the same
three steps (a district and everything under it; a unit higher up has a cell of its own),
counted by depth, by emulation group (0: the plain count) and by what of the report does
not change with the clock: exempt, closed as missing, or neither with the local day it
counts from (first submitted, else received; none without a report). On time or late is
that day against the plan's last on-time day, missing or not yet due is the clock against
it: both derived at read time, so a deadline day ending, or the grace days changing, never
leaves a figure stale (nothing time-dependent is stored). Each root's child's cells are
also kept summed (level 2: a province's few hundred rows instead of its districts' tens of
thousands; the plain counts, not the groups'), summed again whenever one of its cells is
recounted; a root's board reads those, a province's and a district's the cells.

Kept by marks, not by running totals: which units are expected depends on the plan's
rules (kinds, targets, the deadline against the units' founding and closing dates), which
only the Python of reports.expected says. Database triggers (on reports, units and
memberships, every code path alike) append a ``StatusDirty`` mark for the cell they touch,
in the writing transaction, for the plans kept here (``StatusPlan``); a board read first
recomputes the marked cells under it from the records with that same Python rule (a
district's few hundred units) and deletes the marks, in a short transaction of its own,
then reads the cells. A submission therefore shows on the next read, with no batch.

Consistency: the recomputation of a plan's cells runs under a lock on its ``StatusPlan``
row (one at a time per plan) and after the marks are deleted, so it sees every write whose
mark it took (READ COMMITTED: each statement its own snapshot), and a write committed
later leaves a mark for the next read. A report's trigger share-locks its unit first, as
the record roll-up's do, so a report written while its unit moves files its mark under the
committed path. A plan not kept yet, or kept under other rules (its deadline, kinds or
targets changed), is counted whole on the read that finds it (the writers wait meanwhile:
a SHARE lock on the three tables, as reports.rollup.rebuild).
"""

# ruff: noqa: S608 -- made of the models' table names and this module's constants; values
# (plan, prefixes, paths) always go as parameters.

import datetime

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr, TruncDate

from dienhinh.orgs.models import EmulationGroupMember, OrgUnit
from dienhinh.plans.models import Plan, TargetMode
from dienhinh.plans.reporting import on_time_until
from dienhinh.reports.enums import ReportState, Timeliness
from dienhinh.reports.expected import expected_units
from dienhinh.reports.models import Report, StatusCell, StatusDirty, StatusPlan
from dienhinh.reports.timing import is_overdue

CELL = 3 * OrgUnit.steplen  # a cell: the first three steps of a path (a district)
SUM = 2 * OrgUnit.steplen  # level 2: a root's child's cells summed (a province)
TABLES = {
    "cell": StatusCell._meta.db_table,
    "dirty": StatusDirty._meta.db_table,
    "plan": StatusPlan._meta.db_table,
    "report": Report._meta.db_table,
    "unit": OrgUnit._meta.db_table,
    "member": EmulationGroupMember._meta.db_table,
}
_CELL_COLUMNS = "plan_id, level, prefix, depth, group_id, klass, day, n"


def answers(unit: OrgUnit) -> bool:
    """Whether the cells tell ``unit``'s children apart (the cells are finer than them)."""
    return len(unit.path) + OrgUnit.steplen <= CELL


def answers_totals(unit: OrgUnit) -> bool:
    """Whether the cells hold ``unit``'s subtree whole (group and month figures)."""
    return len(unit.path) <= CELL


# --- the triggers --------------------------------------------------------------------------

_UNIT_COLUMNS = ("path", "depth", "kind", "is_active", "valid_from", "valid_to")
_REPORT_COLUMNS = ("plan_id", "unit_id", "state", "first_submitted_at", "received_on")
_MEMBER_COLUMNS = ("group_id", "unit_id")


def _mark_report(row: str) -> str:
    return (
        f"INSERT INTO {TABLES['dirty']} (plan_id, prefix) SELECT s.plan_id, "
        f"substr(u.path, 1, {CELL}) FROM {TABLES['plan']} s, {TABLES['unit']} u "
        f"WHERE s.plan_id = {row}.plan_id AND u.id = {row}.unit_id;"
    )


def _mark_unit(row: str) -> str:
    return (
        f"INSERT INTO {TABLES['dirty']} (plan_id, prefix) SELECT s.plan_id, "
        f"substr({row}.path, 1, {CELL}) FROM {TABLES['plan']} s;"
    )


def _mark_member(row: str) -> str:
    return (
        f"INSERT INTO {TABLES['dirty']} (plan_id, prefix) SELECT s.plan_id, "
        f"substr(u.path, 1, {CELL}) FROM {TABLES['plan']} s, {TABLES['unit']} u "
        f"WHERE u.id = {row}.unit_id;"
    )


_TRIGGERS = {
    # name: (table, columns whose change matters, the mark of a row, the unit to lock)
    "reports_status_report": (TABLES["report"], _REPORT_COLUMNS, _mark_report, "unit_id"),
    "reports_status_unit": (TABLES["unit"], _UNIT_COLUMNS, _mark_unit, None),
    "reports_status_member": (TABLES["member"], _MEMBER_COLUMNS, _mark_member, "unit_id"),
}


def _distinct(vendor: str, columns) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


def install_sql(vendor: str) -> list[str]:
    statements = []
    for name, (table, columns, mark, lock) in _TRIGGERS.items():
        if vendor == "postgresql":

            def body(row, mark=mark, lock=lock):
                locked = (
                    f"PERFORM 1 FROM {TABLES['unit']} WHERE id = {row}.{lock} FOR SHARE; "
                    if lock
                    else ""
                )
                return locked + mark(row)

            function = (
                f"BEGIN IF TG_OP <> 'INSERT' THEN {body('OLD')} END IF; "
                f"IF TG_OP <> 'DELETE' THEN {body('NEW')} END IF; RETURN NULL; END"
            )
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $body$ {function} $body$",
                f"CREATE TRIGGER {name}_write AFTER INSERT OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()",
                f"CREATE TRIGGER {name}_change AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN ({_distinct(vendor, columns)}) EXECUTE FUNCTION {name}()",
            ]
        else:
            statements += [
                f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {mark('NEW')} END",
                f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {mark('OLD')} END",
                f"CREATE TRIGGER {name}_change AFTER UPDATE ON {table} "
                f"WHEN {_distinct(vendor, columns)} BEGIN {mark('OLD')} {mark('NEW')} END",
            ]
    return statements


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name}_{suffix} ON {table}"
            for name, (table, *_rest) in _TRIGGERS.items()
            for suffix in ("write", "change")
        ] + [f"DROP FUNCTION IF EXISTS {name}()" for name in _TRIGGERS]
    return [
        f"DROP TRIGGER IF EXISTS {name}_{suffix}"
        for name in _TRIGGERS
        for suffix in ("insert", "delete", "change")
    ]


def forget(cursor) -> None:
    """Keep no plan: each is counted again on its next board read."""
    for table in ("dirty", "cell", "plan"):
        cursor.execute(f"DELETE FROM {TABLES[table]}")


# --- counting cells from the records ---------------------------------------------------------


def rules_of(plan: Plan) -> str:
    """What decides who is expected, as a string to compare (one query for chosen
    targets)."""
    targets = ""
    if plan.target_mode != TargetMode.SUBTREE:
        targets = ",".join(str(pk) for pk in sorted(plan.target_units.values_list("pk", flat=True)))
    kinds = ",".join(sorted(plan.report_kinds or []))
    return f"{plan.report_deadline}|{kinds}|{plan.target_mode}|{plan.issuing_unit_id}|{targets}"


def _cells(plan: Plan, prefixes: list[str] | None, *, groups: bool):
    """The cells' rows counted from the units and their reports (all of the plan's, or
    those of ``prefixes``)."""
    among = None
    if prefixes is not None:
        # A cell is a district's subtree, or one unit higher up (its path is shorter).
        among = Q(pk__in=[])
        for prefix in prefixes:
            among |= Q(path__startswith=prefix) if len(prefix) == CELL else Q(path=prefix)
    units = expected_units(plan, among=among).order_by().annotate(cell=Substr("path", 1, CELL))
    units = units.annotate(
        plan_report=FilteredRelation("reports", condition=Q(reports__plan=plan)),
        klass=Case(
            When(plan_report__state=ReportState.EXEMPT, then=Value("exempt")),
            When(plan_report__state=ReportState.MISSING, then=Value("closed")),
            default=Value(""),
            output_field=CharField(),
        ),
        counted=Coalesce(TruncDate("plan_report__first_submitted_at"), "plan_report__received_on"),
    )
    if groups:
        units = units.filter(group_memberships__isnull=False).annotate(
            member=F("group_memberships__group_id")
        )
    else:
        units = units.annotate(member=Value(0))
    return units.values("cell", "depth", "member", "klass", "counted").annotate(n=Count("pk"))


def _insert_cells(cursor, plan: Plan, prefixes: list[str] | None) -> None:
    for groups in (False, True):
        sql, params = _cells(plan, prefixes, groups=groups).query.sql_with_params()
        cursor.execute(
            f"INSERT INTO {TABLES['cell']} ({_CELL_COLUMNS}) SELECT %s, 3, q.cell, q.depth, "
            f"q.member, q.klass, q.counted, q.n FROM ({sql}) q",
            [plan.pk, *params],
        )


def _sum_cells(cursor, plan: Plan, prefixes: list[str] | None) -> None:
    """The level-2 rows (a root's child's cells summed: what a root's board reads) of the
    root's children holding ``prefixes`` (all of them: None), summed again from the cells.
    The plain counts only: a group's members are few, its cells already few (and summing a
    province's group cells again on every recount cost more than reading them)."""
    where, params = "", []
    if prefixes is not None:
        keys = sorted({prefix[:SUM] for prefix in prefixes})
        marks = ", ".join(["%s"] * len(keys))
        cursor.execute(
            f"DELETE FROM {TABLES['cell']} WHERE plan_id = %s AND level = 2 "
            f"AND group_id = 0 AND prefix IN ({marks})",
            [plan.pk, *keys],
        )
        # A root's child's cells lie under its path; a root's own cell is its path alone.
        where = (
            " AND ("
            + " OR ".join("prefix LIKE %s" if len(key) == SUM else "prefix = %s" for key in keys)
            + ")"
        )
        params = [key + "%" if len(key) == SUM else key for key in keys]
    cursor.execute(
        f"INSERT INTO {TABLES['cell']} ({_CELL_COLUMNS}) SELECT plan_id, 2, "
        f"substr(prefix, 1, {SUM}), depth, group_id, klass, day, sum(n) FROM {TABLES['cell']} "
        f"WHERE plan_id = %s AND level = 3 AND group_id = 0{where} GROUP BY 1, 2, 3, 4, 5, 6, 7",
        [plan.pk, *params],
    )


def _lock_plan(cursor, plan_id: int) -> str | None:
    """One recomputation of a plan's cells at a time; the rules its cells were counted
    under."""
    suffix = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    cursor.execute(f"SELECT rules FROM {TABLES['plan']} WHERE plan_id = %s{suffix}", [plan_id])
    row = cursor.fetchone()
    return None if row is None else row[0]


def _count_plan(plan: Plan, rules: str) -> None:
    """Count the plan's cells whole under ``rules``."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Known first, and committed: from now on the triggers mark this plan's cells.
        cursor.execute(
            f"INSERT INTO {TABLES['plan']} (plan_id, rules) VALUES (%s, '') "
            "ON CONFLICT (plan_id) DO NOTHING",
            [plan.pk],
        )
    with transaction.atomic(), connection.cursor() as cursor:
        if _lock_plan(cursor, plan.pk) == rules:
            return  # another read counted it meanwhile
        if connection.vendor == "postgresql":
            # A write whose trigger ran before this plan was known has committed by then.
            tables = ", ".join(TABLES[t] for t in ("report", "unit", "member"))
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {TABLES['dirty']} WHERE plan_id = %s", [plan.pk])
        cursor.execute(f"DELETE FROM {TABLES['cell']} WHERE plan_id = %s", [plan.pk])
        _insert_cells(cursor, plan, None)
        _sum_cells(cursor, plan, None)
        cursor.execute(
            f"UPDATE {TABLES['plan']} SET rules = %s WHERE plan_id = %s", [rules, plan.pk]
        )


def _recount_marked(plan: Plan, path: str) -> None:
    """Recount the marked cells under ``path`` and drop their marks."""
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_plan(cursor, plan.pk)
        cursor.execute(
            f"DELETE FROM {TABLES['dirty']} WHERE plan_id = %s AND prefix LIKE %s RETURNING prefix",
            [plan.pk, path + "%"],
        )
        prefixes = sorted({prefix for (prefix,) in cursor.fetchall()})
        if not prefixes:
            return
        marks = ", ".join(["%s"] * len(prefixes))
        cursor.execute(
            f"DELETE FROM {TABLES['cell']} WHERE plan_id = %s AND level = 3 "
            f"AND prefix IN ({marks})",
            [plan.pk, *prefixes],
        )
        _insert_cells(cursor, plan, prefixes)
        _sum_cells(cursor, plan, prefixes)


def bring_up_to_date(plan: Plan, unit: OrgUnit) -> None:
    """Before reading ``unit``'s cells: the plan counted under its current rules and the
    marked cells under ``unit`` recounted (one query when nothing changed)."""
    rules = rules_of(plan)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.rules, EXISTS (SELECT 1 FROM {TABLES['dirty']} d WHERE d.plan_id = "
            f"s.plan_id AND d.prefix LIKE %s) FROM {TABLES['plan']} s WHERE s.plan_id = %s",
            [unit.path + "%", plan.pk],
        )
        row = cursor.fetchone()
    if row is None or row[0] != rules:
        _count_plan(plan, rules)
    elif row[1]:
        _recount_marked(plan, unit.path)


# --- reading ---------------------------------------------------------------------------------


def _day(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])  # SQLite: text


class _Clock:
    """Turns a cell's klass and day into a Timeliness, as reports.status.status_of."""

    def __init__(self, plan: Plan):
        self.last_on_time = on_time_until(plan)
        self.unsent = Timeliness.MISSING if is_overdue(plan) else Timeliness.NOT_YET_DUE

    def status(self, klass: str, day) -> str:
        if klass == "exempt":
            return Timeliness.EXEMPT
        if klass == "closed":
            return Timeliness.CLOSED
        if day is not None:
            return Timeliness.ON_TIME if day <= self.last_on_time else Timeliness.LATE
        return self.unsent


def statuses(plan: Plan, unit: OrgUnit, length: int, groups) -> tuple[list[dict], dict, list]:
    """``status_by_prefix`` and ``status_by_group`` in one statement (one snapshot, one
    round trip: a province's board is a score of queries on a loaded server), the clock
    applied in SQL as ``_Clock`` does in Python: a province's 2,600 cells by day and 4,000
    group cells came back as some 400 rows."""
    clock = _Clock(plan)
    status = (
        f"CASE WHEN klass = 'exempt' THEN '{Timeliness.EXEMPT}' "
        f"WHEN klass = 'closed' THEN '{Timeliness.CLOSED}' WHEN day IS NULL THEN %s "
        f"WHEN day <= %s THEN '{Timeliness.ON_TIME}' ELSE '{Timeliness.LATE}' END"
    )
    clocked = [str(clock.unsent), clock.last_on_time]
    month = "to_char(day, 'YYYY-MM')" if connection.vendor == "postgresql" else "substr(day, 1, 7)"
    level = 2 if length <= SUM else 3
    sql, params = groups.query.sql_with_params()
    like = unit.path + "%"
    cells = f"FROM {TABLES['cell']} WHERE plan_id = %s AND level = %s AND prefix LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 0, substr(prefix, 1, %s), depth, 0, {status}, NULL, CAST(sum(n) AS BIGINT) "
            f"{cells} AND group_id = 0 GROUP BY 2, 3, 5 UNION ALL "
            f"SELECT 1, NULL, 0, group_id, {status}, NULL, CAST(sum(n) AS BIGINT) "
            f"{cells} AND group_id IN ({sql}) GROUP BY 4, 5 UNION ALL "
            f"SELECT 2, NULL, 0, 0, NULL, {month}, CAST(sum(n) AS BIGINT) "
            f"{cells} AND group_id = 0 AND day IS NOT NULL GROUP BY 6",
            [
                length,
                *clocked,
                plan.pk,
                level,
                like,
                *clocked,
                plan.pk,
                3,
                like,
                *params,
                plan.pk,
                level,
                like,
            ],
        )
        found = cursor.fetchall()
    rows, months, by_group = [], {}, []
    for part, prefix, depth, group_id, status, month, n in found:
        if part == 0:
            rows.append({"prefix": prefix, "depth": depth, "status": status, "n": int(n)})
        elif part == 1:
            by_group.append({"member_of": group_id, "status": status, "n": int(n)})
        else:
            months[month] = int(n)
    return rows, months, by_group


def status_by_prefix(plan: Plan, unit: OrgUnit, length: int) -> tuple[list[dict], dict]:
    """As reports.monitoring.statuses.status_by_prefix, from the cells; and the reports by
    month ({month key: n}, the reports of the subtree's expected units by the day they
    count from: every report, as one is started only for a unit of the plan's reporting
    kinds). One query (after ``bring_up_to_date``)."""
    level = 2 if length <= SUM else 3
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT substr(prefix, 1, %s), depth, 0, klass, day, sum(n) FROM {TABLES['cell']} "
            "WHERE plan_id = %s AND level = %s AND group_id = 0 AND prefix LIKE %s "
            "GROUP BY 1, 2, 4, 5",
            [length, plan.pk, level, unit.path + "%"],
        )
        return _by_prefix(cursor.fetchall(), plan)


def _by_prefix(found, plan: Plan) -> tuple[list[dict], dict]:
    """Rows (prefix, depth, group, klass, day, n) as the statuses by prefix and the months."""
    clock = _Clock(plan)
    counts: dict[tuple, int] = {}
    months: dict[str, int] = {}
    for prefix, depth, _group, klass, day, n in found:
        day = _day(day)
        key = (prefix, depth, clock.status(klass, day))
        counts[key] = counts.get(key, 0) + int(n)
        if day is not None:
            month = f"{day.year:04d}-{day.month:02d}"
            months[month] = months.get(month, 0) + int(n)
    rows = [
        {"prefix": prefix, "depth": depth, "status": status, "n": n}
        for (prefix, depth, status), n in counts.items()
    ]
    return rows, months


def status_by_group(plan: Plan, unit: OrgUnit, groups) -> list[dict]:
    """As reports.monitoring.statuses.status_by_group, from the cells (one query)."""
    sql, params = groups.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT group_id, klass, day, sum(n) FROM {TABLES['cell']} WHERE plan_id = %s "
            f"AND level = 3 AND group_id IN ({sql}) AND prefix LIKE %s GROUP BY 1, 2, 3",
            [plan.pk, *params, unit.path + "%"],
        )
        return _by_group(cursor.fetchall(), plan)


def _by_group(found, plan: Plan) -> list[dict]:
    """Rows (group, klass, day, n) as the statuses by group."""
    clock = _Clock(plan)
    counts: dict[tuple, int] = {}
    for group_id, klass, day, n in found:
        key = (group_id, clock.status(klass, _day(day)))
        counts[key] = counts.get(key, 0) + int(n)
    return [{"member_of": g, "status": s, "n": n} for (g, s), n in counts.items()]
