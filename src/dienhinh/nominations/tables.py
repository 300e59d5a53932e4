"""The dossier table's rows, rendered in Python.

The list, the inbox and the returned section show up to 50 rows of nine cells. Rendered by
the template engine, each row costs over a thousand function calls (variable lookups,
filters, escaping, an ``{% url %}`` per row): the rows were most of the list page's time.
Built here they cost a few dozen, with the same markup and the same escaping. The table's
head stays in ``_list_table.html``.
"""

from html import escape as html_escape

from django.db.models.query import ValuesIterable
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from dienhinh.nominations.enums import State
from dienhinh.plans.models import SubjectKind

# What a table row reads: the page's queries load only these columns (see LIST_ONLY).
LIST_ONLY = (
    "pk",
    "subject_kind",
    "full_name",
    "collective_name",
    "headline",
    "state",
    "round",
    "updated_at",
    "current_unit_id",
    "plan__number",
    "plan__symbol",
    "plan__year",
    "nominating_unit__name",
    "nominating_unit__short_name",
    "current_unit__name",
    "current_unit__short_name",
)


def table_values(queryset):
    """``queryset`` as the light rows of a paginated table: the columns of ``LIST_ONLY`` in
    one query, each row read like a dossier (``pk``, ``subject_name``, ``state``, ``plan``,
    ...). Building 50 dossiers with their plan and two units took longer than the query
    itself and the rows' HTML together."""
    rows = queryset.select_related(None).values(*LIST_ONLY)
    # Django's way to change what a values() queryset yields; slicing, counting and ordering
    # (the paginator's) keep working.
    rows._iterable_class = _RowIterable
    return rows


class ScopedTable:
    """The rows of a ``Scoped`` queryset (nominations.queries) as a paginator's list: its
    count and each page's rows come from SQL compiled once per key and page."""

    ordered = True  # the queryset orders its rows (the paginator asks)

    def __init__(self, scoped) -> None:
        self.scoped = scoped

    def count(self) -> int:
        return self.scoped.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list["_Row"]:
        start, stop = window.start, window.stop
        rows = self.scoped.rows(f"table:{start}:{stop}", lambda qs: table_values(qs)[start:stop])
        return [_Row(values) for values in rows]


class _Row:
    """A row of ``table_values`` read like a dossier by ``dossier_rows``."""

    __slots__ = ("current_unit", "current_unit_id", "headline", "nominating_unit", "pk", "plan")
    __slots__ += ("round", "state", "subject_kind", "subject_name", "updated_at")

    def __init__(self, values: dict) -> None:
        self.pk = values["pk"]
        self.subject_kind = values["subject_kind"]
        self.subject_name = (
            values["full_name"]
            if values["subject_kind"] == SubjectKind.INDIVIDUAL
            else values["collective_name"]
        )
        self.headline = values["headline"]
        self.state = values["state"]
        self.round = values["round"]
        self.updated_at = values["updated_at"]
        self.current_unit_id = values["current_unit_id"]
        self.plan = _Plan(values["plan__number"], values["plan__symbol"], values["plan__year"])
        self.nominating_unit = _Unit(
            values["nominating_unit__short_name"] or values["nominating_unit__name"]
        )
        self.current_unit = (
            _Unit(values["current_unit__short_name"] or values["current_unit__name"])
            if values["current_unit_id"] is not None
            else None
        )


class _RowIterable(ValuesIterable):
    def __iter__(self):
        return map(_Row, super().__iter__())


class _Plan:
    __slots__ = ("reference", "year")

    def __init__(self, number, symbol, year) -> None:
        # As Plan.reference writes it.
        self.reference = f"{number}/{symbol}"
        self.year = year


class _Unit:
    __slots__ = ("display_name",)

    def __init__(self, display_name: str) -> None:
        self.display_name = display_name


_ROW = (
    "<tr>{pick}"
    '<td data-label="{l_subject}"><a href="{url}">{name}</a></td>'
    '<td data-label="{l_kind}">{kind}</td>'
    '<td data-label="{l_headline}">{headline}</td>'
    '<td data-label="{l_unit}">{unit}</td>'
    '<td data-label="{l_plan}">{plan} ({year})</td>'
    '<td data-label="{l_state}"><span class="badge state state-{state}">{state_label}</span></td>'
    '<td data-label="{l_at}">{at}</td>'
    '<td data-label="{l_updated}">{updated}</td>'
    "</tr>"
)
_PICK = (
    '<td><input type="checkbox" name="pick" value="{pk}:{state}:{unit}:{round}"'
    ' aria-label="{label}"></td>'
)


def dossier_rows(rows, *, selectable: bool = False) -> SafeString:
    """The ``<tr>`` elements for ``rows`` (dossiers with plan, nominating and current unit
    loaded, or the rows of ``table_values``); with ``selectable`` a checkbox per row carrying
    the state the reviewer saw."""
    # The labels are the same in every row: escaped once and written into the row pattern.
    labels = {
        "l_subject": _("Subject"),
        "l_kind": _("Kind"),
        "l_headline": _("Headline"),
        "l_unit": _("Nominating unit"),
        "l_plan": _("Plan"),
        "l_state": _("State"),
        "l_at": _("Now reviewed at"),
        "l_updated": _("Updated"),
    }
    row_pattern = _ROW
    for key, label in labels.items():
        row_pattern = row_pattern.replace(
            "{" + key + "}", escape(label).replace("{", "{{").replace("}", "}}")
        )
    kinds = {value: str(label) for value, label in SubjectKind.choices}
    states = {value: str(label) for value, label in State.choices}
    no_name = _("(no name yet)")
    # One reverse for the page; each row's address differs only by its id.
    url_pattern = reverse("nominations:detail", args=[0]).replace("/0/", "/{}/")
    html = []
    for nomination in rows:
        # Each value escaped once by the standard library (what django.utils.html.escape
        # does, without its lazy-string checks: about 700 values a page) and written into
        # the pattern, whose own text is already escaped.
        pick = ""
        if selectable:
            pick = _PICK.format(
                pk=nomination.pk,
                state=_escape(nomination.state),
                unit=nomination.current_unit_id or "",
                round=nomination.round,
                label=_escape(_("Select %(name)s") % {"name": nomination.subject_name}),
            )
        current = nomination.current_unit
        html.append(
            row_pattern.format(
                pick=pick,
                url=_escape(url_pattern.format(nomination.pk)),
                name=_escape(nomination.subject_name or no_name),
                kind=_escape(kinds.get(nomination.subject_kind, nomination.subject_kind)),
                headline=_escape(nomination.headline),
                unit=_escape(nomination.nominating_unit.display_name),
                plan=_escape(nomination.plan.reference),
                year=nomination.plan.year,
                state=_escape(nomination.state),
                state_label=_escape(states.get(nomination.state, nomination.state)),
                at=_escape(current.display_name) if current is not None else "—",
                updated=localtime(nomination.updated_at).strftime("%d/%m/%Y"),
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308  (every value is escaped above)


def _escape(value) -> str:
    return html_escape(str(value))
