"""The SQL of the monitoring roll-up (reports.rollup has the rule): the triggers that append
its deltas, on PostgreSQL and on SQLite, and the statements that count it from scratch.

Every delta is one grouped SELECT over the records (``_select``): over the row a trigger
sees (``NEW`` or ``OLD``, as a one-row subquery), over a moved unit's records, over the
records of a unit joining or leaving an emulation group, or over every record (the
rebuild). One template for all four, so they cannot disagree on a key.
"""

# ruff: noqa: S608 -- made of the models' table names and this module's constants only.

import datetime
import zoneinfo

from django.conf import settings

from dienhinh.activities.models import Activity
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroupMember, OrgUnit
from dienhinh.reports.models import RollupCount, RollupDelta

# A delta's prefix: the first three steps of the record's unit's path (a district; a unit
# higher up has its own path). The counts keep each delta at three levels: the first step
# (a root's whole subtree), two steps (a root's children; a province's whole subtree) and
# all three (a province's children), so no board sums more rows than it shows: a board's
# figures by child come from its children's level, its figures by field and month from its
# own level (the subtree whole, one row per field, state and month).
LEVELS = (1, 2, 3)
PREFIX = max(LEVELS) * OrgUnit.steplen
DOSSIER = "dossier"
GROUP = "g"  # what a group row says: "g" + "dossier" or the activity's kind
# What a child's totals row says: "t" + "dossier" or the activity's kind, with no field nor
# month (a province's children by field and month were 67,000 rows for a hundred lines).
TOTAL = "t"
COLUMNS = "plan_id, prefix, what, field_id, state, month, group_id, n, people"
KEY = "plan_id, prefix, what, field_id, state, month, group_id"
COUNT_COLUMNS = f"level, {COLUMNS}"
COUNT_KEY = f"level, {KEY}"

