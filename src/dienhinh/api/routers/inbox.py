"""What waits for the caller and bulk decisions: the "Waiting for me" page, as an API.

``GET /inbox`` answers the same rows and counts as the page (the same queries, so the same
permissions); ``POST /nominations/bulk`` forwards or returns several dossiers through
``nominations.bulk``, each on its own.
"""

from ninja import Query, Router

from dienhinh.api.rows import brief_rows
from dienhinh.api.schemas.common import PageParams, errors
from dienhinh.api.schemas.nominations import BulkIn, BulkOut, InboxOut
from dienhinh.nominations.bulk import Pick, bulk_transition
from dienhinh.nominations.queries import (
    counts_by_plan,
    counts_by_state,
    returned_to_writer,
    scoped_returned_to_writer,
    scoped_waiting_for,
    waiting_for,
)
from dienhinh.nominations.workflow import Seen

router = Router(tags=["inbox"])
bulk_router = Router(tags=["nomination workflow"])


@router.get("", response={200: InboxOut, **errors(401, 422)}, summary="What waits for me")
def inbox(request, page: Query[PageParams]):
    user = request.user
    waiting = waiting_for(user)
    returned = returned_to_writer(user)
    rows = waiting.order_by("-updated_at", "-pk")
    returned_rows = returned.order_by("-updated_at", "-pk")
    # The counts' SQL is compiled once per scope (nominations.queries.Scoped).
    scoped = scoped_waiting_for(user)
    by_state = counts_by_state(scoped)
    return {
        # Every dossier has one state: the counts per state add up to the total.
        "waiting_count": sum(row["count"] for row in by_state),
        "waiting": brief_rows(rows[page.offset : page.offset + page.limit]),
        "by_plan": counts_by_plan(scoped),
        "by_state": [{**row, "label": str(row["label"])} for row in by_state],
        "returned_count": scoped_returned_to_writer(user).count(),
        "returned": brief_rows(returned_rows[: page.limit]),
    }


@bulk_router.post(
    "/bulk",
    response={200: BulkOut, **errors(400, 401, 422)},
    summary="Forward or return several dossiers; each is handled on its own",
)
def bulk(request, payload: BulkIn):
    picks = [
        Pick(
            item.id,
            None
            if item.seen is None
            else Seen(state=item.seen.state, unit_id=item.seen.unit_id, round=item.seen.round),
        )
        for item in payload.items
    ]
    outcome = bulk_transition(picks, action=payload.action, by=request.user, reason=payload.reason)
    return {
        "done": [{"id": pk, "name": name} for pk, name in outcome.done],
        "refused": [{"id": pk, "name": name, "message": why} for pk, name, why in outcome.refused],
    }
