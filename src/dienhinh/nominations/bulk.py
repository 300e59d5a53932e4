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


# --- Every waiting dossier at once, on the worker (core.jobs) ------------------------------

JOB_KIND = "dossier_bulk"
MAX_JOB = 5000  # a province's whole intake for one plan fits


def snapshot(dossiers) -> list[list]:
    """The dossiers as the reviewer sees them now, [pk, state, unit, round] each: the job
    refuses any that someone else moves before the worker gets to it."""
    return [
        [pk, state, unit, round_]
        for pk, state, unit, round_ in dossiers.order_by("pk").values_list(
            "pk", "state", "current_unit_id", "round"
        )[:MAX_JOB]
    ]


def start_bulk_job(dossiers, *, action: str, by: User, reason: str = ""):
    """Queue ``action`` on every dossier of ``dossiers`` (a queryset the caller built from
    what waits for ``by``) as a job; returns it. The request is checked now (action, reason)."""
    from dienhinh.core import jobs
    from dienhinh.nominations.tasks import bulk_job_task

    picks = snapshot(dossiers)
    check_bulk([Pick(p[0]) for p in picks[:1]], action=action, reason=reason)
    if not picks:
        raise ValidationError({"items": _("Select at least one dossier.")})
    title = (
        _("Forwarding %(count)d dossiers")
        if action == Action.FORWARD
        else _("Returning %(count)d dossiers")
    ) % {"count": len(picks)}
    return jobs.start(
        JOB_KIND,
        owner=by,
        title=title,
        total=len(picks),
        params={"action": action, "reason": reason, "picks": picks},
        task=bulk_job_task,
    )


def bulk_job_work(job, progress) -> tuple[dict, list]:
    """The worker's part: each dossier on its own, as on the page (a refusal leaves the
    others done), in chunks the size of a page's bulk action."""
    params = job.params
    picks = [
        Pick(pk, Seen(state=state, unit_id=unit, round=round_))
        for pk, state, unit, round_ in params["picks"]
    ]
    done, refused = [], []
    for start in range(0, len(picks), MAX_BULK):
        outcome = bulk_transition(
            picks[start : start + MAX_BULK],
            action=params["action"],
            by=job.owner,
            reason=params.get("reason", ""),
        )
        done += [[pk, name] for pk, name in outcome.done]
        refused += [[pk, name, why] for pk, name, why in outcome.refused]
        progress(min(start + MAX_BULK, len(picks)))
    # Refusals are part of the result, not a failure: the others went ahead.
    return {"action": params["action"], "done": done, "refused": refused}, []


def register_job_kind() -> None:
    from django.urls import reverse

    from dienhinh.core import jobs

    jobs.register(
        JOB_KIND,
        result_template="nominations/_bulk_result.html",
        back_url=lambda job: reverse("nominations:inbox"),
    )
