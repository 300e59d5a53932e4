"""The scoring workflow. ``transition_scoring`` is the only code that changes a rubric's
state: it locks the row, checks permission and state, freezes the results into a new
version on finalisation, writes the audit entry and queues the emails after commit.

    open ─finalise→ finalised (version 1: scores, classes, ranks and breakdown copied)
      ↑                 │ reopen (reason): the rubric and the scores may change again;
      └─────────────────┘ version 1 stays readable, the next finalisation writes version 2
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit
from dienhinh.core.text import clean_field
from dienhinh.core.transitions import Refusal
from dienhinh.scoring.compute import compute_results
from dienhinh.scoring.enums import ScoringAction, ScoringState
from dienhinh.scoring.models import Rubric, ScoringVersion
from dienhinh.scoring.roles import finalises

AUDIT_ACTIONS = audit.define_workflow_actions(
    "scoring",
    gettext_lazy("Emulation scoring"),
    ScoringAction.choices,
    states=ScoringState.choices,
)


def _refusal(rubric: Rubric, action: str, user) -> Refusal | None:
    if action not in ScoringAction.values:
        return Refusal(_("Unknown action."), False)
    if not finalises(user, rubric.plan):
        return Refusal(_("Only the issuing unit's monitors can do this."), True)
    if action == ScoringAction.FINALISE and not rubric.is_open:
        return Refusal(_("The results are already finalised."), False)
    if action == ScoringAction.REOPEN and rubric.is_open:
        return Refusal(_("The results are open already."), False)
    return None


def allowed_actions(rubric: Rubric, user) -> list[str]:
    return [a for a in ScoringAction.values if _refusal(rubric, a, user) is None]


def _check_complete(rubric: Rubric, results: dict) -> None:
    if not rubric.items.exists():
        raise ValidationError(_("The rubric has no items yet."))
    waiting = [row["unit"]["name"] for row in results["units"] if row["unreviewed"]]
    if waiting:
        raise ValidationError(
            _("Every entered item needs its official score first. Still to score: %(units)s.")
            % {"units": ", ".join(waiting[:10]) + ("…" if len(waiting) > 10 else "")}
        )


@transaction.atomic
def transition_scoring(rubric: Rubric, *, action: str, by, reason: str = "") -> Rubric:
    """Apply ``action`` (finalise, reopen) to ``rubric`` on behalf of ``by``.

    Refuses with PermissionDenied (not this user's) or ValidationError (state; no items;
    items without an official score; reopening without a reason). Side effects: on
    finalisation a new immutable ScoringVersion holding the computed results; the rubric's
    state; one audit entry; after commit, the emails to the scored units' officers.
    """
    locked = (
        Rubric.objects.select_for_update(of=("self",))
        .select_related("plan__issuing_unit")
        .get(pk=rubric.pk)
    )
    refusal = _refusal(locked, action, by)
    if refusal is not None:
        raise (
            PermissionDenied(refusal.message)
            if refusal.forbidden
            else ValidationError(refusal.message)
        )
    reason = clean_field(reason, field="reason", multiline=True)
    from_state = locked.state
    version = None
    if action == ScoringAction.FINALISE:
        results = compute_results(locked)
        _check_complete(locked, results)
        number = (
            locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = ScoringVersion.objects.create(
            rubric=locked,
            number=number,
            finalised_at=timezone.now(),
            finalised_by=by,
            reason=_last_reopen_reason(locked),
            results=results,
        )
        locked.last_version = version
        locked.state = ScoringState.FINALISED
    else:
        if not reason:
            raise ValidationError({"reason": _("Give a reason.")})
        locked.state = ScoringState.OPEN
    locked.save()
    audit.record(
        AUDIT_ACTIONS[action],
        actor=by,
        target=locked.plan,
        unit=locked.plan.issuing_unit,
        from_state=from_state,
        to_state=locked.state,
        reason=reason,
        extra={"plan": locked.plan.reference, "version": version.number if version else None},
    )
    if version is not None:
        from dienhinh.scoring.tasks import notify_finalised

        version_id = version.pk
        transaction.on_commit(lambda: notify_finalised.enqueue(version_id))
    rubric.refresh_from_db()
    return locked


def _last_reopen_reason(rubric: Rubric) -> str:
    from django.contrib.contenttypes.models import ContentType

    from dienhinh.core.models import AuditEntry

    entry = (
        AuditEntry.objects.filter(
            action=AUDIT_ACTIONS[ScoringAction.REOPEN],
            target_type=ContentType.objects.get_for_model(rubric.plan),
            target_id=rubric.plan_id,
        )
        .order_by("-at", "-pk")
        .first()
    )
    return entry.reason if entry and rubric.versions.exists() else ""
