"""The duplicate check on submit: one achievement must not be rewarded twice."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination

LOOKBACK_YEARS = 3


@dataclass
class PossibleDuplicate:
    nomination: Nomination
    reason: str  # "same_plan" or "selected_recently"


def find_duplicates(nomination: Nomination, *, user) -> list[PossibleDuplicate]:
    """Other dossiers for the same person (normalised name and year of birth) or collective
    in the same plan, or selected in the last three years. Only dossiers ``user`` may see are
    returned, so the warning never leaks another branch's work."""
    if not nomination.subject_key:
        return []
    since = timezone.localdate().year - LOOKBACK_YEARS
    candidates = (
        Nomination.objects.visible_to(user)
        .filter(subject_key=nomination.subject_key)
        .exclude(pk=nomination.pk)
        .exclude(state=State.WITHDRAWN)
        .filter(Q(plan=nomination.plan) | Q(state=State.SELECTED, plan__year__gte=since))
        .select_related("plan", "nominating_unit")
        .order_by("-plan__year", "pk")
    )
    return [
        PossibleDuplicate(
            other, "same_plan" if other.plan_id == nomination.plan_id else "selected_recently"
        )
        for other in candidates
    ]
