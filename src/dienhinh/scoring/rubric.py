"""The rubric of a plan: started with the default classes, its items (a tree of groups and
items), classes and tie-break edited by the issuing unit's monitors and subtree
administrators while the results are open, or copied whole from another plan."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit
from dienhinh.core.text import clean_field
from dienhinh.nominations.workflow import TransitionConflict
from dienhinh.plans.models import Plan
from dienhinh.scoring.enums import (
    CLASS_SCHEMES,
    ClassScheme,
    Formula,
    ItemKind,
    Source,
    TieBreak,
)
from dienhinh.scoring.models import Rubric, RubricItem, ScoreClass
from dienhinh.scoring.roles import edits_rubric

RUBRIC_CHANGED = audit.define_action("scoring.rubric", gettext_lazy("Scoring rubric changed"))
RUBRIC_COPIED = audit.define_action("scoring.copy", gettext_lazy("Scoring rubric copied"))
LIMIT = Decimal("1000")
ITEM_FIELDS = (
    "kind",
    "title",
    "guidance",
    "max_points",
    "min_points",
    "points_each",
    "source",
    "formula",
    "threshold",
    "late_points",
)


class ResultsFinalised(TransitionConflict):
    """The results are finalised: the rubric and the scores wait for a reopening (the API
    answers 409, the pages show the message)."""


def rubric_for(plan: Plan, *, create: bool = False) -> Rubric | None:
    """The plan's rubric; with ``create``, started with the current grading's classes.
    Side effects: may insert the rubric and its classes."""
    found = Rubric.objects.filter(plan=plan).select_related("plan__issuing_unit").first()
    if found is not None or not create:
        return found
    try:
        with transaction.atomic():
            rubric = Rubric.objects.create(plan=plan)
            _set_scheme(rubric, ClassScheme.CURRENT)
    except IntegrityError:  # started at the same moment by someone else
        rubric = Rubric.objects.get(plan=plan)
    return Rubric.objects.select_related("plan__issuing_unit").get(pk=rubric.pk)


def start_rubric(plan: Plan, *, by) -> Rubric:
    """Start the plan's rubric with the current grading's classes (the issuing unit's
    monitors and subtree administrators). Refuses a plan that has one already. Side effects:
    the rubric and its classes."""
    if not edits_rubric(by, plan):
        raise PermissionDenied(_("Only the issuing unit's monitors can change the rubric."))
    if Rubric.objects.filter(plan=plan).exists():
        raise TransitionConflict(_("This plan has a rubric already."))
    return rubric_for(plan, create=True)


def _set_scheme(rubric: Rubric, scheme: str) -> None:
    rubric.classes.all().delete()
    ScoreClass.objects.bulk_create(
        [
            ScoreClass(rubric=rubric, name=name, min_total=Decimal(low))
            for name, low in CLASS_SCHEMES[scheme]
        ]
    )
    rubric.class_scheme = scheme
    rubric.save(update_fields=["class_scheme", "updated_at"])


def _lock(rubric: Rubric, by) -> Rubric:
    locked = (
        Rubric.objects.select_for_update().select_related("plan__issuing_unit").get(pk=rubric.pk)
    )
    if not edits_rubric(by, locked.plan):
        raise PermissionDenied(_("Only the issuing unit's monitors can change the rubric."))
    if not locked.is_open:
        raise ResultsFinalised(_("The results are finalised; reopen them to change the rubric."))
    return locked


def _check_item(rubric: Rubric, data: dict, *, item: RubricItem | None) -> dict:
    """The item's fields checked; errors keyed by field, all at once."""
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    clean = {name: data.get(name) for name in ITEM_FIELDS}
    clean["title"] = clean_field(data.get("title") or "", field="title")
    clean["guidance"] = clean_field(data.get("guidance") or "", field="guidance", multiline=True)
    if not clean["title"]:
        errors["title"] = _("Give the item a title.")
    for name in ("max_points", "min_points", "points_each", "late_points"):
        value = clean[name]
        clean[name] = None if value in (None, "") else Decimal(value)
        if clean[name] is not None and abs(clean[name]) > LIMIT:
            errors[name] = _("At most %(n)s points.") % {"n": LIMIT}
    top = clean["max_points"] if clean["max_points"] is not None else Decimal(0)
    clean["max_points"] = top
    low = clean["min_points"] if clean["min_points"] is not None else Decimal(0)
    clean["min_points"] = low
    clean["threshold"] = int(clean["threshold"] or 1)
    if clean["threshold"] < 1:
        errors["threshold"] = _("At least 1.")
    if kind != ItemKind.ADJUSTMENT:
        clean["min_points"] = Decimal(0)
        if top < 0:
            errors["max_points"] = _("The maximum cannot be negative.")
    if kind not in (ItemKind.GROUP, ItemKind.ADJUSTMENT) and top <= 0:
        errors["max_points"] = _("Give the item's maximum points.")
    if kind == ItemKind.ADJUSTMENT and (low > 0 or top < 0 or low == top):
        errors["min_points"] = _(
            "A bonus or penalty goes from its lowest points (0 or below) to its highest "
            "(0 or above)."
        )
    if kind == ItemKind.PER_OCCURRENCE or (
        kind == ItemKind.COMPUTED and clean["formula"] == Formula.PER_OCCURRENCE
    ):
        each = clean["points_each"]
        if each is None or each <= 0:
            errors["points_each"] = _("Give the points each occurrence earns.")
    else:
        clean["points_each"] = None
    if kind == ItemKind.COMPUTED:
        if clean["source"] not in Source.values:
            errors["source"] = _("Choose what the item counts.")
        if clean["formula"] not in Formula.values:
            errors["formula"] = _("Choose how the item scores.")
        elif (clean["formula"] == Formula.ON_TIME) != (clean["source"] == Source.REPORT):
            errors["formula"] = _(
                'The report\'s timeliness scores "on time"; the other counts score per '
                "occurrence or from a number of occurrences."
            )
        late = clean["late_points"]
        if clean["formula"] == Formula.ON_TIME and late is not None and not 0 <= late <= top:
            errors["late_points"] = _("Between 0 and the item's maximum.")
        if clean["formula"] != Formula.ON_TIME:
            clean["late_points"] = None
    else:
        clean["source"], clean["formula"], clean["late_points"] = "", "", None
    if kind == ItemKind.GROUP and item is not None and top > 0:
        used = sum(
            (c.max_points for c in item.children.exclude(kind=ItemKind.ADJUSTMENT)), Decimal(0)
        )
        if used > top:
            errors["max_points"] = _(
                "Its items already add up to %(total)s points, more than %(max)s."
            ) % {"total": _n(used), "max": _n(top)}
    parent = data.get("parent")
    if parent is not None:
        if parent.rubric_id != rubric.pk or not parent.is_group:
            errors["parent"] = _("Put the item under a group of this rubric.")
        elif item is not None and _is_below(parent, item):
            errors["parent"] = _("A group cannot go under itself.")
        elif kind != ItemKind.ADJUSTMENT and parent.max_points > 0:
            siblings = parent.children.exclude(kind=ItemKind.ADJUSTMENT)
            if item is not None:
                siblings = siblings.exclude(pk=item.pk)
            used = sum((s.max_points for s in siblings), Decimal(0))
            if used + top > parent.max_points:
                errors["max_points"] = _(
                    "The items of “%(group)s” would add up to %(total)s points, more than its "
                    "maximum of %(max)s."
                ) % {
                    "group": parent.title,
                    "total": _n(used + top),
                    "max": _n(parent.max_points),
                }
    if errors:
        raise ValidationError(errors)
    clean["parent"] = parent
    return clean


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _is_below(candidate: RubricItem, item: RubricItem) -> bool:
    node = candidate
    while node is not None:
        if node.pk == item.pk:
            return True
        node = node.parent
    return False


