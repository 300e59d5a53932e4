"""``{% monitoring_cells row %}``: the status and figure cells of one line of the monitoring
tables (by unit, by emulation group), rendered in Python.

A province's board has a hundred lines or more of fourteen cells, each with its translated
``data-label`` (the small screens' heading) and a localised number: through two includes
per line the template engine spent two thirds of the page's time on them (about 290 include
renders and 2,900 translated labels a read at national scale). Here the labels are
translated once per read and the numbers formatted as the template would (``localize``,
``floatformat:1``), into the same markup.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

register = template.Library()

# (data-label, the line's key or keys shown in the cell), in the tables' column order; the
# labels translated when a read renders them (marked here for makemessages).
_STATUS = (
    (N_("On time"), "on_time"),
    (N_("Late"), "late"),
    (N_("Missing"), "missing"),
    (N_("Not yet due"), "not_yet_due"),
    (N_("Exempt"), "exempt"),
    (N_("Expected"), "expected"),
)
_RATES = ((N_("Reporting rate"), "reporting_rate"), (N_("On-time rate"), "on_time_rate"))
_FIGURES = (
    (N_("Dossiers"), ("dossiers",)),
    (N_("Selected"), ("selected",)),
    (N_("Stories published"), ("stories",)),
    (N_("Meetings (participants)"), ("meetings", "meeting_participants")),
    (N_("Seminars hosted (participants)"), ("seminars", "seminar_participants")),
    (N_("Seminars attended"), ("seminars_attended",)),
)


class _Cells:
    """The labels in the active language, and each number formatted once."""

    def __init__(self):
        self.status = [(escape(gettext(label)), key) for label, key in _STATUS]
        self.rates = [(escape(gettext(label)), key) for label, key in _RATES]
        self.figures = [(escape(gettext(label)), keys) for label, keys in _FIGURES]
        self.grouping = settings.USE_THOUSAND_SEPARATOR
        self.decimal = escape(get_format("DECIMAL_SEPARATOR"))
        self.numbers: dict = {}
        self.percents: dict = {}

    def number(self, value) -> str:
        if type(value) is int and not self.grouping:
            return str(value)  # what localize gives an int without a thousands separator
        if value not in self.numbers:
            self.numbers[value] = escape(localize(value))
        return self.numbers[value]

    def percent(self, value) -> str:
        if type(value) is float and not self.grouping:
            # The rates are already rounded to one decimal (Line.as_dict): what floatformat
            # gives them, with the language's decimal separator.
            return f"{value:.1f}".replace(".", self.decimal)
        if value not in self.percents:
            self.percents[value] = escape(floatformat(value, 1))
        return self.percents[value]

    def render(self, row: dict) -> str:
        cell = '<td data-label="{}" class="num">{}</td>'
        parts = [cell.format(label, self.number(row[key])) for label, key in self.status]
        parts += [cell.format(label, self.percent(row[key]) + "%") for label, key in self.rates]
        for label, keys in self.figures:
            shown = self.number(row[keys[0]])
            if len(keys) == 2:
                shown = f"{shown} ({self.number(row[keys[1]])})"
            parts.append(cell.format(label, shown))
        return "\n".join(parts) + "\n"  # as the two includes ended


def _cells(context) -> _Cells:
    cells = context.render_context.get(_Cells)
    if cells is None:  # once per rendering: the labels of this request's language
        cells = context.render_context[_Cells] = _Cells()
    return cells


@register.simple_tag(takes_context=True)
def monitoring_cells(context, row: dict) -> str:
    """The fourteen cells of ``row`` (a line of ``Board.as_dict()``)."""
    return mark_safe(_cells(context).render(row))  # noqa: S308 -- labels and numbers escaped


@register.simple_tag(takes_context=True)
def monitoring_unit_rows(context, rows: list, label: str, board_url: str) -> str:
    """The child units' rows: the name, a link to the child's board where the viewer may
    open it (``drillable``), then the cells; laid out as the template's loop was."""
    cells, label, board_url = _cells(context), escape(label), escape(board_url)
    parts = []
    for row in rows:
        name = escape(row["name"])
        if row["drillable"]:
            name = f'<a href="{board_url}?unit={row["id"]}">{name}</a>'
        head = f'<th scope="row" data-label="{label}">{name}</th>'
        parts.append(f"\n    <tr>{head}{cells.render(row)}</tr>\n    ")
    return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above


@register.simple_tag(takes_context=True)
def monitoring_group_rows(context, rows: list, label: str) -> str:
    """The emulation groups' rows: the name, then the cells."""
    cells, label = _cells(context), escape(label)
    return mark_safe(  # noqa: S308 -- every value escaped
        "".join(
            f'<tr><th scope="row" data-label="{label}">{escape(row["name"])}</th>'
            f"{cells.render(row)}</tr>"
            for row in rows
        )
    )
