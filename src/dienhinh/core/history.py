"""Field-level change history (django-simple-history): who changed which field, before → after.

Models opt in with ``simple_history.models.HistoricalRecords(excluded_fields=...)``, leaving
out derived columns (folded search text, sort keys): they change with the fields they derive
from and would only repeat them. Each ``save()`` writes one historical row; queryset
``update()`` and ``bulk_create()`` write none (the demo loader and the benchmark use those for
speed and back-dating, so their rows start without history).
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager

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


def _shown(record, model_field) -> str:
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = getattr(record, model_field.name, None)
        return str(related) if related is not None else f"#{value}"
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


def field_history(
    obj: models.Model, *, fields: Sequence[str], related: Sequence[str] = ()
) -> list[HistoryStep]:
    """``obj``'s saves, newest first, each with the changes among ``fields`` (labelled with
    their verbose names). Saves that changed none of them are left out, except the creation.

    ``related`` names the foreign keys among ``fields`` to load with the rows (one query in
    all, however long the history).
    """
    model_fields = [obj._meta.get_field(name) for name in fields]
    records = list(
        obj.history.select_related("history_user", *related).order_by(
            "-history_date", "-history_id"
        )[: HISTORY_SHOWN + 1]
    )
    records.reverse()
    steps = []
    previous = None
    for record in records:
        user = record.history_user
        step = HistoryStep(at=record.history_date, user_label=str(user) if user else "—")
        if previous is None:
            # The oldest row shown: a creation, or the cut-off point of a long history.
            if record.history_type == "+" and len(records) <= HISTORY_SHOWN:
                step.created = True
                steps.append(step)
            previous = record
            continue
        for model_field in model_fields:
            name = model_field.attname
            if getattr(previous, name) == getattr(record, name):
                continue
            before, after = _shown(previous, model_field), _shown(record, model_field)
            if before != after:  # markup-only changes of rich text show no difference
                step.changes.append(FieldChange(str(model_field.verbose_name), before, after))
        if step.changes:
            steps.append(step)
        previous = record
    steps.reverse()
    return steps
