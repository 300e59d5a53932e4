"""A national data set for the benchmarks, written in bulk: at scale 1, about 130,000 units
under 34 provincial federations, 1,000,000 dossiers, 130,000 reports and 200,000 activities
on one national plan, with 20 emulation clusters per province and 10 national blocks.

Rows go in with COPY on PostgreSQL and with executemany on SQLite, by explicit ids, skipping
the model layer (no save(), no history rows, no audit): this is benchmark data, not a demo
anyone browses. ``scale`` shrinks every count alike (0.01 is a small smoke test).
"""

import datetime
import random
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.core.text import collation_key, fold
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit, UnitKind
from dienhinh.plans.models import Plan, PlanField, PlanStatus
from dienhinh.reports import rollup, status_rollup
from dienhinh.reports.enums import ReportState
from dienhinh.reports.models import Report

PROVINCES = 34
FIELDS = [
    "Lao động sản xuất",
    "Dạy tốt, học tốt",
    "Thầy thuốc như mẹ hiền",
    "Xây dựng nông thôn mới",
    "Sáng kiến cải tiến kỹ thuật",
    "Học tập và làm theo Bác",
    "Giỏi việc nước, đảm việc nhà",
    "Văn hóa, thể thao",
]
STATES = [State.DRAFT, State.SUBMITTED, State.FORWARDED, State.RETURNED, State.SELECTED]
STATES += [State.NOT_SELECTED, State.WITHDRAWN]
YEAR = 2025
DEADLINE = datetime.date(2025, 12, 15)


def _default(field, now):
    """What a column left out of a row holds, ready for the database (computed once)."""
    if field.has_default():
        value = field.get_default()
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    elif field.null:
        value = None
    else:
        value = ""  # blank text and file fields
    return field.get_db_prep_save(value, connection)