@transaction.atomic
def add_item(rubric: Rubric, *, by, **data) -> RubricItem:
    """Add an item at the end of its group (or of the top level). Side effects: one
    RubricItem row and an audit entry."""
    locked = _lock(rubric, by)
    clean = _check_item(locked, data, item=None)
    last = locked.items.filter(parent=clean["parent"]).aggregate(n=Max("position"))["n"]
    item = RubricItem.objects.create(
        rubric=locked, position=(last or 0) + 1, **{k: v for k, v in clean.items()}
    )
    _audit(locked, by, _("Item added: %(title)s") % {"title": item.title})
    return item


@transaction.atomic
def update_item(item: RubricItem, *, by, **data) -> RubricItem:
    """Change an item. Side effects: updates the row; an audit entry."""
    locked = _lock(item.rubric, by)
    current = RubricItem.objects.select_for_update().get(pk=item.pk, rubric=locked)
    if current.children.exists() and data.get("kind") != ItemKind.GROUP:
        raise ValidationError({"kind": _("A group with items stays a group.")})
    clean = _check_item(locked, data, item=current)
    moved = clean["parent"] != current.parent
    for name, value in clean.items():
        setattr(current, name, value)
    if moved:  # into another group: at its end, as a new item would go
        last = locked.items.filter(parent=clean["parent"]).aggregate(n=Max("position"))["n"]
        current.position = (last or 0) + 1
    current.save()
    _audit(locked, by, _("Item changed: %(title)s") % {"title": current.title})
    return current


@transaction.atomic
def delete_item(item: RubricItem, *, by) -> None:
    """Delete an item, its sub-items and their entries. Side effects: deletes rows; audit."""
    locked = _lock(item.rubric, by)
    title = item.title
    RubricItem.objects.filter(pk=item.pk, rubric=locked).delete()
    _audit(locked, by, _("Item deleted: %(title)s") % {"title": title})


