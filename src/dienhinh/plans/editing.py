"""Create and change movements and draft plans. Pages and the API call these; the issue,
close and copy steps live in plans.domain."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.history import changed_by
from dienhinh.core.text import clean_attributes, clean_field, nfc, refusal
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.changes import plans_changed
from dienhinh.plans.fields import shared_field_for
from dienhinh.plans.models import (
    Criterion,
    Movement,
    Plan,
    PlanBasis,
    PlanField,
    PlanSection,
    PlanStatus,
    TargetMode,
)

MOVEMENT_FIELDS = ("name", "kind", "starts_on", "ends_on", "description")
PLAN_FIELDS = (
    "year",
    "number",
    "symbol",
    "title",
    "issued_on",
    "place",
    "movement",
    "purposes",
    "allow_collective",
    "allow_individual",
    "target_mode",
    "review_route",
    "nomination_deadline",
    "report_deadline",
    "reporting_kinds",
    "report_grace_days",
    "report_cutoff",
    "superior_name",
    "recipients",
    "authority_line",
    "signer_title",
    "signer_name",
)


# The plan's single-line text attributes, cleaned on every save.
DOCUMENT_LINES = (
    "title",
    "symbol",
    "place",
    "superior_name",
    "authority_line",
    "signer_title",
    "signer_name",
)


def nfc_text(value: str | None) -> str:
    """Multi-line text as stored: ``clean_text(value, multiline=True)``.

    Kept for the plan forms' ``clean_<field>`` methods: a refused character is raised as a
    ValidationError, which a form shows on its field.
    """
    return clean_field(value, multiline=True)


@dataclass(frozen=True)
class BasisInput:
    """One legal basis (căn cứ); ``pk`` names an existing row of the plan to keep."""

    text: str
    pk: int | None = None


@dataclass(frozen=True)
class FieldInput:
    """One field (lĩnh vực); ``pk`` names an existing row of the plan to keep."""

    name: str
    pk: int | None = None


@dataclass(frozen=True)
class CriterionInput:
    """One criterion (tiêu chí); ``pk`` names an existing row of the plan to keep."""

    text: str
    group: str = ""
    max_points: Decimal | None = None
    pk: int | None = None


@dataclass(frozen=True)
class SectionInput:
    """One section of the plan's text; ``pk`` names an existing row of the plan to keep."""

    heading: str = ""
    body: str = ""
    pk: int | None = None


# --- Movements ---------------------------------------------------------------------------


def _fill_movement(movement: Movement, fields: dict) -> None:
    for key in MOVEMENT_FIELDS:
        if key in fields:
            setattr(movement, key, fields[key])
    clean_attributes(movement, lines=("name",), paragraphs=("description",))
    movement.full_clean()


@transaction.atomic
def create_movement(*, by: User, launched_by: OrgUnit, **fields) -> Movement:
    """Create an emulation movement launched by ``launched_by``.

    Side effects: writes the movement row.
    """
    if not by.has_perm("plans.add_movement", launched_by):
        raise PermissionDenied(_("You may not launch movements for this unit."))
    movement = Movement(launched_by=launched_by)
    _fill_movement(movement, fields)
    movement.save()
    return movement


@transaction.atomic
def update_movement(
    movement: Movement, *, by: User, launched_by: OrgUnit | None = None, **fields
) -> Movement:
    """Change a movement; a new ``launched_by`` must be a unit ``by`` may launch for too.

    Side effects: writes the movement row.
    """
    movement = (
        Movement.objects.select_for_update().select_related("launched_by").get(pk=movement.pk)
    )
    if not by.has_perm("plans.add_movement", movement.launched_by):
        raise PermissionDenied(_("You may not change this movement."))
    if launched_by is not None and launched_by.pk != movement.launched_by_id:
        if not by.has_perm("plans.add_movement", launched_by):
            raise PermissionDenied(_("You may not launch movements for this unit."))
        movement.launched_by = launched_by
    _fill_movement(movement, fields)
    movement.save()
    return movement