def insert(model, rows: Iterable[dict], *, batch: int = 20_000) -> int:
    """Write ``rows`` (field attnames → values, ids included) into ``model``'s table:
    COPY on PostgreSQL, executemany elsewhere. Fields left out take their defaults."""
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    now = timezone.now()
    # The columns a row leaves out take their prepared default, computed once.
    defaults: dict[str, object] = {}

    def value(field, row: dict):
        if field.attname in row:
            return field.get_db_prep_save(row[field.attname], connection)
        if field.attname not in defaults:
            defaults[field.attname] = _default(field, now)
        return defaults[field.attname]

    def values(row: dict) -> list:
        return [value(field, row) for field in fields]

    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
                    written += 1
            return written
        marks = ", ".join(["%s"] * len(fields))
        # Table and column names come from the model, quoted; values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        chunk = []
        for row in rows:
            chunk.append(values(row))
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _reset_sequences(models) -> None:
    """After writing explicit ids, the id sequences continue past them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _step(number: int) -> str:
    alphabet, step = OrgUnit.alphabet, OrgUnit.steplen
    digits = ""
    for _ in range(step):
        number, rest = divmod(number, len(alphabet))
        digits = alphabet[rest] + digits
    return digits


def _unit(pk, path, kind, code, name, numchild, **extra) -> dict:
    return {
        "id": pk,
        "path": path,
        "depth": len(path) // OrgUnit.steplen,
        "numchild": numchild,
        "kind": kind,
        "code": code,
        "name": name,
        "search_text": fold(f"{name} {code}"),
        "sort_name": collation_key(name),
        **extra,
    }


def generate(*, scale: float = 1.0, seed: int = 2025, log=print) -> dict:
    """Write the data set (see the module docstring); returns the plan, the root, one
    province and the counts written."""
    rng = random.Random(seed)
    districts_per_province = max(2, round(110 * scale**0.5))
    grassroots_per_district = max(2, round(34 * scale**0.5))
    n_dossiers = max(50, round(1_000_000 * scale))
    n_activities = max(20, round(200_000 * scale))
    counts: dict[str, int] = {}
    with transaction.atomic():
        top = OrgUnit.objects.get_last_root_node()
        root_step = (int(top.path[: OrgUnit.steplen], 36) + 1) if top else 1
        unit_id = _next_id(OrgUnit)
        root_path = _step(root_step)
        root_id = unit_id
        tag = f"N{root_step}"
        units = [
            _unit(
                root_id,
                root_path,
                UnitKind.NATIONAL,
                tag,
                "Tổng Liên đoàn Lao động Việt Nam",
                PROVINCES,
                short_name="Tổng LĐLĐ",
            )
        ]
        grassroots: list[tuple[int, str, int]] = []  # id, path, province number
        districts: list[tuple[int, str]] = []
        provinces: list[int] = []
        next_id = root_id + 1
        for p in range(1, PROVINCES + 1):
            p_path = root_path + _step(p)
            p_id = next_id
            next_id += 1
            provinces.append(p_id)
            units.append(
                _unit(
                    p_id,
                    p_path,
                    UnitKind.PROVINCE,
                    f"{tag}-P{p:02d}",
                    f"Liên đoàn Lao động tỉnh số {p}",
                    districts_per_province,
                    short_name=f"LĐLĐ tỉnh {p}",
                )
            )
            for d in range(1, districts_per_province + 1):
                d_path = p_path + _step(d)
                d_id = next_id
                next_id += 1
                districts.append((d_id, d_path))
                kind = UnitKind.COMMUNE if d % 3 else UnitKind.INDUSTRY
                units.append(
                    _unit(
                        d_id,
                        d_path,
                        kind,
                        f"{tag}-P{p:02d}-D{d:03d}",
                        f"Công đoàn xã số {d} tỉnh {p}"
                        if kind == UnitKind.COMMUNE
                        else f"Công đoàn ngành số {d} tỉnh {p}",
                        grassroots_per_district,
                    )
                )
                for g in range(1, grassroots_per_district + 1):
                    g_path = d_path + _step(g)
                    g_id = next_id
                    next_id += 1
                    grassroots.append((g_id, g_path, p))
                    extra = {}
                    if rng.random() < 0.01:  # closed mid-period: not expected unless it reports
                        extra = {"is_active": False, "valid_to": DEADLINE - datetime.timedelta(40)}
                    units.append(
                        _unit(
                            g_id,
                            g_path,
                            UnitKind.GRASSROOTS,
                            f"{tag}-P{p:02d}-D{d:03d}-G{g:03d}",
                            f"Công đoàn cơ sở số {g} xã {d} tỉnh {p}",
                            0,
                            **extra,
                        )
                    )
        counts["units"] = insert(OrgUnit, units)
        log(f"units: {counts['units']}")
        root = OrgUnit.objects.get(pk=root_id)

        plan = Plan.objects.create(
            issuing_unit=root,
            year=YEAR,
            number=57,
            symbol="KH-TLĐ",
            title="Tuyên truyền các điển hình tiên tiến toàn quốc",
            issued_on=datetime.date(2025, 3, 1),
            nomination_deadline=datetime.date(2025, 10, 31),
            report_deadline=DEADLINE,
            status=PlanStatus.ISSUED,
        )
        fields = [PlanField.objects.create(plan=plan, name=name) for name in FIELDS]

        # Emulation clusters of the year: 20 per province, of its grassroots units.
        group_id, member_id = _next_id(EmulationGroup), _next_id(EmulationGroupMember)
        groups, members = [], []
        by_province: dict[int, list[int]] = {}
        for g_id, _path, p in grassroots:
            by_province.setdefault(p, []).append(g_id)
        for p, unit_ids in by_province.items():
            for c in range(20):
                name = f"Cụm thi đua số {c + 1} tỉnh {p}"
                groups.append(
                    {
                        "id": group_id,
                        "name": name,
                        "kind": "cluster",
                        "year": YEAR,
                        "organizer_id": provinces[p - 1],
                        "sort_name": collation_key(name),
                        "search_text": fold(name),
                    }
                )
                for u in unit_ids[c::20]:
                    members.append({"id": member_id, "group_id": group_id, "unit_id": u})
                    member_id += 1
                group_id += 1
        # National blocks of the Tổng LĐLĐ: ten, each with one grassroots union in ten.
        for b in range(10):
            name = f"Khối thi đua số {b + 1} toàn quốc"
            groups.append(
                {
                    "id": group_id,
                    "name": name,
                    "kind": "block",
                    "year": YEAR,
                    "organizer_id": root_id,
                    "sort_name": collation_key(name),
                    "search_text": fold(name),
                }
            )
            for g_id, _path, _p in grassroots[b::100]:
                members.append({"id": member_id, "group_id": group_id, "unit_id": g_id})
                member_id += 1
            group_id += 1
        counts["groups"] = insert(EmulationGroup, groups)
        counts["group_members"] = insert(EmulationGroupMember, members)

        # Reports: every expected unit but about one in eight (missing); some exempt.
        report_units = [(d_id, path) for d_id, path in districts] + [
            (g_id, path) for g_id, path, _p in grassroots
        ]
        on_time_end = datetime.datetime.combine(
            DEADLINE, datetime.time(17), tzinfo=timezone.get_default_timezone()
        )
        report_id = _next_id(Report)

        def reports():
            nonlocal report_id
            for u, _path in report_units:
                roll = rng.random()
                if roll < 0.12:
                    continue
                row = {"id": report_id, "plan_id": plan.pk, "unit_id": u}
                report_id += 1
                if roll < 0.15:
                    row.update(state=ReportState.EXEMPT, exempt_reason="merged")
                else:
                    offset = datetime.timedelta(days=rng.randint(-30, 12), hours=rng.randint(0, 8))
                    row.update(state=ReportState.SUBMITTED, first_submitted_at=on_time_end + offset)
                yield row

        counts["reports"] = insert(Report, reports())
        log(f"reports: {counts['reports']}")

        officer = _bench_user("officer@national.bench", "Cán bộ Cơ sở")
        nomination_id = _next_id(Nomination)
        zone = timezone.get_default_timezone()

        def dossiers():
            nonlocal nomination_id
            for _ in range(n_dossiers):
                unit = grassroots[rng.randrange(len(grassroots))]
                state = rng.choice(STATES)
                day = datetime.date(2025, rng.randint(3, 11), rng.randint(1, 28))
                sent = None
                if state != State.DRAFT:
                    sent = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
                yield {
                    "id": nomination_id,
                    "plan_id": plan.pk,
                    "nominating_unit_id": unit[0],
                    "subject_kind": "individual",
                    "full_name": "Nguyễn Thị Mai",
                    "headline": "Điển hình tiên tiến",
                    "field_id": fields[rng.randrange(len(fields))].pk,
                    "state": state,
                    "round": 0 if state == State.DRAFT else 1,
                    "submitted_at": sent,
                    "created_by_id": officer.pk,
                    "search_text": "nguyen thi mai dien hinh tien tien",
                    "sort_name": collation_key("Nguyễn Thị Mai", person=True),
                }
                nomination_id += 1

        activity_id = _next_id(Activity)

        def activities():
            nonlocal activity_id
            for _ in range(n_activities):
                unit = grassroots[rng.randrange(len(grassroots))]
                seminar = rng.random() < 0.05
                yield {
                    "id": activity_id,
                    "kind": ActivityKind.SEMINAR if seminar else ActivityKind.MEETING,
                    "unit_id": unit[0],
                    "unit_name": "Công đoàn cơ sở",
                    "plan_id": plan.pk,
                    "title": "Tọa đàm điển hình" if seminar else "Sinh hoạt công đoàn",
                    "held_on": datetime.date(2025, rng.randint(3, 12), rng.randint(1, 28)),
                    "participants": rng.randint(8, 80),
                }
                activity_id += 1

        with rollup.suspended():  # the monitoring roll-up counted once, after the COPY
            counts["dossiers"] = insert(Nomination, dossiers())
            log(f"dossiers: {counts['dossiers']}")
            counts["activities"] = insert(Activity, activities())
            log(f"activities: {counts['activities']}")
        _reset_sequences(
            [OrgUnit, EmulationGroup, EmulationGroupMember, Report, Nomination, Activity]
        )
        # The plan's status cells counted now, as the roll-up above, rather than on the
        # first board read (reports.status_rollup).
        status_rollup.bring_up_to_date(plan, root)

        monitor = _bench_user("monitor@national.bench", "Giám sát Trung ương")
        RoleAssignment.objects.get_or_create(
            user=monitor, unit=root, role=Role.MONITOR, defaults={"covers_subtree": True}
        )
        province = OrgUnit.objects.get(pk=provinces[0])
        province_monitor = _bench_user("province@national.bench", "Giám sát Tỉnh")
        RoleAssignment.objects.get_or_create(
            user=province_monitor,
            unit=province,
            role=Role.MONITOR,
            defaults={"covers_subtree": True},
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "plan": plan,
        "root": root,
        "province": province,
        "monitor": monitor,
        "province_monitor": province_monitor,
        "counts": counts,
    }


def _bench_user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=name)
    return user
