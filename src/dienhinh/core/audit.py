"""The one audit log: ``record`` writes an entry, the action registry names and describes
entries, ``present`` turns entries into what pages and exports show.

Every domain function that changes state calls ``record`` once, inside its own
``transaction.atomic``, so the entry exists exactly when the change does. The actions are
namespaced ("nomination.return", "plan.issue", "role.grant", "token.create", "unit.move",
"import.apply"); each app defines its own with ``define_action`` next to the functions that
record them, so core stays below the apps and knows none of their models.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.text import format_lazy

from dienhinh.core.context import Channel, current_address, current_channel
from dienhinh.core.models import AuditEntry
from dienhinh.core.prepared import Prepared

# sees_unit(unit_id, path) -> whether the viewer may see that unit's name (other branches'
# units stay unnamed when an entry mentions them, e.g. the parent a unit was moved from).
SeesUnit = Callable[[int | None, str], bool]
Details = Callable[[AuditEntry, SeesUnit], str]


@dataclass(frozen=True)
class ActionType:
    name: str
    label: Any  # a lazy translated string
    states: Mapping[str, Any] = field(default_factory=dict)
    details: Details | None = None


_ACTIONS: dict[str, ActionType] = {}


def define_action(
    name: str,
    label,
    *,
    states: Iterable[tuple[str, Any]] = (),
    details: Details | None = None,
) -> str:
    """Register an action (``label`` a lazy string; ``states`` the choices its from/to states
    come from; ``details`` a function describing an entry's ``extra``) and return its name."""
    _ACTIONS[name] = ActionType(name, label, dict(states), details)
    return name


def define_workflow_actions(
    namespace: str,
    subject,
    actions: Iterable[tuple[str, Any]],
    *,
    states: Iterable[tuple[str, Any]],
    details: Details | None = None,
) -> dict[str, str]:
    """One action per action of a workflow ("nomination.submit", ...), labelled
    "<subject>: <action>" (``subject`` a lazy string such as "Dossier"); returns
    {workflow action: audit action name} for the workflow's one transition function."""
    states = list(states)
    return {
        value: define_action(
            f"{namespace}.{value}",
            format_lazy("{}: {}", subject, label),
            states=states,
            details=details,
        )
        for value, label in actions
    }


def action_choices() -> list[tuple[str, str]]:
    """Every registered action with its label, sorted by name (so namespaces stay together)."""
    return [(name, str(kind.label)) for name, kind in sorted(_ACTIONS.items())]


def _label_of(obj) -> str:
    text = str(obj or "").strip()
    return (text or f"#{getattr(obj, 'pk', '')}")[:255]


def record(
    action: str,
    *,
    actor,
    target: Model | None,
    unit=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    extra: dict | None = None,
) -> AuditEntry:
    """Write one audit entry for ``action`` in the caller's transaction.

    ``actor`` is the user acting (an unsaved one, such as the import command's system actor,
    is kept by name only); ``unit`` anything with ``pk``, ``path`` and ``name`` (the unit
    concerned, whose path lets monitors see the entries of their subtree). The channel and
    client address come from the context (core.context), never from the caller.
    Side effects: inserts the AuditEntry row.
    """
    if action not in _ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: define it with define_action().")
    if not transaction.get_connection().in_atomic_block:
        # An entry outside the change's transaction could survive a rolled-back change.
        raise RuntimeError("core.audit.record() must run inside the change's transaction.")
    actor_id = getattr(actor, "pk", None)
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor_id,
        actor_label=_label_of(actor) if actor is not None else "",
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=_label_of(target) if target is not None else "",
        unit_id=unit.pk if unit is not None else None,
        unit_path=unit.path if unit is not None else "",
        unit_name=unit.name[:255] if unit is not None else "",
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        address=current_address(),
        channel=current_channel(),
        extra=extra or {},
    )


@dataclass
class Shown:
    """An entry as pages and exports show it, translated in the active language."""

    entry: AuditEntry
    label: str
    from_label: str
    to_label: str
    details: str
    channel_label: str
    url: str = ""


def _sees_everything(unit_id: int | None, path: str) -> bool:
    return True


def present(entries: Iterable[AuditEntry], *, sees_unit: SeesUnit | None = None) -> list[Shown]:
    """Labels, states and details of ``entries`` (no queries beyond loading them)."""
    sees_unit = sees_unit or _sees_everything
    channels = dict(Channel.choices)
    shown = []
    for entry in entries:
        kind = _ACTIONS.get(entry.action)
        states = kind.states if kind else {}
        shown.append(
            Shown(
                entry=entry,
                label=str(kind.label) if kind else entry.action,
                from_label=str(states.get(entry.from_state, entry.from_state)),
                to_label=str(states.get(entry.to_state, entry.to_state)),
                details=kind.details(entry, sees_unit) if kind and kind.details else "",
                channel_label=str(channels.get(entry.channel, entry.channel)),
            )
        )
    return shown


def unit_named(part: Mapping | None, sees_unit: SeesUnit) -> str:
    """The name of a unit mentioned in ``extra`` ({"id", "path", "name"}), or "—" when there is
    none or the viewer may not see it."""
    if not part:
        return "—"
    if not sees_unit(part.get("id"), part.get("path", "")):
        return "—"
    return part.get("name") or "—"


def unit_part(unit) -> dict | None:
    """A unit as ``extra`` keeps it: id, path and name at the time."""
    if unit is None:
        return None
    return {"id": unit.pk, "path": unit.path, "name": unit.name}


HISTORY_SHOWN = 50


def object_history(entries: QuerySet, *, sees_unit: SeesUnit | None = None) -> dict:
    """The context of ``includes/audit_history.html`` for an object's ``entries`` (newest
    first): the latest HISTORY_SHOWN of them, and whether there are more. Two queries at most
    (the entries; their content type is cached)."""
    return _history(list(entries[: HISTORY_SHOWN + 1]), sees_unit)


def _history(items: list[AuditEntry], sees_unit: SeesUnit | None) -> dict:
    return {
        "audit_rows": present(items[:HISTORY_SHOWN], sees_unit=sees_unit),
        "audit_more": len(items) > HISTORY_SHOWN,
    }


def _latest_entries(type_id: int, target_id: int) -> QuerySet:
    columns = [f.attname for f in AuditEntry._meta.concrete_fields]
    return (
        AuditEntry.objects.filter(target_type_id=type_id, target_id=target_id)
        .order_by("-at", "-id")
        .values_list(*columns)[: HISTORY_SHOWN + 1]
    )


# Compiled once (core.prepared): building this query was most of an object's history.
_LATEST = Prepared(_latest_entries)


def history_of(target: Model, *, sees_unit: SeesUnit | None = None) -> dict:
    """``object_history`` of the audit entries about ``target`` (newest first). They are
    read as plain rows through a query compiled once and made into instances for
    ``present`` and the template without the ORM's work per query (half a millisecond of
    an object's page). One query (the content type is cached)."""
    type_id = ContentType.objects.get_for_model(target).pk
    return _history([AuditEntry(**row) for row in _LATEST.rows(type_id, target.pk)], sees_unit)