# --- Plans -------------------------------------------------------------------------------


def may_edit_plan(user: User, plan: Plan) -> bool:
    """Whether ``user`` may change the content of ``plan``: planners, and drafts only."""
    return plan.status == PlanStatus.DRAFT and user.has_perm("plans.change_plan", plan)


def next_plan_number(issuing_unit: OrgUnit, year: int) -> int:
    """The number after the highest one the unit used that year (1 for its first plan)."""
    highest = Plan.objects.filter(issuing_unit=issuing_unit, year=year).aggregate(
        highest=Max("number")
    )["highest"]
    return (highest or 0) + 1


def _check_targets(issuing_unit: OrgUnit, units: Sequence[OrgUnit]) -> None:
    outside = [
        u.name for u in units if not u.path.startswith(issuing_unit.path) or u.pk == issuing_unit.pk
    ]
    if outside:
        raise ValidationError(
            {
                "target_units": _("These units are not under the issuing unit: %(names)s")
                % {"names": ", ".join(outside)}
            }
        )


def _fill_plan(plan: Plan, fields: dict, *, by: User) -> None:
    for key in PLAN_FIELDS:
        if key in fields:
            setattr(plan, key, fields[key])
    clean_attributes(
        plan,
        lines=DOCUMENT_LINES,
        paragraphs=("purposes", "recipients"),
    )
    if (
        plan.movement_id
        and not Movement.objects.visible_to(by).filter(pk=plan.movement_id).exists()
    ):
        raise ValidationError({"movement": _("Choose a movement you can see.")})
    # Uniqueness gets its own, clearer message below; the database still enforces it.
    plan.full_clean(validate_unique=False, validate_constraints=False)
    taken = Plan.objects.filter(
        issuing_unit=plan.issuing_unit, year=plan.year, number=plan.number, symbol=plan.symbol
    ).exclude(pk=plan.pk)
    if taken.exists():
        raise ValidationError(
            {
                "number": _("This unit already has plan %(ref)s in %(year)s.")
                % {"ref": plan.reference, "year": plan.year}
            }
        )


def _sync_rows(model, plan: Plan, existing, items: Sequence, values) -> None:
    """Make the plan's rows of ``model`` match ``items`` in order: rows named by pk are
    updated, others created, the rest deleted (refused if a dossier already uses one)."""
    current = {row.pk: row for row in existing}
    kept: set[int] = set()
    new_rows = []
    for position, item in enumerate(items):
        data = {"position": position, **values(item)}
        row = current.get(item.pk) if item.pk not in kept else None
        if row is None:
            new_rows.append(model(plan=plan, **data))
            continue
        kept.add(row.pk)
        for key, value in data.items():
            setattr(row, key, value)
        row.save()
    try:
        model.objects.filter(plan=plan).exclude(pk__in=kept).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("A row you removed is already used by a dossier; keep it or change its text.")
        ) from error
    model.objects.bulk_create(new_rows)


def _save_children(plan: Plan, *, bases, fields, criteria, target_units, sections) -> None:
    if sections is not None:
        _sync_rows(
            PlanSection,
            plan,
            plan.sections.all(),
            sections,
            lambda s: {"heading": nfc(s.heading), "body": clean_field(s.body, multiline=True)},
        )
    _sync_rows(PlanBasis, plan, plan.bases.all(), bases, lambda b: {"text": nfc(b.text)})
    # Each field keeps (or, renamed, finds) its shared field under the plan's issuing unit.
    _sync_rows(
        PlanField,
        plan,
        plan.plan_fields.all(),
        fields,
        lambda f: {"name": nfc(f.name), "shared": shared_field_for(plan.issuing_unit, f.name)},
    )
    _sync_rows(
        Criterion,
        plan,
        plan.criteria.all(),
        criteria,
        lambda c: {"group": nfc(c.group), "text": nfc(c.text), "max_points": c.max_points},
    )
    plan.target_units.set(target_units if plan.target_mode == TargetMode.CHOSEN else [])
    plans_changed()  # the fields were written by bulk_create, which sends no signal


