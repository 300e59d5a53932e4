"""Live monitoring of a plan's reports: the monitoring page's numbers, with its permissions
(reports.monitoring.access) — anyone else, and any unit outside it, gets 404."""

from django.http import Http404
from ninja import Router

from dienhinh.api.schemas.common import READ_ERRORS
from dienhinh.api.schemas.monitoring import MonitoringOut
from dienhinh.reports.monitoring.access import monitored
from dienhinh.reports.monitoring.board import board_for

router = Router(tags=["monitoring"])


@router.get(
    "/{plan_id}",
    response={200: MonitoringOut, **READ_ERRORS},
    summary="Reports and figures of a plan per child unit, field, emulation group and month",
)
def plan_monitoring(request, plan_id: int, unit: int | None = None):
    """The figures of the caller's entry unit on the plan (the issuing unit for its
    monitors), or of ``unit`` below it: per child unit on time / late / missing / not yet
    due / exempt with the rates, and the dossiers, stories and activities."""
    found = monitored(request.user, plan_id, unit)
    if found is None:
        raise Http404
    plan, unit_found = found
    return board_for(plan, unit_found, viewer=request.user).as_dict()
