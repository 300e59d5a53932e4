"""The dossier workflow. ``transition_nomination`` is the only code that changes a dossier's
state: it checks permission and state on a locked row, writes the review and the audit entry,
and queues the emails once the transaction has committed.

    draft ─submit→ submitted ─forward→ forwarded ─forward→ … (each reviewing level)
      ↑                │ return (reason)        │ at the plan's issuing unit:
      └── returned ←───┴────────────────────────┤   select → selected
    (resubmit opens a new round)                └   reject (reason) → not selected
    withdraw (by the nominating unit) is possible at any point before a decision.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.accounts.scope import covers, is_system_admin
from dienhinh.core import audit, generations
from dienhinh.core.history import changed_by
from dienhinh.core.text import clean_field
from dienhinh.core.transitions import Refusal
from dienhinh.nominations.enums import DECIDED, EDITABLE, IN_REVIEW, Action, State
from dienhinh.nominations.models import Nomination, Review, ReviewScore, Transition
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import PlanStatus, ReviewRoute

WRITER_ROLES = frozenset({Role.OFFICER, Role.SUBTREE_ADMIN})
REVIEWER_ROLES = frozenset({Role.REVIEWER})
# At the issuing unit the federation's editors select examples for propagation too.
DECIDER_ROLES = frozenset({Role.REVIEWER, Role.EDITOR})
REASON_REQUIRED = frozenset({Action.RETURN, Action.REJECT})
# The generation (core.generations) that every dossier transition bumps.
DOSSIER_GENERATION = "dossiers"


def _transition_details(entry, sees_unit) -> str:
    extra = entry.extra
    parts = [_("Plan %(ref)s") % {"ref": extra["plan"]}] if extra.get("plan") else []
    if extra.get("round"):
        parts.append(_("round %(round)s") % {"round": extra["round"]})
    if extra.get("to_unit"):
        parts.append(_("now at %(unit)s") % {"unit": audit.unit_named(extra["to_unit"], sees_unit)})
    return " · ".join(parts)


# One audit action per workflow action: "nomination.submit", "nomination.return", ...
AUDIT_ACTIONS = audit.define_workflow_actions(
    "nomination",
    gettext_lazy("Dossier"),
    Action.choices,
    states=State.choices,
    details=_transition_details,
)


class TransitionConflict(ValidationError):
    """The dossier changed since the user looked at it (someone else acted first)."""


@dataclass
class Seen:
    """What the user saw when they chose the action: the state, level and round."""

    state: str
    unit_id: int | None
    round: int


@dataclass
class Decision:
    reason: str = ""
    internal_note: str = ""
    scores: dict[int, Decimal] = field(default_factory=dict)  # criterion id → points


def review_levels(nomination: Nomination) -> list[OrgUnit]:
    """The units that review this dossier, bottom-up, ending with the plan's issuing unit.

    With the "every level" route, a unit between the nominating unit and the issuer reviews
    only if somebody holds the reviewer role at it; otherwise it is skipped.
    """
    issuer = nomination.plan.issuing_unit
    if nomination.plan.review_route == ReviewRoute.DIRECT:
        return [issuer]
    unit = nomination.nominating_unit
    between = OrgUnit.objects.filter(
        path__in=[
            unit.path[:end]
            for end in range(len(issuer.path) + OrgUnit.steplen, len(unit.path), OrgUnit.steplen)
        ]
    )
    with_reviewer = set(
        RoleAssignment.objects.filter(
            unit__in=between, role=Role.REVIEWER, user__is_active=True
        ).values_list("unit_id", flat=True)
    )
    levels = [u for u in between.order_by("-depth") if u.pk in with_reviewer]
    return [*levels, issuer]


def acts_at(user, unit: OrgUnit, roles) -> bool:
    """Whether ``user`` holds one of ``roles`` at exactly ``unit`` (a level's own reviewers)."""
    from dienhinh.accounts.scope import assignments

    if is_system_admin(user):
        return True
    return any(a.unit_id == unit.pk and a.role in roles for a in assignments(user))


def allowed_actions(nomination: Nomination, user: User) -> list[str]:
    """The actions ``user`` may take on ``nomination`` now, for buttons and the API."""
    return [action for action in Action.values if _refusal(nomination, action, user) is None]


def _refusal(nomination: Nomination, action: str, user) -> Refusal | None:
    """Why ``user`` may not take ``action`` now, or None when they may."""
    state = nomination.state
    if action in (Action.SUBMIT, Action.WITHDRAW):
        if not covers(user, nomination.nominating_unit, WRITER_ROLES):
            return Refusal(_("Only the nominating unit's officers can do this."), True)
        if action == Action.SUBMIT and state not in EDITABLE:
            return Refusal(_("Only a draft or a returned dossier can be submitted."), False)
        if action == Action.WITHDRAW and (state in DECIDED or state == State.WITHDRAWN):
            return Refusal(_("The dossier can no longer be withdrawn."), False)
        return None
    if state not in IN_REVIEW or nomination.current_unit_id is None:
        return Refusal(_("The dossier is not waiting for a review."), False)
    at_issuer = nomination.current_unit_id == nomination.plan.issuing_unit_id
    roles = DECIDER_ROLES if at_issuer else REVIEWER_ROLES
    if not acts_at(user, nomination.current_unit, roles):
        return Refusal(
            _("Only the reviewers of the unit now reviewing this dossier can do this."), True
        )
    if action == Action.FORWARD and at_issuer:
        return Refusal(
            _("The issuing unit selects or rejects the dossier; it cannot forward it."), False
        )
    if action in (Action.SELECT, Action.REJECT) and not at_issuer:
        return Refusal(_("Only the plan's issuing unit decides on selection."), False)
    return None


def _check_submittable(nomination: Nomination) -> None:
    plan = nomination.plan
    errors = []
    if plan.status != PlanStatus.ISSUED:
        errors.append(_("The plan is not open for nominations."))
    elif nomination.round == 0 and not plan.takes_nominations_on(timezone.localdate()):
        # The deadline is for first submissions; a dossier returned for revision (often
        # after the deadline, when the reviewers work) may still come back.
        errors.append(_("The nomination deadline has passed."))
    if nomination.subject_kind not in plan.subject_kinds:
        errors.append(_("This plan does not take nominations of this kind."))
    if not nomination.photos.exists():
        errors.append(_("Add at least one photo before submitting."))
    if not nomination.headline:
        errors.append(_("Write a headline before submitting."))
    if errors:
        raise ValidationError(errors)


def _next_level(nomination: Nomination) -> OrgUnit:
    """The first reviewing level above the current one (the first level when none)."""
    levels = review_levels(nomination)
    current = nomination.current_unit
    if current is None:
        return levels[0]
    higher = [unit for unit in levels if unit.depth < current.depth]
    return higher[0] if higher else levels[-1]


@transaction.atomic
def transition_nomination(
    nomination: Nomination,
    *,
    action: str,
    by: User,
    seen: Seen | None = None,
    decision: Decision | None = None,
) -> Nomination:
    """Apply ``action`` to the dossier on behalf of ``by``.

    Locks the row, refuses with PermissionDenied (not allowed), TransitionConflict (someone
    acted first: ``seen`` no longer matches) or ValidationError (missing reason, incomplete
    dossier). Side effects: updates the dossier (and its field history); writes a Review for
    reviewers' actions, the dossier's Transition row and one audit entry; after commit,
    queues the notification emails.
    """
    decision = decision or Decision()
    if seen is None:
        # What the caller loaded is what they acted on: if someone else acted in between,
        # they get the clear conflict message rather than a puzzling refusal.
        seen = Seen(
            state=nomination.state, unit_id=nomination.current_unit_id, round=nomination.round
        )
    locked = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("plan__issuing_unit", "nominating_unit", "current_unit")
        .get(pk=nomination.pk)
    )
    if seen is not None and (
        locked.state != seen.state
        or locked.current_unit_id != seen.unit_id
        or locked.round != seen.round
    ):
        raise TransitionConflict(
            _(
                "Someone else has acted on this dossier in the meantime. Reload it to see "
                "what changed."
            )
        )
    refusal = _refusal(locked, action, by)
    if refusal is not None:
        raise (
            PermissionDenied(refusal.message)
            if refusal.forbidden
            else ValidationError(refusal.message)
        )
    # Reasons and notes are paragraphs: clean_text keeps their line breaks, and refuses
    # what cannot be stored (NUL) or shown safely, before anything is written.
    reason = clean_field(decision.reason, field="reason", multiline=True)
    internal_note = clean_field(decision.internal_note, field="internal_note", multiline=True)
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give a reason.")})

    from_state, from_unit = locked.state, locked.current_unit
    now = timezone.now()
    if action == Action.SUBMIT:
        _check_submittable(locked)
        locked.round += 1
        locked.current_unit = None  # a new round starts again at the first level
        locked.current_unit = _next_level(locked)
        locked.state = State.SUBMITTED
        locked.submitted_at = now
    elif action == Action.FORWARD:
        locked.current_unit = _next_level(locked)
        locked.state = State.FORWARDED
    elif action == Action.RETURN:
        locked.state = State.RETURNED
        locked.current_unit = None
    elif action == Action.SELECT:
        locked.state = State.SELECTED
        locked.current_unit = None
        locked.decided_at = now
    elif action == Action.REJECT:
        locked.state = State.NOT_SELECTED
        locked.current_unit = None
        locked.decided_at = now
    elif action == Action.WITHDRAW:
        locked.state = State.WITHDRAWN
        locked.current_unit = None
    changed_by(locked, by)
    locked.save()

    if action in (Action.FORWARD, Action.RETURN, Action.SELECT, Action.REJECT):
        review = Review.objects.create(
            nomination=locked,
            unit=from_unit,
            round=locked.round,
            reviewer=by,
            decision=action,
            comment=reason,
            internal_note=internal_note,
        )
        _save_scores(review, decision.scores, locked)
    entry = Transition.objects.create(
        nomination=locked,
        action=action,
        from_state=from_state,
        to_state=locked.state,
        from_unit=from_unit,
        to_unit=locked.current_unit,
        by=by,
        reason=reason,
        round=locked.round,
    )
    audit.record(
        AUDIT_ACTIONS[action],
        actor=by,
        target=locked,
        unit=locked.nominating_unit,
        from_state=from_state,
        to_state=locked.state,
        reason=reason,
        extra={
            "plan": locked.plan.reference,
            "round": locked.round,
            "from_unit": audit.unit_part(from_unit),
            "to_unit": audit.unit_part(locked.current_unit),
        },
    )
    from dienhinh.nominations.tasks import notify_transition

    transaction.on_commit(lambda: notify_transition.enqueue(entry.pk))
    # Figures cached per person (the menu's counts) are keyed on this generation.
    transaction.on_commit(lambda: generations.bump(DOSSIER_GENERATION))
    nomination.refresh_from_db()
    return locked


def _save_scores(review: Review, scores: dict[int, Decimal], nomination: Nomination) -> None:
    if not scores:
        return
    criteria = {c.pk: c for c in nomination.plan.criteria.all()}
    rows = []
    for criterion_id, points in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError({"scores": _("A score refers to a criterion of another plan.")})
        points = Decimal(points)
        if points < 0 or (criterion.max_points is not None and points > criterion.max_points):
            raise ValidationError(
                {
                    "scores": _("A score is outside the criterion's range (0 to %(max)s).")
                    % {"max": criterion.max_points}
                }
            )
        rows.append(ReviewScore(review=review, criterion=criterion, points=points))
    ReviewScore.objects.bulk_create(rows)