def _check_children(plan: Plan, *, bases, fields, criteria, target_units, sections) -> None:
    # Refused characters first: the checks below read the rows as clean text.
    refused = {
        "sections": refusal(*(t for s in sections or () for t in (s.heading, s.body))),
        "bases": refusal(*(b.text for b in bases)),
        "plan_fields": refusal(*(f.name for f in fields)),
        "criteria": refusal(*(t for c in criteria for t in (c.group, c.text))),
    }
    if any(refused.values()):
        raise ValidationError({key: message for key, message in refused.items() if message})
    errors = {}
    if any(not nfc(b.text) for b in bases):
        errors["bases"] = _("A legal basis has no text.")
    if any(not nfc(f.name) for f in fields):
        errors["plan_fields"] = _("A field has no name.")
    if any(not (nfc(s.heading) or nfc(s.body)) for s in sections or ()):
        errors["sections"] = _("A section has neither a heading nor text.")
    if any(not nfc(c.text) for c in criteria):
        errors["criteria"] = _("A criterion has no text.")
    elif any(c.max_points is not None and c.max_points < 0 for c in criteria):
        errors["criteria"] = _("Maximum points cannot be negative.")
    if plan.target_mode == TargetMode.CHOSEN and not target_units:
        errors["target_units"] = _("Choose at least one target unit.")
    if errors:
        raise ValidationError(errors)
    _check_targets(plan.issuing_unit, target_units)


@transaction.atomic
def create_plan(
    *,
    by: User,
    issuing_unit: OrgUnit,
    bases: Sequence[BasisInput] = (),
    fields: Sequence[FieldInput] = (),
    criteria: Sequence[CriterionInput] = (),
    target_units: Sequence[OrgUnit] = (),
    sections: Sequence[SectionInput] = (),
    **values,
) -> Plan:
    """Create a draft plan of ``issuing_unit`` with its bases, fields, criteria, sections
    and chosen target units, all in the given order. ``values`` are the plan's own fields.

    Side effects: writes the plan (with its first history row) and its child rows; nothing is
    sent until it is issued.
    """
    if not by.has_perm("plans.add_plan", issuing_unit):
        raise PermissionDenied(_("You may not issue plans for this unit."))
    plan = Plan(issuing_unit=issuing_unit, status=PlanStatus.DRAFT)
    _fill_plan(plan, values, by=by)
    children = {
        "bases": bases,
        "fields": fields,
        "criteria": criteria,
        "target_units": target_units,
        "sections": sections,
    }
    _check_children(plan, **children)
    changed_by(plan, by)
    plan.save()
    _save_children(plan, **children)
    return plan


@transaction.atomic
def update_plan(
    plan: Plan,
    *,
    by: User,
    bases: Sequence[BasisInput],
    fields: Sequence[FieldInput],
    criteria: Sequence[CriterionInput],
    target_units: Sequence[OrgUnit] = (),
    sections: Sequence[SectionInput] | None = None,
    **values,
) -> Plan:
    """Replace the content of a draft plan: its own fields, and its bases, fields, criteria,
    sections (None keeps them) and chosen target units in the given order (rows named by pk
    are kept and updated).

    Side effects: writes the plan (one history row naming ``by``) and its child rows.
    """
    plan = Plan.objects.select_for_update().select_related("issuing_unit").get(pk=plan.pk)
    if not may_edit_plan(by, plan):
        raise PermissionDenied(_("Only a draft plan can be changed, by its planners."))
    _fill_plan(plan, values, by=by)
    children = {
        "bases": bases,
        "fields": fields,
        "criteria": criteria,
        "target_units": target_units,
        "sections": sections,
    }
    _check_children(plan, **children)
    changed_by(plan, by)
    plan.save()
    _save_children(plan, **children)
    return plan


def plan_values_for_form(plan: Plan) -> dict:
    """The plan's own fields, as a form's initial data."""
    return {key: getattr(plan, key) for key in PLAN_FIELDS}
