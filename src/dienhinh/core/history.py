"""Field-level change history (django-simple-history): who changed which field, before → after.

Models opt in with ``simple_history.models.HistoricalRecords(excluded_fields=...)``, leaving
out derived columns (folded search text, sort keys): they change with the fields they derive
from and would only repeat them. Each ``save()`` writes one historical row; queryset
``update()`` and ``bulk_create()`` write none (the demo loader and the benchmark use those for
speed and back-dating, so their rows start without history).
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager

from dienhinh.core.prepared import Prepared

HISTORY_SHOWN = 100
_TEXT_SHOWN = 300


class CachedHistoryManager(HistoryManager):
    """simple-history's manager, minus a new class per access: its descriptor calls
    ``from_queryset`` on every ``instance.history``, i.e. on every save, which the demo loader
    and the imports pay for. The classes it makes carry no state, so one per queryset class
    will do. Models pass it as ``HistoricalRecords(history_manager=...)``."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


def changed_by(instance: models.Model, user) -> None:
    """Name ``user`` as the author of ``instance``'s next saved history row.

    Domain functions call this rather than relying on the request (they run from the API,
    commands and tasks too). An unsaved user (a command's system actor) is recorded as nobody.
    """
    instance._history_user = user if getattr(user, "pk", None) else None


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryStep:
    at: object
    user_label: str
    created: bool = False
    changes: list[FieldChange] = field(default_factory=list)


def _shown(row: dict, model_field, labels: Mapping[str, str]) -> str:
    value = row[model_field.attname]
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        label = row.get(_label_column(model_field.name, labels))
        return str(label) if label is not None else f"#{value}"
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.TextField):
        # Rich text (achievements) is HTML: compare and show its words, never its markup.
        return Truncator(strip_tags(str(value))).chars(_TEXT_SHOWN)
    return str(value)


def _label_column(name: str, labels: Mapping[str, str]) -> str:
    return f"{name}__{labels[name]}" if name in labels else ""


# What a user's str() shows (accounts.models.User.__str__): the full name, else the email.
_USER_NAMES = ("history_user__full_name", "history_user__email")
_QUERIES: dict[tuple, Prepared] = {}


def _history_rows(obj: models.Model, columns: tuple[str, ...]) -> list[dict]:
    """The newest HISTORY_SHOWN + 1 history rows of ``obj``, as plain rows: the query is
    compiled once per model and columns (core.prepared) and its rows are never turned into
    model instances (a page's wide historical rows and their users cost more than the
    database takes to find them)."""
    historical = obj.history.model
    key = (historical, columns)
    prepared = _QUERIES.get(key)
    if prepared is None:
        pk_name = obj._meta.pk.attname
        prepared = _QUERIES[key] = Prepared(
            lambda pk: (
                historical.objects.filter(**{pk_name: pk})
                .order_by("-history_date", "-history_id")
                .values_list(*columns)[: HISTORY_SHOWN + 1]
            )
        )
    return prepared.rows(obj.pk)


def field_history(
    obj: models.Model, *, fields: Sequence[str], labels: Mapping[str, str] | None = None
) -> list[HistoryStep]:
    """``obj``'s saves, newest first, each with the changes among ``fields`` (labelled with
    their verbose names). Saves that changed none of them are left out, except the creation.

    ``labels`` names, for the foreign keys among ``fields``, the field of the related row
    that names it (what its ``__str__`` shows: ``{"movement": "name"}``), read with the rows
    as it is now (a renamed movement shows its new name). One query in all, however long
    the history.
    """
    labels = labels or {}
    model_fields = [obj._meta.get_field(name) for name in fields]
    columns = (
        "history_date",
        "history_type",
        *_USER_NAMES,
        *(f.attname for f in model_fields),
        *(_label_column(name, labels) for name in labels),
    )
    rows = _history_rows(obj, columns)
    rows.reverse()
    steps = []
    previous = None
    for row in rows:
        user_label = row["history_user__full_name"] or row["history_user__email"] or "—"
        step = HistoryStep(at=row["history_date"], user_label=user_label)
        if previous is None:
            # The oldest row shown: a creation, or the cut-off point of a long history.
            if row["history_type"] == "+" and len(rows) <= HISTORY_SHOWN:
                step.created = True
                steps.append(step)
            previous = row
            continue
        for model_field in model_fields:
            name = model_field.attname
            if previous[name] == row[name]:
                continue
            before, after = _shown(previous, model_field, labels), _shown(row, model_field, labels)
            if before != after:  # markup-only changes of rich text show no difference
                step.changes.append(FieldChange(str(model_field.verbose_name), before, after))
        if step.changes:
            steps.append(step)
        previous = row
    steps.reverse()
    return steps
