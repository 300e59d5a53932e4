"""Check parsed rows against the tree and the importer's scope; produce a plan or row errors.

Nothing here writes to the database. The plan says, for each row, what applying it would do
(create, update, move or nothing) and where the unit ends up, by code.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.orgs.importing.kinds import kind_key, kind_lookup
from dienhinh.orgs.importing.reader import ParsedFile, Row
from dienhinh.orgs.models import OrgUnit, UnitKind

CREATE = "create"
UPDATE = "update"
MOVE = "move"
UNCHANGED = "unchanged"
ACTION_LABELS = {
    CREATE: gettext_lazy("Create"),
    UPDATE: gettext_lazy("Update"),
    MOVE: gettext_lazy("Move"),
    UNCHANGED: gettext_lazy("Unchanged"),
}
COLUMN_LABELS = {
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Name"),
    "short_name": gettext_lazy("Short name"),
    "parent_code": gettext_lazy("Parent code"),
    "kind": gettext_lazy("Kind"),
    "email": gettext_lazy("Email"),
}
DEFAULT_KIND = UnitKind.GRASSROOTS
_MAX_LENGTHS = {"code": 40, "name": 255, "short_name": 100, "email": 254}
_CHUNK = 500  # codes per IN (...) query, well under SQLite's parameter limit


@dataclass
class RowError:
    row: int | None
    column: str
    message: str

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, ""))


@dataclass
class PlannedRow:
    number: int
    code: str
    name: str
    short_name: str
    kind: str  # a UnitKind value, or "" when the cell is empty
    email: str
    parent_code: str  # as written in the file
    target_parent: str | None = None  # code of the parent after the import; None = a root
    action: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    exists: bool = False

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, ""))

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label if self.kind else ""

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    columns: list[str]
    default_parent: OrgUnit | None = None
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        row_errors = [error for row in self.rows for error in row.errors]
        return [*self.file_errors, *row_errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    def digest(self) -> str:
        """A fingerprint of what applying the plan would do, to compare two validations."""
        summary = [
            (row.number, row.code, row.action, row.target_parent, row.changes) for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary).encode()).hexdigest()

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTION_LABELS, 0)
        for row in self.rows:
            if row.action:
                counts[row.action] += 1
        counts["errors"] = sum(1 for row in self.rows if row.errors)
        return counts


def _fetch_by(field_name: str, values: Iterable[str]) -> dict[str, OrgUnit]:
    values = sorted(set(values))
    found: dict[str, OrgUnit] = {}
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        for unit in OrgUnit.objects.filter(**{f"{field_name}__in": chunk}):
            found[getattr(unit, field_name)] = unit
    return found


def _ancestor_codes(units: Iterable[OrgUnit]) -> dict[str, str]:
    """path → code for every unit above (and including) ``units``: enough to walk upwards."""
    step = OrgUnit.steplen
    paths = {unit.path[:end] for unit in units for end in range(step, len(unit.path) + 1, step)}
    return {path: unit.code for path, unit in _fetch_by("path", paths).items()}


def _check_cells(row: PlannedRow, kinds: dict[str, str], raw_kind: str) -> None:
    if not row.code:
        row.error("code", _("The code is missing."))
    if not row.name:
        row.error("name", _("The name is missing."))
    for column, limit in _MAX_LENGTHS.items():
        if len(getattr(row, column)) > limit:
            row.error(
                column,
                _("This value is too long: at most %(limit)d characters.") % {"limit": limit},
            )
    if raw_kind:
        row.kind = kinds.get(kind_key(raw_kind), "")
        if not row.kind:
            row.error("kind", _("Unknown kind “%(kind)s”.") % {"kind": raw_kind})
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.error(
                "email", _("“%(email)s” is not a valid email address.") % {"email": row.email}
            )


def _planned(row: Row) -> PlannedRow:
    return PlannedRow(
        number=row.number,
        code=row.get("code"),
        name=row.get("name"),
        short_name=row.get("short_name"),
        kind="",
        email=row.get("email"),
        parent_code=row.get("parent_code"),
    )


def build_plan(parsed: ParsedFile, *, user, default_parent: OrgUnit | None) -> ImportPlan:
    """Validate every row for ``user`` and decide what importing it would do.

    Rows without a parent code go under ``default_parent`` (new roots when None, system
    administrators only); an existing unit with an empty parent code stays where it is.
    """
    kinds = kind_lookup()
    plan = ImportPlan(rows=[], columns=parsed.columns, default_parent=default_parent)
    if default_parent is not None and not user.has_perm("orgs.add_orgunit", default_parent):
        plan.file_errors.append(
            RowError(None, "parent_code", _("You may not add units under the chosen unit."))
        )
    first_row: dict[str, PlannedRow] = {}
    for source in parsed.rows:
        row = _planned(source)
        for column, message in source.refused.items():
            row.error(column, message)
        _check_cells(row, kinds, source.get("kind"))
        if row.code in first_row:
            row.error(
                "code",
                _("The code %(code)s already appears on row %(row)d.")
                % {"code": row.code, "row": first_row[row.code].number},
            )
        elif row.code:
            first_row[row.code] = row
        plan.rows.append(row)

    referenced = set(first_row) | {row.parent_code for row in plan.rows if row.parent_code}
    in_db = _fetch_by("code", referenced)
    known = [*in_db.values(), *([default_parent] if default_parent else [])]
    code_at = _ancestor_codes(known)

    def db_parent_code(unit: OrgUnit) -> str | None:
        return code_at.get(unit.path[: -OrgUnit.steplen]) if unit.depth > 1 else None

    for row in plan.rows:
        if not row.code or first_row.get(row.code) is not row:
            continue
        existing = in_db.get(row.code)
        row.exists = existing is not None
        if existing is not None and not user.has_perm("orgs.change_orgunit", existing):
            # Say nothing about the unit but its code, which the user already typed.
            row.error(
                "code", _("You may not change the unit with code %(code)s.") % {"code": row.code}
            )
            continue
        _resolve_parent(row, existing, first_row, in_db, user, default_parent, db_parent_code)

    _check_cycles(first_row, code_at)
    for row in plan.rows:
        if not row.errors:
            _decide_action(row, in_db.get(row.code), plan.columns, db_parent_code)
    return plan


def _resolve_parent(row, existing, first_row, in_db, user, default_parent, db_parent_code):
    code = row.parent_code
    if code:
        if code in first_row:
            row.target_parent = code
            return
        # Naming the current parent of an existing unit moves nothing: no right needed.
        stays = code in in_db and existing is not None and db_parent_code(existing) == code
        if stays or (code in in_db and user.has_perm("orgs.add_orgunit", in_db[code])):
            row.target_parent = code
        else:
            # One message whether no unit has the code or the user may not add under it: a
            # unit of another branch is not told apart from one that does not exist.
            row.error(
                "parent_code",
                _(
                    "No unit you may add units under has the code %(code)s (in this file or in "
                    "the system)."
                )
                % {"code": code},
            )
    elif existing is not None:
        row.target_parent = db_parent_code(existing)
    elif default_parent is not None:
        row.target_parent = default_parent.code
    elif user.has_perm("orgs.add_orgunit", None):  # top-level units: system admins
        row.target_parent = None
    else:
        row.error(
            "parent_code",
            _("This row has no parent code, and no unit was chosen for the top rows."),
        )


def _check_cycles(first_row: dict[str, PlannedRow], code_at: dict[str, str]) -> None:
    """Mark every row whose unit would end up inside its own subtree.

    The walk follows the file's parent for units in the file and the current parent for the
    others, so a re-import that moves a unit under its own descendant is caught too. Each
    code is walked once, so a deep file stays linear.
    """
    path_of = {code: path for path, code in code_at.items()}

    def parent_of(code: str) -> str | None:
        if code in first_row:
            return first_row[code].target_parent
        path = path_of.get(code, "")
        return code_at.get(path[: -OrgUnit.steplen]) if len(path) > OrgUnit.steplen else None

    walked: set[str] = set()
    for start in first_row:
        chain: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in walked and node not in position:
            position[node] = len(chain)
            chain.append(node)
            node = parent_of(node)
        walked.update(chain)
        if node is None or node not in position:
            continue
        loop = chain[position[node] :]
        for index, code in enumerate(loop):
            row = first_row.get(code)
            if row is None:
                continue
            shown = [*loop[index:], *loop[:index], code]
            row.error(
                "parent_code",
                _("This unit would end up under itself: %(chain)s.") % {"chain": " → ".join(shown)},
            )


def _decide_action(row: PlannedRow, existing: OrgUnit | None, columns, db_parent_code) -> None:
    if existing is None:
        row.action = CREATE
        row.kind = row.kind or DEFAULT_KIND
        return
    changes = []
    if row.name != existing.name:
        changes.append("name")
    if "short_name" in columns and row.short_name != existing.short_name:
        changes.append("short_name")
    if row.kind and row.kind != existing.kind:
        changes.append("kind")
    if "email" in columns and row.email != existing.email:
        changes.append("email")
    row.changes = changes
    if row.target_parent != db_parent_code(existing):
        row.action = MOVE
    elif changes:
        row.action = UPDATE
    else:
        row.action = UNCHANGED
