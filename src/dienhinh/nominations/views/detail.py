"""The dossier page: subject, achievements, files, timeline of transitions and reviews, field
changes and audit entries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dienhinh.accounts.audit import sees_unit_for
from dienhinh.accounts.scope import covers, is_system_admin
from dienhinh.core.audit import history_of
from dienhinh.core.history import field_history
from dienhinh.nominations.consent import may_manage_consent
from dienhinh.nominations.duplicates import find_duplicates
from dienhinh.nominations.editing import DOSSIER_FIELDS
from dienhinh.nominations.enums import EDITABLE, Action
from dienhinh.nominations.forms import ConsentForm, ConsentWithdrawForm
from dienhinh.nominations.hooks import dossier_page
from dienhinh.nominations.models import Nomination, Review, Transition
from dienhinh.nominations.privacy import (
    SENSITIVE_FIELDS,
    log_personal_data_opened,
    may_see_sensitive,
)
from dienhinh.nominations.queries import last_return
from dienhinh.nominations.richtext import sanitize, with_paragraphs
from dienhinh.nominations.rules import sees_internal_notes
from dienhinh.nominations.workflow import WRITER_ROLES, allowed_actions

REVIEW_ACTIONS = frozenset({Action.FORWARD, Action.RETURN, Action.SELECT, Action.REJECT})
# The fields whose changes the page lists. The workflow's own columns (state, level, round,
# dates) are left out: the timeline above already tells each of those steps. The sensitive
# fields have no history rows (nominations.privacy).
HISTORY_FIELDS = tuple(name for name in DOSSIER_FIELDS if name not in SENSITIVE_FIELDS)


def visible_nomination(user, pk: int) -> Nomination:
    """The dossier if ``user`` may see it, else 404 (its existence is not revealed)."""
    qs = Nomination.objects.visible_to(user).select_related(
        "plan__issuing_unit",
        "nominating_unit",
        "current_unit",
        "field",
        "movement",
        "consent_recorded_by",
    )
    return get_object_or_404(qs, pk=pk)


def format_dong(amount: Decimal | None) -> str:
    """Money the Vietnamese way: dot thousands, then "đồng" (1.500.000 đồng)."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".") + " đồng"


def format_points(points: Decimal | None) -> str:
    """Points without trailing zeros, with the decimal comma: 7,5 and 10."""
    if points is None:
        return ""
    text = f"{points:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class TimelineEntry:
    transition: Transition
    review: Review | None = None
    scores: list = field(default_factory=list)
    internal_note: str = ""


def build_timeline(nomination: Nomination, user) -> list[TimelineEntry]:
    """Every transition in order, each reviewer's action joined with its Review (scores and,
    for those allowed, the internal note). A review and its transition share round, action,
    level and author: the transition function writes both at once."""
    transitions = nomination.transitions.select_related("by", "from_unit", "to_unit")
    reviews = nomination.reviews.select_related("unit", "reviewer").prefetch_related(
        "scores__criterion"
    )
    pending: dict[tuple, list[Review]] = {}
    for review in reviews:
        key = (review.round, review.decision, review.unit_id, review.reviewer_id)
        pending.setdefault(key, []).append(review)
    entries = []
    for transition in transitions:
        entry = TimelineEntry(transition)
        key = (transition.round, transition.action, transition.from_unit_id, transition.by_id)
        if transition.action in REVIEW_ACTIONS and pending.get(key):
            review = pending[key].pop(0)
            entry.review = review
            entry.scores = [
                (
                    score.criterion,
                    format_points(score.points),
                    format_points(score.criterion.max_points),
                )
                for score in review.scores.all()
            ]
            if review.internal_note and sees_internal_notes(user, review):
                entry.internal_note = review.internal_note
        entries.append(entry)
    return entries


def shows_duplicates(nomination: Nomination, user, actions: list[str]) -> bool:
    """Officers see the warning while they can still change the dossier; reviewers while it
    waits for them."""
    if nomination.state in EDITABLE and covers(user, nomination.nominating_unit, WRITER_ROLES):
        return True
    return bool(REVIEW_ACTIONS.intersection(actions))


@require_GET
@login_required
def nomination_detail(request, pk: int):
    user = request.user
    nomination = visible_nomination(user, pk)
    actions = allowed_actions(nomination, user)
    show_sensitive = may_see_sensitive(user, nomination)
    log_personal_data_opened(nomination, by=user, sensitive=show_sensitive)
    initiatives = list(nomination.initiatives.all())
    for initiative in initiatives:
        initiative.benefit_text = format_dong(initiative.benefit)
    context = {
        "nomination": nomination,
        "returned": last_return(nomination),
        # Sanitised on save already; sanitising again is idempotent and keeps the page safe
        # should a record ever bypass the editing functions (admin, a future import).
        "achievements": sanitize(with_paragraphs(nomination.achievements)),
        "initiatives": initiatives,
        "past_awards": list(nomination.past_awards.all()),
        "show_sensitive": show_sensitive,
        "is_system_admin": is_system_admin(user),
        "assessments": nomination.assessments.select_related("criterion").order_by(
            "criterion__position", "criterion__pk"
        ),
        "photos": nomination.photos.all(),
        "attachments": nomination.attachments.all(),
        "timeline": build_timeline(nomination, user),
        "duplicates": (
            find_duplicates(nomination, user=user)
            if shows_duplicates(nomination, user, actions)
            else []
        ),
        "actions": [(action, Action(action).label) for action in actions],
        "can_edit": user.has_perm("nominations.change_nomination", nomination),
        "field_steps": field_history(
            nomination, fields=HISTORY_FIELDS, labels={"field": "name", "movement": "name"}
        ),
        "show_address": is_system_admin(user),
        "panels": dossier_page.panels(request, nomination=nomination),
        **consent_context(user, nomination),
        **history_of(nomination, sees_unit=sees_unit_for(user)),
    }
    return render(request, "nominations/detail.html", context)


def consent_context(user, nomination: Nomination) -> dict:
    """What ``nominations/_consent.html`` needs: whether the user may change the consent,
    and the forms to do it."""
    manages = may_manage_consent(user, nomination)
    return {
        "can_manage_consent": manages,
        "consent_form": ConsentForm() if manages else None,
        "consent_withdraw_form": ConsentWithdrawForm() if manages else None,
    }
