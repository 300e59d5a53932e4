"""Addresses reversed once: ``address(name, *args)`` is ``reverse(name, args=args)``.

A ``reverse()`` walks the resolver's possibilities, converts and checks every argument
against the pattern and quotes the result: about 0.1 ms, and a portal page has fifteen of
them (the menu, the breadcrumbs, each card's story, unit and field). The address of a view
is found once per script prefix and URLconf with marker arguments and kept as a template;
later calls only put their arguments in it. An argument that is not plain (letters, digits,
"-" and "_": ids, slugs, unit codes) goes the whole way through ``reverse()``, which checks
and quotes it as it always did.
"""

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_PLAIN = re.compile(r"[-A-Za-z0-9_]+")
_MARKER = 73_400_000  # digits: a marker fits an int, str or slug converter alike


@functools.cache
def _template(prefix: str, urlconf, name: str, arity: int) -> tuple[str, ...]:
    """The address cut around its arguments: arity + 1 pieces (the prefix and URLconf are
    part of the key: reverse() reads them)."""
    markers = [str(_MARKER + i) for i in range(arity)]
    path = reverse(name, urlconf=urlconf, args=markers)
    pieces = []
    for marker in markers:
        before, found, path = path.partition(marker)
        if not found or marker in path:
            raise ValueError(f"{name}: each argument must appear once in its address")
        pieces.append(before)
    return (*pieces, path)


def address(name: str, *args) -> str:
    """``reverse(name, args=args)``, from the address found once (see the module)."""
    texts = [str(arg) for arg in args]
    if not all(_PLAIN.fullmatch(text) for text in texts):
        return reverse(name, args=args)
    pieces = _template(get_script_prefix(), get_urlconf(), name, len(texts))
    out = [pieces[0]]
    for text, piece in zip(texts, pieces[1:], strict=True):
        out += [text, piece]
    return "".join(out)


@receiver(setting_changed)
def _forget(*, setting: str, **_signal) -> None:
    # ROOT_URLCONF overridden (a test): get_urlconf() is still None, so the key misses it.
    if setting == "ROOT_URLCONF":
        _template.cache_clear()