TABLES = {
    "count": RollupCount._meta.db_table,
    "delta": RollupDelta._meta.db_table,
    "nomination": Nomination._meta.db_table,
    "activity": Activity._meta.db_table,
    "unit": OrgUnit._meta.db_table,
    "member": EmulationGroupMember._meta.db_table,
}
_RECORDS = {
    # kind: (table, unit column, columns a trigger copies from its row)
    DOSSIER: (
        TABLES["nomination"],
        "nominating_unit_id",
        ("plan_id", "nominating_unit_id", "field_id", "state", "submitted_at"),
    ),
    "activity": (
        TABLES["activity"],
        "unit_id",
        ("plan_id", "unit_id", "kind", "held_on", "participants"),
    ),
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
    """YYYY-MM of ``column`` in local time, as the board's TruncMonth; '' for none."""
    if vendor == "postgresql":
        local = f"({column} AT TIME ZONE '{settings.TIME_ZONE}')" if timestamp else column
        return f"coalesce(to_char({local}, 'YYYY-MM'), '')"
    if timestamp:
        return f"coalesce(strftime('%Y-%m', {column}, '{_sqlite_offset()}'), '')"
    return f"coalesce(substr({column}, 1, 7), '')"


def _select(
    vendor: str,
    kind: str,
    *,
    sign: str = "1",
    source: str | None = None,
    where: str = "1 = 1",
    prefix: str | None = None,
    group: str | None = None,
) -> str:
    """The grouped delta rows of ``kind``'s records ``r`` (``source``: a table or a
    one-row subquery; the table by default) matching ``where``, times ``sign``, under
    ``prefix`` (by default the record's unit's). ``group``: None for the plain rows;
    "member" for one row per emulation group the unit belongs to; or the expression of
    one group's id (a membership's trigger)."""
    table, unit_column, _copied = _RECORDS[kind]
    source = source or table
    prefix = prefix or f"substr(u.path, 1, {PREFIX})"
    joins = f"JOIN {TABLES['unit']} u ON u.id = r.{unit_column}"
    group_id = "0"
    if group == "member":
        joins += f" JOIN {TABLES['member']} m ON m.unit_id = r.{unit_column}"
        group_id = "m.group_id"
    elif group is not None:
        group_id = group
    if kind == DOSSIER:
        what, people = f"'{DOSSIER}'", "0"
        field, month = "coalesce(r.field_id, 0)", _month(vendor, "r.submitted_at", timestamp=True)
        state = "r.state"
    else:
        what, people = "r.kind", f"{sign} * sum(r.participants)"
        field, month, state = "0", _month(vendor, "r.held_on", timestamp=False), "''"
        where = f"({where}) AND r.plan_id IS NOT NULL"
    if group is not None:  # a group's figures need no field nor month
        what, field, month = f"'{GROUP}' || {what}", "0", "''"
    return (
        f"SELECT r.plan_id, {prefix}, {what}, {field}, {state}, {month}, {group_id}, "
        f"{sign} * count(*), {people} FROM {source} r {joins} WHERE {where} "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def _insert(select: str) -> str:
    return f"INSERT INTO {TABLES['delta']} ({COLUMNS}) {select};"


def _row(kind: str, row: str) -> str:
    """The trigger's row (``NEW`` or ``OLD``) as a one-row subquery."""
    _table, _unit, copied = _RECORDS[kind]
    return "(SELECT " + ", ".join(f"{row}.{c} AS {c}" for c in copied) + ")"


def _record_body(vendor: str, kind: str, row: str, sign: str) -> list[str]:
    source = _row(kind, row)
    return [
        _insert(_select(vendor, kind, sign=sign, source=source)),
        _insert(_select(vendor, kind, sign=sign, source=source, group="member")),
    ]


def _unit_body(vendor: str) -> list[str]:
    """A unit whose prefix changed: its records' rows, plain and per group, leave the old
    prefix and join the new one."""
    statements = []
    for kind, (_table, unit_column, _copied) in _RECORDS.items():
        for row, sign in (("OLD", "-1"), ("NEW", "1")):
            prefix = f"substr({row}.path, 1, {PREFIX})"
            for group in (None, "member"):
                select = _select(
                    vendor,
                    kind,
                    sign=sign,
                    where=f"r.{unit_column} = NEW.id",
                    prefix=prefix,
                    group=group,
                )
                statements.append(_insert(select))
    return statements


def _member_body(vendor: str, row: str, sign: str) -> list[str]:
    """A unit joining (``NEW``, +) or leaving (``OLD``, −) a group: its records' rows of
    that group."""
    return [
        _insert(
            _select(
                vendor,
                kind,
                sign=sign,
                where=f"r.{unit_column} = {row}.unit_id",
                group=f"{row}.group_id",
            )
        )
        for kind, (_table, unit_column, _copied) in _RECORDS.items()
    ]


def _distinct(vendor: str, columns) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


def _prefix_changed(vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return f"substr(OLD.path, 1, {PREFIX}) {differs} substr(NEW.path, 1, {PREFIX})"


def _lock(row: str, column: str, mode: str) -> str:
    """PostgreSQL: lock the record's unit before reading anything, in its own statement,
    so the reads after it see what a move or membership change committed meanwhile (in
    READ COMMITTED each statement of a function takes a fresh snapshot)."""
    return f"PERFORM 1 FROM {TABLES['unit']} WHERE id = {row}.{column} FOR {mode};"


_TRIGGERS = {
    # name: (table, columns whose change matters)
    "reports_rollup_dossier": (TABLES["nomination"], _RECORDS[DOSSIER][2]),
    "reports_rollup_activity": (TABLES["activity"], _RECORDS["activity"][2]),
    "reports_rollup_member": (TABLES["member"], ("group_id", "unit_id")),
}
_KINDS = {"reports_rollup_dossier": DOSSIER, "reports_rollup_activity": "activity"}


def _bodies(vendor: str, name: str, row: str, sign: str) -> list[str]:
    if name in _KINDS:
        return _record_body(vendor, _KINDS[name], row, sign)
    return _member_body(vendor, row, sign)


def _postgres_lock(name: str, row: str) -> str:
    if name in _KINDS:
        return _lock(row, _RECORDS[_KINDS[name]][1], "SHARE")
    # A membership change waits for the unit's record writes, and they for it.
    return _lock(row, "unit_id", "NO KEY UPDATE")


def install_sql(vendor: str) -> list[str]:
    """The statements that create the triggers on ``vendor``."""
    unit = TABLES["unit"]
    statements = []
    if vendor == "postgresql":
        for name, (table, columns) in _TRIGGERS.items():
            old = [_postgres_lock(name, "OLD"), *_bodies(vendor, name, "OLD", "-1")]
            new = [_postgres_lock(name, "NEW"), *_bodies(vendor, name, "NEW", "1")]
            body = (
                f"BEGIN IF TG_OP <> 'INSERT' THEN {' '.join(old)} END IF; "
                f"IF TG_OP <> 'DELETE' THEN {' '.join(new)} END IF; RETURN NULL; END"
            )
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $body$ {body} $body$",
                f"CREATE TRIGGER {name}_write AFTER INSERT OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()",
                f"CREATE TRIGGER {name}_change AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN ({_distinct(vendor, columns)}) EXECUTE FUNCTION {name}()",
            ]
        return [
            *statements,
            "CREATE OR REPLACE FUNCTION reports_rollup_unit() RETURNS trigger LANGUAGE "
            f"plpgsql AS $body$ BEGIN {' '.join(_unit_body(vendor))} RETURN NULL; END $body$",
            f"CREATE TRIGGER reports_rollup_unit_move AFTER UPDATE OF path ON {unit} "
            f"FOR EACH ROW WHEN ({_prefix_changed(vendor)}) "
            "EXECUTE FUNCTION reports_rollup_unit()",
        ]
    for name, (table, columns) in _TRIGGERS.items():
        old, new = _bodies(vendor, name, "OLD", "-1"), _bodies(vendor, name, "NEW", "1")
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {' '.join(new)} END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {' '.join(old)} END",
            f"CREATE TRIGGER {name}_change AFTER UPDATE ON {table} "
            f"WHEN {_distinct(vendor, columns)} BEGIN {' '.join(old + new)} END",
        ]
    return [
        *statements,
        f"CREATE TRIGGER reports_rollup_unit_move AFTER UPDATE OF path ON {unit} "
        f"WHEN {_prefix_changed(vendor)} BEGIN {' '.join(_unit_body(vendor))} END",
    ]


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name}_{suffix} ON {table}"
            for name, (table, _columns) in _TRIGGERS.items()
            for suffix in ("write", "change")
        ] + [
            f"DROP TRIGGER IF EXISTS reports_rollup_unit_move ON {TABLES['unit']}",
            *(f"DROP FUNCTION IF EXISTS {name}()" for name in _TRIGGERS),
            "DROP FUNCTION IF EXISTS reports_rollup_unit()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name}_{suffix}"
        for name in _TRIGGERS
        for suffix in ("insert", "delete", "change")
    ] + ["DROP TRIGGER IF EXISTS reports_rollup_unit_move"]


