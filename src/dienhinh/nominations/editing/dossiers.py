"""Creating and changing a dossier's own fields, initiatives and self-assessments."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.history import changed_by
from dienhinh.nominations.editing._lock import lock_editable
from dienhinh.nominations.editing.eligibility import plan_closed_reason
from dienhinh.nominations.editing.pending import PendingItem, attach_pending
from dienhinh.nominations.editing.validation import clean_dossier
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Initiative, Nomination, PastAward, SelfAssessment
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.plans.targets import target_units


def _save(
    nomination: Nomination, values: dict, initiatives, assessments, awards, *, by: User
) -> Nomination:
    for name, value in values.items():
        setattr(nomination, name, value)
    changed_by(nomination, by)
    nomination.save()
    nomination.initiatives.all().delete()
    for initiative in initiatives:
        initiative.nomination = nomination
    Initiative.objects.bulk_create(initiatives)
    nomination.assessments.all().delete()
    for assessment in assessments:
        assessment.nomination = nomination
    SelfAssessment.objects.bulk_create(assessments)
    if awards is not None:
        nomination.past_awards.all().delete()
        for award in awards:
            award.nomination = nomination
        PastAward.objects.bulk_create(awards)
    return nomination


@transaction.atomic
def create_nomination(
    *, plan: Plan, unit: OrgUnit, by: User, data: dict, uploads: Sequence[PendingItem] = ()
) -> Nomination:
    """Start a draft dossier of ``unit`` for ``plan``.

    Side effects: inserts the dossier (with its first history row), its initiatives and its
    self-assessments; ``uploads`` (``by``'s pending uploads) become its photos and documents.
    Raises PermissionDenied (plan not visible, may not write for the unit) or ValidationError
    (plan closed, unit not addressed, bad data) and then saves nothing.
    """
    if not Plan.objects.visible_to(by).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("You cannot see this plan."))
    if not by.has_perm("nominations.add_nomination", unit):
        raise PermissionDenied(_("You may not file dossiers for this unit."))
    reason = plan_closed_reason(plan)
    if reason:
        raise ValidationError(reason, code="plan_closed")
    if not unit.is_active:
        raise ValidationError(
            {"nominating_unit": _("%(unit)s is no longer active.") % {"unit": unit.name}}
        )
    if not target_units(plan).filter(pk=unit.pk).exists():
        raise ValidationError(
            {
                "nominating_unit": _("The plan %(plan)s is not addressed to %(unit)s.")
                % {"plan": plan.reference, "unit": unit.name}
            }
        )
    values, initiatives, assessments, awards = clean_dossier(plan, data, by=by)
    nomination = Nomination(plan=plan, nominating_unit=unit, created_by=by, state=State.DRAFT)
    nomination = _save(nomination, values, initiatives, assessments, awards, by=by)
    attach_pending(nomination, by=by, items=uploads)
    return nomination


@transaction.atomic
def update_nomination(
    nomination: Nomination,
    *,
    by: User,
    data: dict,
    uploads: Sequence[PendingItem] = (),
    seen: str | None = None,
) -> Nomination:
    """Change a draft or returned dossier's fields; replace its initiatives and assessments,
    and its past titles and awards when ``data`` has "past_awards".

    ``seen`` is the version (``version_of``) the form was opened at: when given and the
    dossier changed since, nothing is saved (ValidationError, code ``changed``).
    Side effects: locks and saves the dossier (one history row naming ``by``), rewrites its
    initiative, assessment and past award rows, attaches ``uploads`` (``by``'s pending
    uploads). Returns the saved dossier (a fresh instance).
    """
    locked = lock_editable(nomination, by)
    check_version(locked, seen)
    values, *rows = clean_dossier(locked.plan, data, by=by, current=locked)
    locked = _save(locked, values, *rows, by=by)
    attach_pending(locked, by=by, items=uploads)
    return locked


def version_of(nomination: Nomination) -> str:
    """What the edit form carries as the version it saw: the last change's time."""
    return nomination.updated_at.isoformat() if nomination.updated_at else ""


def check_version(locked: Nomination, seen: str | None) -> None:
    if seen is not None and seen != version_of(locked):
        raise ValidationError(
            _(
                "Someone else changed this dossier after you opened it. Copy what you typed, "
                "reload the page and apply your changes again."
            ),
            code="changed",
        )
