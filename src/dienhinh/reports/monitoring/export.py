"""The monitoring board as an XLSX workbook: one sheet per table of the page, the same
numbers (core.xlsx writes typed cells, so the rates stay numbers)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core.xlsx import XlsxBuilder
from dienhinh.reports.monitoring.board import Board


def status_header() -> list[str]:
    return [
        _("On time"),
        _("Late"),
        _("Missing"),
        _("Not yet due"),
        _("Exempt"),
        _("Expected"),
        _("Reporting rate (%)"),
        _("On-time rate (%)"),
    ]


def figure_header() -> list[str]:
    return [
        _("Dossiers"),
        _("Selected"),
        _("Stories published"),
        _("Meetings"),
        _("Meeting participants"),
        _("Seminars hosted"),
        _("Seminar participants"),
        _("Seminars attended"),
    ]


def status_cells(row: dict) -> list:
    keys = ("on_time", "late", "missing", "not_yet_due", "exempt", "expected")
    return [row[key] for key in keys] + [row["reporting_rate"], row["on_time_rate"]]


def figure_cells(row: dict) -> list:
    keys = (
        "dossiers",
        "selected",
        "stories",
        "meetings",
        "meeting_participants",
        "seminars",
        "seminar_participants",
        "seminars_attended",
    )
    return [row[key] for key in keys]


def month_header() -> list[str]:
    return [
        _("Month"),
        _("Reports"),
        _("Dossiers submitted"),
        _("Stories published"),
        _("Meetings"),
        _("Seminars hosted"),
        _("Seminars attended"),
    ]


def board_workbook(board: Board, *, by) -> bytes:
    data = board.as_dict()
    builder = XlsxBuilder()
    titles = [
        _("Monitoring of plan %(ref)s: %(unit)s")
        % {"ref": board.plan.reference, "unit": board.unit.name},
        _("Counted %(now)s; exported by %(who)s")
        % {
            "now": timezone.localtime(board.counted_at).strftime("%d/%m/%Y %H:%M:%S"),
            "who": by.full_name,
        },
    ]
    units = builder.add_sheet(
        _("By unit"),
        [_("Code"), _("Unit"), *status_header(), *figure_header()],
        title_lines=titles,
    )
    own = [data["own"]] if data["own"] else []
    for row in own + data["children"]:
        units.append([row.get("code", ""), row["name"], *status_cells(row), *figure_cells(row)])
    units.append(["", _("Total"), *status_cells(data["total"]), *figure_cells(data["total"])])
    fields = builder.add_sheet(
        _("By field"),
        [_("Field"), _("Dossiers"), _("Selected"), _("Stories published")],
        title_lines=titles,
    )
    for row in data["fields"]:
        fields.append([row["name"], row["dossiers"], row["selected"], row["stories"]])
    groups = builder.add_sheet(
        _("By emulation group"),
        [_("Emulation group"), *status_header(), *figure_header()],
        title_lines=titles,
    )
    for row in data["groups"]:
        groups.append([row["name"], *status_cells(row), *figure_cells(row)])
    months = builder.add_sheet(_("By month"), month_header(), title_lines=titles)
    for row in data["months"]:
        months.append(
            [
                row["name"],
                row["reports"],
                row["dossiers"],
                row["stories"],
                row["meetings"],
                row["seminars"],
                row["seminars_attended"],
            ]
        )
    return builder.content()
