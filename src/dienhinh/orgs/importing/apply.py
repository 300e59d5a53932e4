"""Write an import plan to the database in one transaction, through the orgs domain rules."""

from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit
from dienhinh.orgs.domain import create_unit, update_unit
from dienhinh.orgs.importing.validate import (
    COLUMN_LABELS,
    CREATE,
    MOVE,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    PlannedRow,
    RowError,
)
from dienhinh.orgs.models import OrgUnit

# The codes of the units each import touched, kept in the entry up to this many per kind.
CODES_KEPT = 1000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    codes: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "moved": []}
    )

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "moved": self.moved,
            "unchanged": self.unchanged,
        }


def _import_details(entry, sees_unit) -> str:
    return _(
        "Created %(created)d, updated %(updated)d, moved %(moved)d, unchanged %(unchanged)d."
    ) % {key: entry.extra.get(key, 0) for key in ("created", "updated", "moved", "unchanged")}


IMPORT_APPLY = audit.define_action(
    "import.apply", gettext_lazy("Units imported"), details=_import_details
)


class ImportFailed(Exception):
    """Nothing was saved; ``errors`` says which row stopped the import and why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


def parent_first(rows: list[PlannedRow]) -> list[PlannedRow]:
    """The rows ordered so that a row whose parent is another row of the file comes after it,
    otherwise in file order."""
    by_code = {row.code: row for row in rows}
    placed: set[str] = set()
    order: list[PlannedRow] = []
    for row in rows:
        pending: list[PlannedRow] = []
        seen: set[str] = set()
        node: PlannedRow | None = row
        while node is not None and node.code not in placed and node.code not in seen:
            seen.add(node.code)
            pending.append(node)
            node = by_code.get(node.target_parent) if node.target_parent else None
        for item in reversed(pending):
            placed.add(item.code)
            order.append(item)
    return order


def _errors_from(row: PlannedRow, exc: Exception) -> list[RowError]:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return [
            RowError(row.number, key if key in COLUMN_LABELS else "", message)
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    if isinstance(exc, ValidationError):
        return [RowError(row.number, "", message) for message in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [RowError(row.number, "", str(exc) or _("You may not do this."))]
    return [RowError(row.number, "", _("This row could not be saved; nothing was imported."))]


def _apply_row(row: PlannedRow, *, by: User, result: ImportResult) -> None:
    # Units are read fresh for every row: earlier moves rewrite the paths of whole subtrees.
    parent = OrgUnit.objects.get(code=row.target_parent) if row.target_parent else None
    if row.action == CREATE:
        create_unit(
            parent=parent,
            by=by,
            audited=False,  # the import writes one entry for the whole file
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            email=row.email,
        )
        result.created += 1
        result.codes["created"].append(row.code)
        return
    if row.action == UNCHANGED:
        result.unchanged += 1
        return
    unit = OrgUnit.objects.get(code=row.code)
    fields = {name: getattr(row, name) for name in row.changes}
    update_unit(unit, by=by, parent=parent if row.action == MOVE else None, audited=False, **fields)
    if row.action == MOVE:
        result.moved += 1
        result.codes["moved"].append(row.code)
    elif row.action == UPDATE:
        result.updated += 1
        result.codes["updated"].append(row.code)


def _unit_concerned(plan: ImportPlan, result: ImportResult) -> OrgUnit | None:
    """The unit the import is about: the default parent, else the lowest unit at or above
    every unit it wrote (so that the monitors of that subtree see the entry)."""
    if plan.default_parent is not None:
        return OrgUnit.objects.get(pk=plan.default_parent.pk)
    codes = [code for kind in result.codes.values() for code in kind]
    # Read after every row is written: a later row's move changes earlier rows' paths.
    paths = [
        path
        for start in range(0, len(codes), 500)
        for path in OrgUnit.objects.filter(code__in=codes[start : start + 500]).values_list(
            "path", flat=True
        )
    ]
    if not paths:
        return None
    common = min(paths, key=len)
    for path in paths:
        while common and not path.startswith(common):
            common = common[: -OrgUnit.steplen]
    return OrgUnit.objects.filter(path=common).first() if common else None


def apply_plan(plan: ImportPlan, *, by: User, progress=None) -> ImportResult:
    """Create, update and move the plan's units as ``by``, all or nothing.

    Parents are written before their children. Every change goes through
    ``orgs.domain.create_unit`` / ``update_unit`` (which moves via ``move_unit``), so the
    permission and tree rules are checked again row by row.
    Side effects: inserts and updates OrgUnit rows; raises ImportFailed (nothing saved) when
    the plan has errors or a row breaks a rule. One audit entry for the whole import, with
    the counts and the codes touched (the rows write none of their own). ``progress(n)``,
    when given, is told after each row (a background import's progress bar: core.jobs).
    """
    if plan.has_errors:
        raise ImportFailed(plan.errors)
    result = ImportResult()
    with transaction.atomic():
        for number, row in enumerate(parent_first(plan.rows), start=1):
            try:
                _apply_row(row, by=by, result=result)
            except (ValidationError, PermissionDenied, OrgUnit.DoesNotExist, DatabaseError) as exc:
                # Leaving the atomic block by an exception rolls every earlier row back.
                raise ImportFailed(_errors_from(row, exc)) from exc
            if progress is not None:
                progress(number)
        unit = _unit_concerned(plan, result)
        audit.record(
            IMPORT_APPLY,
            actor=by,
            target=unit,
            unit=unit,
            extra={
                **result.counts(),
                "rows": len(plan.rows),
                "codes": {kind: codes[:CODES_KEPT] for kind, codes in result.codes.items()},
            },
        )
    return result
