"""Editing a plan's rubric through the API: starting it, its items (add, change, move,
delete, reorder), its classes, tie-break and groups' year, a grading's default classes, and a
copy of another plan's rubric — through scoring.rubric, the rubric page's own functions, so
the same people may do it (the issuing unit's monitors and subtree administrators) and only
while the results are open (409 once they are finalised). A rubric or item the caller does
not see is a 404; one they see but may not edit a 403."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from dienhinh.api.lookups import visible_or_404
from dienhinh.api.routers.scoring import router as rubrics_router
from dienhinh.api.routers.scoring import rubric_out, visible_rubrics
from dienhinh.api.schemas.common import WRITE_ERRORS, errors
from dienhinh.api.schemas.scoring import (
    ItemOrderIn,
    RubricCopyIn,
    RubricItemIn,
    RubricItemOut,
    RubricItemPatch,
    RubricOut,
    RubricPatch,
    RubricStartIn,
    SchemeIn,
)
from dienhinh.plans.models import Plan
from dienhinh.scoring import rubric as domain
from dienhinh.scoring.compute import formula_text
from dienhinh.scoring.models import Rubric, RubricItem

# The rubric's own operations join /rubrics' router (one route per path: a second router
# with the same paths would answer 405 for the methods of the first); items are apart.
router = rubrics_router
items_router = Router(tags=["scoring"])

EDIT_ERRORS = {**WRITE_ERRORS, **errors(409)}


def _editable(request, rubric_id: int) -> Rubric:
    # Visibility only: who may edit is scoring.rubric's to say (a 403 from PermissionDenied).
    return visible_or_404(visible_rubrics(request), rubric_id)


def _item(request, item_id: int) -> RubricItem:
    return visible_or_404(
        RubricItem.objects.filter(rubric__in=visible_rubrics(request)).select_related(
            "rubric__plan__issuing_unit", "parent"
        ),
        item_id,
    )


def _parent(rubric: Rubric, parent_id: int | None) -> RubricItem | None:
    """The group named by ``parent_id`` in ``rubric`` (a 400 naming the field otherwise)."""
    if parent_id is None:
        return None
    found = rubric.items.filter(pk=parent_id).first()
    if found is None or not found.is_group:
        raise ValidationError({"parent_id": _("Put the item under a group of this rubric.")})
    return found


def _domain_fields(fields: dict) -> dict:
    """API values as scoring.rubric takes them: no source or formula is an empty one."""
    for name in ("source", "formula"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


def _renamed(error: ValidationError) -> ValidationError:
    """The domain's error keys as the API's fields (the page's "parent" is "parent_id")."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {("parent_id" if k == "parent" else k): v for k, v in error.error_dict.items()}
    )


def _item_out(item: RubricItem) -> RubricItem:
    item.formula_text = formula_text(item)
    return item


@router.post(
    "",
    response={201: RubricOut, **EDIT_ERRORS},
    summary="Start a plan's rubric with the union's current grading (the issuing unit's "
    "monitors); an existing rubric answers 409",
)
def start_rubric(request, payload: RubricStartIn):
    plan = visible_or_404(
        Plan.objects.visible_to(request.user).select_related("issuing_unit"),
        payload.plan_id,
        field="plan_id",
    )
    rubric = domain.start_rubric(plan, by=request.user)
    return Status(201, rubric_out(request, visible_rubrics(request).get(pk=rubric.pk)))


@router.patch(
    "/{int:rubric_id}",
    response={200: RubricOut, **EDIT_ERRORS},
    summary="Change the classes, the tie-break or the year of the groups ranked",
)
def patch_rubric(request, rubric_id: int, payload: RubricPatch):
    rubric = _editable(request, rubric_id)
    sent = payload.dict(exclude_unset=True)
    classes = sent.get("classes")
    domain.save_settings(
        rubric,
        by=request.user,
        classes=(
            [(c["name"], c["min_total"]) for c in classes]
            if classes is not None
            else [(c.name, c.min_total) for c in rubric.classes.all()]
        ),
        tie_break=sent.get("tie_break", rubric.tie_break),
        group_year=sent.get("group_year", rubric.group_year),
    )
    return rubric_out(request, visible_rubrics(request).get(pk=rubric.pk))


@router.post(
    "/{int:rubric_id}/scheme",
    response={200: RubricOut, **EDIT_ERRORS},
    summary="Replace the classes by a grading's defaults (current or older)",
)
def use_scheme(request, rubric_id: int, payload: SchemeIn):
    rubric = _editable(request, rubric_id)
    domain.use_scheme(rubric, by=request.user, scheme=payload.scheme)
    return rubric_out(request, visible_rubrics(request).get(pk=rubric.pk))


@router.post(
    "/{int:rubric_id}/copy",
    response={200: RubricOut, **EDIT_ERRORS},
    summary="Replace the items, classes and tie-break by a copy of another plan's rubric",
)
def copy_rubric(request, rubric_id: int, payload: RubricCopyIn):
    rubric = _editable(request, rubric_id)
    source = visible_or_404(
        visible_rubrics(request), payload.source_rubric_id, field="source_rubric_id"
    )
    try:
        domain.copy_rubric(rubric, source=source, by=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "source" in error.error_dict:
            raise ValidationError({"source_rubric_id": error.error_dict["source"]}) from None
        raise
    return rubric_out(request, visible_rubrics(request).get(pk=rubric.pk))


@router.post(
    "/{int:rubric_id}/items",
    response={201: RubricItemOut, **EDIT_ERRORS},
    summary="Add a group heading or an item at the end of its group",
)
def add_item(request, rubric_id: int, payload: RubricItemIn):
    rubric = _editable(request, rubric_id)
    fields = _domain_fields(payload.dict())
    parent = _parent(rubric, fields.pop("parent_id"))
    try:
        item = domain.add_item(rubric, by=request.user, parent=parent, **fields)
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, _item_out(item))


@router.put(
    "/{int:rubric_id}/items/order",
    response={200: RubricOut, **EDIT_ERRORS},
    summary="Reorder the items directly under a group (or the top level)",
)
def reorder_items(request, rubric_id: int, payload: ItemOrderIn):
    rubric = _editable(request, rubric_id)
    parent = _parent(rubric, payload.parent_id)
    try:
        domain.reorder_items(rubric, by=request.user, parent=parent, order=payload.item_ids)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "order" in error.error_dict:
            raise ValidationError({"item_ids": error.error_dict["order"]}) from None
        raise
    return rubric_out(request, visible_rubrics(request).get(pk=rubric.pk))


@items_router.patch(
    "/{int:item_id}",
    response={200: RubricItemOut, **EDIT_ERRORS},
    summary="Change a rubric item (or move it under another group)",
)
def patch_item(request, item_id: int, payload: RubricItemPatch):
    item = _item(request, item_id)
    rubric = _editable(request, item.rubric_id)
    fields = {name: getattr(item, name) for name in domain.ITEM_FIELDS}
    fields.update(_domain_fields(payload.dict(exclude_unset=True)))
    parent = _parent(rubric, fields.pop("parent_id")) if "parent_id" in fields else item.parent
    try:
        changed = domain.update_item(item, by=request.user, parent=parent, **fields)
    except ValidationError as error:
        raise _renamed(error) from None
    return _item_out(changed)


@items_router.delete(
    "/{int:item_id}",
    response={204: None, **EDIT_ERRORS},
    summary="Delete a rubric item, with its sub-items and their entered scores",
)
def delete_item(request, item_id: int):
    item = _item(request, item_id)
    _editable(request, item.rubric_id)
    domain.delete_item(item, by=request.user)
    return Status(204, None)
