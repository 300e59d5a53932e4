"""The plan's live monitoring page (per child unit, field, emulation group and month, with
charts and their tables) and its XLSX export. Who may look at which unit is decided in
reports.monitoring.access; anyone else, and any unit outside it, gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.core.xlsx import xlsx_response
from dienhinh.plans.reporting import report_rules
from dienhinh.reports.monitoring.access import monitored, trail
from dienhinh.reports.monitoring.board import board_for
from dienhinh.reports.monitoring.export import board_workbook


def _found(request, plan_id: int):
    unit_id = request.GET.get("unit")
    if unit_id not in (None, ""):
        try:
            unit_id = int(unit_id)
        except ValueError:
            raise Http404 from None
    else:
        unit_id = None
    found = monitored(request.user, plan_id, unit_id)
    if found is None:
        raise Http404
    return found


def chart_labels() -> dict:
    """The charts' legends, in the page's language."""
    return {
        "on_time": _("On time"),
        "late": _("Late"),
        "missing": _("Missing"),
        "not_yet_due": _("Not yet due"),
        "exempt": _("Exempt"),
        "dossiers": _("Dossiers"),
        "selected": _("Selected"),
        "stories": _("Stories published"),
        "reports": _("Reports"),
        "meetings": _("Meetings"),
        "seminars": _("Seminars hosted"),
        "seminars_attended": _("Seminars attended"),
    }


@login_required
@require_GET
def monitoring(request, plan_id: int):
    plan, unit = _found(request, plan_id)
    board = board_for(plan, unit, viewer=request.user)
    return render(
        request,
        "reports/monitoring.html",
        {
            "plan": plan,
            "unit": unit,
            "board": board,
            "data": board.as_dict(),
            "trail": trail(plan, request.user, unit),
            "rules": report_rules(plan),
            "chart_labels": chart_labels(),
        },
    )


@login_required
@require_GET
def monitoring_export(request, plan_id: int):
    plan, unit = _found(request, plan_id)
    board = board_for(plan, unit, viewer=request.user)
    content = board_workbook(board, by=request.user)
    name = f"theo-doi-{plan.number}-{plan.symbol}-{unit.code}-{timezone.localdate().isoformat()}"
    return xlsx_response(content, f"{name}.xlsx".replace("Đ", "D").replace("đ", "d"))
