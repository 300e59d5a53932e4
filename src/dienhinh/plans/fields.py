"""Shared fields (lĩnh vực across plans): finding or creating the one a plan field links to.

Plan editing, ``copy_plan``, the demo loader and the data migration that linked the fields
existing before shared fields call these, so a field name always leads to the same shared
field of the plan's issuing unit.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify

from dienhinh.core.text import fold, nfc

SLUG_MAX = 100
DEFAULT_SLUG = "linh-vuc"


def base_slug(name: str) -> str:
    """The slug a name asks for: folded (no diacritics, đ→d) then slugified ("Dạy tốt" →
    "day-tot"), at most SLUG_MAX characters."""
    return slugify(fold(name))[:SLUG_MAX].strip("-") or DEFAULT_SLUG


def free_slug(name: str, taken) -> str:
    """``base_slug(name)``, or with "-2", "-3", … when ``taken(slug)`` says it is in use."""
    base = base_slug(name)
    slug, number = base, 1
    while taken(slug):
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return slug


def _find_or_create(model, unit_id: int, name: str):
    key = name.casefold()
    found = model.objects.filter(unit_id=unit_id, key=key).first()
    if found is not None:
        return found
    last = model.objects.filter(unit_id=unit_id).aggregate(last=Max("position"))["last"]
    slug = free_slug(name, lambda s: model.objects.filter(slug=s).exists())
    # Historical models (in the migration) have no save() of ours: key is set here.
    return model.objects.create(
        unit_id=unit_id, name=name, key=key, slug=slug, position=(last or 0) + 1
    )


def shared_field_for(unit, name: str, *, model=None):
    """The shared field of ``unit`` named ``name`` (NFC, case aside), created if missing.

    Side effects: may insert one SharedField row. Two processes creating the same one at
    once: the loser of the unique constraint reads the winner's row.
    """
    if model is None:
        from dienhinh.plans.models import SharedField as model
    name = nfc(name)
    unit_id = getattr(unit, "pk", unit)
    try:
        with transaction.atomic():
            return _find_or_create(model, unit_id, name)
    except IntegrityError:
        return model.objects.get(unit_id=unit_id, key=name.casefold())


def link_plan_fields(*, plan_field_model=None, shared_field_model=None) -> int:
    """Link every plan field that has no shared field yet to the shared field of its plan's
    issuing unit with its name; returns how many were linked.

    Used by the data migration (with its historical models) and safe to run again.
    Side effects: SharedField rows created, PlanField.shared set.
    """
    if plan_field_model is None:
        from dienhinh.plans.models import PlanField as plan_field_model
        from dienhinh.plans.models import SharedField as shared_field_model
    linked = 0
    rows = plan_field_model.objects.filter(shared__isnull=True).select_related("plan")
    # Oldest plans first, so shared fields are numbered in the order they first appeared.
    for row in rows.order_by("plan__year", "plan_id", "position", "pk").iterator():
        shared = shared_field_for(row.plan.issuing_unit_id, row.name, model=shared_field_model)
        plan_field_model.objects.filter(pk=row.pk).update(shared=shared)
        linked += 1
    return linked