def record_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of the dossiers' and activities' triggers on PostgreSQL."""
    return [
        (_TRIGGERS[name][0], f"{name}_{suffix}")
        for name in _KINDS
        for suffix in ("write", "change")
    ]


def rebuild_sql(vendor: str) -> list[str]:
    """Empty the roll-up and count every record again: the finest level from the records,
    each coarser one from it."""
    finest, *coarser = sorted(LEVELS, reverse=True)
    step = OrgUnit.steplen
    return [
        f"DELETE FROM {TABLES['delta']}",
        f"DELETE FROM {TABLES['count']}",
        *(
            f"INSERT INTO {TABLES['count']} ({COUNT_COLUMNS}) SELECT {finest}, q.* FROM "
            f"({_select(vendor, kind, group=group)}) q"
            for kind in _RECORDS
            for group in (None, "member")
        ),
        *(
            f"INSERT INTO {TABLES['count']} ({COUNT_COLUMNS}) SELECT {level}, plan_id, "
            f"substr(prefix, 1, {level * step}), what, field_id, state, month, group_id, "
            f"sum(n), sum(people) FROM {TABLES['count']} WHERE level = {finest} "
            "GROUP BY 3, 4, 5, 6, 7, 8, 2"
            for level in coarser
        ),
        # Every level's totals rows, from its plain rows.
        f"INSERT INTO {TABLES['count']} ({COUNT_COLUMNS}) SELECT level, plan_id, prefix, "
        f"'{TOTAL}' || what, 0, state, '', 0, sum(n), sum(people) FROM {TABLES['count']} "
        "WHERE group_id = 0 GROUP BY 1, 2, 3, 4, 6",
    ]
