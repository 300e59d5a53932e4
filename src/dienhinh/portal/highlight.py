"""Matched words shown in the ORIGINAL text: the index sees only folded words, so each word
of the headline, lead or body is folded here and compared with the query's words."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from dienhinh.publishing.search import Query, words_of

_WORD = re.compile(r"[^\W_]+")


def _matches(word: str, query: Query) -> bool:
    return any(query.matches(folded) for folded in words_of(word))


def highlight(text: str, query: Query) -> SafeString:
    """``text`` escaped, each word the query matched in ``<mark>``."""
    out, position = [], 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), query):
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def snippet(html: str, query: Query, *, words: int = 30) -> SafeString:
    """About ``words`` words of the body around its first matched word, highlighted; empty
    when the body has none (the match was in the headline or lead)."""
    parts = strip_tags(html).split()
    first = next((i for i, part in enumerate(parts) if _matches(part, query)), None)
    if first is None:
        return mark_safe("")
    start = max(0, first - words // 3)
    chosen = parts[start : start + words]
    text = " ".join(chosen)
    prefix = "… " if start else ""
    suffix = " …" if start + words < len(parts) else ""
    return mark_safe(escape(prefix) + highlight(text, query) + escape(suffix))  # noqa: S308
