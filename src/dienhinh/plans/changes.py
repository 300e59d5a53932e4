"""The plans' generation token (core.generations): bumped whenever what the dossier filters
offer, the portal shows of plans or the plan page shows of a plan's text could change — a
plan saved or deleted (its reference, title, status), its bases, sections, fields, criteria
and target units, a movement or a shared field renamed — so the values cached under it are
never read again.

Every save and delete of those rows goes through the signals connected here; the editing
functions that write fields with ``bulk_create`` (which sends no signal) call
``plans_changed`` themselves. Unit moves change which plans a scope reaches: they bump the
units' generation (orgs.domain.UNIT_GENERATION), which the cache keys also hold.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from dienhinh.core import generations

PLAN_GENERATION = "plans"


def plans_changed(**_signal) -> None:
    generations.bump_now_and_on_commit(PLAN_GENERATION)


def connect() -> None:
    from dienhinh.plans.models import (
        Criterion,
        Movement,
        Plan,
        PlanBasis,
        PlanField,
        PlanSection,
        SharedField,
    )

    for model in (Plan, PlanBasis, PlanSection, PlanField, Criterion, Movement, SharedField):
        post_save.connect(plans_changed, sender=model, dispatch_uid=f"plans-changed-{model}")
        post_delete.connect(plans_changed, sender=model, dispatch_uid=f"plans-gone-{model}")
    m2m_changed.connect(
        plans_changed, sender=Plan.target_units.through, dispatch_uid="plans-targets-changed"
    )
