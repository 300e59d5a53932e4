"""Explicit extension points: how a lower app lets higher apps add to what it does.

Apps run one way (core → orgs → accounts → plans → nominations → publishing → …): a lower app
never imports a higher one. When a lower app must trigger work of a higher one, it declares a
``Hooks`` list (for example the follow-ups after a plan is issued) and the higher apps
register into it from their ``AppConfig.ready()``; when a lower app's page shows a part that
a higher app owns, it declares a ``Slot`` that the higher app fills with panels. Django
signals are not used for domain rules: these lists are explicit, ordered, named and listed by
``names`` so a test can pin down exactly what runs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class _Entry:
    name: str
    func: Callable
    order: int


class Hooks:
    """An ordered list of named callables that the owner runs at one moment."""

    def __init__(self, description: str):
        self.description = description
        self._entries: list[_Entry] = []

    def register(self, name: str, func: Callable, *, order: int = 100) -> None:
        """Add ``func`` under ``name``; registering the same name again replaces it (so a
        ready() that runs twice, as in some test set-ups, adds nothing twice)."""
        self._entries = [e for e in self._entries if e.name != name]
        self._entries.append(_Entry(name, func, order))
        self._entries.sort(key=lambda e: (e.order, e.name))

    @property
    def names(self) -> list[str]:
        return [e.name for e in self._entries]

    def __iter__(self):
        return iter([(e.name, e.func) for e in self._entries])


@dataclass
class Panel:
    """One part of a page contributed by another app: a template and its context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


class Slot(Hooks):
    """A place on a page that higher apps fill: each provider takes the request and the
    page's objects and returns a Panel, or None when it has nothing to show."""

    def panels(self, request, **objects) -> list[Panel]:
        found = (func(request, **objects) for _name, func in self)
        return [panel for panel in found if panel is not None]
