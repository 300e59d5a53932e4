"""Workflow actions on one dossier: submit, forward, return, select, reject, withdraw.

Each endpoint only translates HTTP: ``transition_nomination`` checks who may do what, in
which state, and refuses an action on a dossier that changed since the caller looked at it
(``seen``) with a conflict.
"""

from django.utils.translation import gettext as _
from ninja import Router

from dienhinh.api.errors import ApiError
from dienhinh.api.routers.nominations import nomination_detail, nomination_for
from dienhinh.api.schemas.common import errors
from dienhinh.api.schemas.nominations import ActionIn, NominationDetail
from dienhinh.nominations.duplicates import find_duplicates
from dienhinh.nominations.enums import Action
from dienhinh.nominations.workflow import (
    Decision,
    Seen,
    TransitionConflict,
    allowed_actions,
    transition_nomination,
)

router = Router(tags=["nomination workflow"])

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 422)


def _act(request, nomination_id: int, action: str, payload: ActionIn):
    user = request.user
    nomination = nomination_for(request, nomination_id)
    if (
        action == Action.SUBMIT
        and not payload.confirm_duplicates
        and action in allowed_actions(nomination, user)
        and find_duplicates(nomination, user=user)
    ):
        # As on the submit page: possible duplicates must be looked at and confirmed.
        message = _(
            "Possible duplicates of this dossier exist. Check them, then confirm that this is "
            "not a second reward for the same achievement."
        )
        raise ApiError(
            400, "invalid", message, [{"field": "confirm_duplicates", "message": message}]
        )
    seen = None
    if payload.seen is not None:
        seen = Seen(
            state=payload.seen.state, unit_id=payload.seen.unit_id, round=payload.seen.round
        )
    decision = Decision(
        reason=payload.reason or payload.comment,
        internal_note=payload.internal_note,
        scores=dict(payload.scores),
    )
    try:
        transition_nomination(nomination, action=action, by=user, seen=seen, decision=decision)
    except TransitionConflict as conflict:
        raise ApiError(409, "conflict", " ".join(conflict.messages)) from conflict
    return nomination_detail(request, nomination_id)


def _operation(action: Action, summary: str):
    @router.post(
        f"/{{int:nomination_id}}/{action.value}",
        response={200: NominationDetail, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"nomination_{action.value}",
    )
    def endpoint(request, nomination_id: int, payload: ActionIn):
        return _act(request, nomination_id, action, payload)

    return endpoint


submit = _operation(Action.SUBMIT, "Submit a draft or returned dossier for review")
forward = _operation(Action.FORWARD, "Forward a dossier to the next review level")
return_ = _operation(Action.RETURN, "Return a dossier to the nominating unit (reason required)")
select = _operation(Action.SELECT, "Select a dossier for propagation (issuing unit)")
reject = _operation(Action.REJECT, "Do not select a dossier (issuing unit, reason required)")
withdraw = _operation(Action.WITHDRAW, "Withdraw a dossier (nominating unit)")
