"""Forwarding or returning several dossiers at once, for the inbox page and the API.

Each dossier goes through ``workflow.transition_nomination`` in a transaction of its own:
one that is refused (not in scope, acted on by someone else meanwhile, not at the reviewer's
level) is reported with the reason and leaves the others done.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.text import clean_field
from dienhinh.nominations.enums import Action
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.workflow import REASON_REQUIRED, Decision, Seen, transition_nomination

BULK_ACTIONS = (Action.FORWARD, Action.RETURN)
MAX_BULK = 200
MAX_REASON = 5000


@dataclass(frozen=True)
class Pick:
    """One selected dossier, as the reviewer saw it (None: as it is now)."""

    pk: int
    seen: Seen | None = None


@dataclass
class BulkOutcome:
    done: list[tuple[int, str]] = field(default_factory=list)  # (pk, name)
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # (pk, name, why)


def check_bulk(picks: list[Pick], *, action: str, reason: str) -> str:
    """The cleaned reason, or a ValidationError saying what is wrong with the request."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": _("Choose forward or return.")})
    if not picks:
        raise ValidationError({"items": _("Select at least one dossier.")})
    if len(picks) > MAX_BULK:
        raise ValidationError(
            {"items": _("Select at most %(max)d dossiers at a time.") % {"max": MAX_BULK}}
        )
    reason = clean_field(reason or "", field="reason", multiline=True)
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Use at most %(limit)s characters.") % {"limit": MAX_REASON}}
        )
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason for returning the selected dossiers.")})
    return reason


def bulk_transition(picks: list[Pick], *, action: str, by: User, reason: str = "") -> BulkOutcome:
    """Apply ``action`` to every picked dossier, each on its own.

    Raises ValidationError (and changes nothing) when the request itself is wrong: an action
    other than forward or return, no dossier, too many, a return without a reason. Side
    effects: what ``transition_nomination`` does, once per dossier that goes through.
    """
    reason = check_bulk(picks, action=action, reason=reason)
    outcome = BulkOutcome()
    handled: set[int] = set()
    for pick in picks:
        if pick.pk in handled:  # the same box twice counts once
            continue
        handled.add(pick.pk)
        nomination = Nomination.objects.visible_to(by).filter(pk=pick.pk).first()
        if nomination is None:
            outcome.refused.append(
                (pick.pk, f"#{pick.pk}", _("This dossier is not in your scope."))
            )
            continue
        name = nomination.subject_name or f"#{pick.pk}"
        try:
            with transaction.atomic():
                transition_nomination(
                    nomination,
                    action=action,
                    by=by,
                    seen=pick.seen,
                    decision=Decision(reason=reason),
                )
        except PermissionDenied as denied:
            outcome.refused.append((pick.pk, name, str(denied) or _("You may not do this.")))
        except ValidationError as error:  # TransitionConflict included
            outcome.refused.append((pick.pk, name, " ".join(error.messages)))
        else:
            outcome.done.append((pick.pk, name))
    return outcome