@transaction.atomic
def reorder_items(rubric: Rubric, *, by, parent: RubricItem | None, order: list[int]) -> None:
    """Put the items directly under ``parent`` (the top level when None) in ``order``, which
    names each of them exactly once. Side effects: their positions; an audit entry."""
    locked = _lock(rubric, by)
    siblings = {i.pk: i for i in locked.items.filter(parent=parent)}
    if parent is not None and (parent.rubric_id != locked.pk or not parent.is_group):
        raise ValidationError({"parent": _("Put the item under a group of this rubric.")})
    if len(order) != len(set(order)) or set(order) != set(siblings):
        raise ValidationError(
            {"order": _("Name every item of the group once, and only those items.")}
        )
    for position, pk in enumerate(order, start=1):
        siblings[pk].position = position
    RubricItem.objects.bulk_update(siblings.values(), ["position"])
    where = parent.title if parent is not None else _("the top level")
    _audit(locked, by, _("Items reordered: %(group)s") % {"group": where})


@transaction.atomic
def move_item(item: RubricItem, *, by, up: bool) -> None:
    """Swap the item with the one before it (``up``) or after it in its group; nothing at
    the edge. Side effects: as reorder_items."""
    locked = _lock(item.rubric, by)
    order = list(
        locked.items.filter(parent_id=item.parent_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    at = order.index(item.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(order):
        order[at], order[other] = order[other], order[at]
        reorder_items(locked, by=by, parent=item.parent, order=order)


@transaction.atomic
def save_settings(
    rubric: Rubric, *, by, classes: list[tuple[str, Decimal]], tie_break: list[str], group_year
) -> Rubric:
    """Replace the classes (name, lower limit) and set the tie-break order and the groups'
    year. Side effects: rewrites the ScoreClass rows, updates the rubric, an audit entry."""
    locked = _lock(rubric, by)
    errors: dict[str, str] = {}
    limits = [low for _name, low in classes]
    if not classes:
        errors["classes"] = _("Keep at least one class.")
    elif len(set(limits)) != len(limits):
        errors["classes"] = _("Two classes cannot start at the same number of points.")
    elif any(not name for name, _low in classes):
        errors["classes"] = _("Give every class a name.")
    if len(set(tie_break)) != len(tie_break) or not set(tie_break) <= set(TieBreak.values):
        errors["tie_break"] = _("Choose each tie-break once.")
    if errors:
        raise ValidationError(errors)
    locked.classes.all().delete()
    ScoreClass.objects.bulk_create(
        [ScoreClass(rubric=locked, name=name, min_total=low) for name, low in classes]
    )
    locked.tie_break = list(tie_break)
    locked.group_year = group_year
    locked.save()
    _audit(locked, by, _("Classes and tie-break changed"))
    rubric.refresh_from_db()
    return locked


@transaction.atomic
def use_scheme(rubric: Rubric, *, by, scheme: str) -> Rubric:
    """Replace the classes by a scheme's defaults. Side effects: rewrites the classes."""
    locked = _lock(rubric, by)
    if scheme not in ClassScheme.values:
        raise ValidationError({"scheme": _("Choose a grading.")})
    _set_scheme(locked, scheme)
    _audit(locked, by, _("Grading set: %(scheme)s") % {"scheme": ClassScheme(scheme).label})
    rubric.refresh_from_db()
    return locked


@transaction.atomic
def copy_rubric(rubric: Rubric, *, source: Rubric, by) -> Rubric:
    """Replace ``rubric``'s items, classes and tie-break by a copy of ``source``'s (another
    plan's, which ``by`` can see). Entries of the replaced items go with them. Side effects:
    deletes and inserts RubricItem and ScoreClass rows; an audit entry."""
    locked = _lock(rubric, by)
    if source.pk == locked.pk:
        raise ValidationError({"source": _("Choose another plan's rubric.")})
    locked.items.all().delete()
    new_ids: dict[int, RubricItem] = {}
    from dienhinh.scoring.compute import tree

    for item, _depth in tree(list(source.items.all())):
        copied = RubricItem.objects.create(
            rubric=locked,
            parent=new_ids.get(item.parent_id),
            position=item.position,
            **{name: getattr(item, name) for name in ITEM_FIELDS},
        )
        new_ids[item.pk] = copied
    locked.classes.all().delete()
    ScoreClass.objects.bulk_create(
        [
            ScoreClass(rubric=locked, name=c.name, min_total=c.min_total)
            for c in source.classes.all()
        ]
    )
    locked.class_scheme, locked.tie_break = source.class_scheme, list(source.tie_break)
    locked.save()
    audit.record(
        RUBRIC_COPIED,
        actor=by,
        target=locked.plan,
        unit=locked.plan.issuing_unit,
        extra={"plan": locked.plan.reference, "from": source.plan.reference},
    )
    rubric.refresh_from_db()
    return locked


def _audit(rubric: Rubric, by, what: str) -> None:
    audit.record(
        RUBRIC_CHANGED,
        actor=by,
        target=rubric.plan,
        unit=rubric.plan.issuing_unit,
        reason=what,
        extra={"plan": rubric.plan.reference},
    )
