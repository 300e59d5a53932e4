"""Comparing two versions of a story word by word: the text of each part (headline, lead,
body without its markup), split into words, compared with difflib; removed words in <del>,
added ones in <ins>, everything else escaped."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from dienhinh.publishing.models import StoryVersion

# Words and the whitespace between them, so the result keeps the text's spacing.
_TOKENS = re.compile(r"\s+|[^\s]+")
# Block elements end a line when the body's markup is dropped.
_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)


def body_text(html: str) -> str:
    """The body's words, one paragraph a line, entities decoded (``&amp;`` is ``&``)."""
    import html as html_lib

    text = strip_tags(_BLOCK_END.sub("\n", html or ""))
    lines = [" ".join(line.split()) for line in html_lib.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def word_diff(before: str, after: str) -> SafeString:
    """``after`` with the words not in ``before`` in <ins> and those gone in <del>."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(new[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped above)


@dataclass
class PartDiff:
    label: str
    html: SafeString
    changed: bool


def compare(before: StoryVersion, after: StoryVersion, labels: dict[str, str]) -> list[PartDiff]:
    """The headline, lead and body of two versions, compared."""
    parts = []
    for name, old, new in (
        ("headline", before.headline, after.headline),
        ("lead", before.lead, after.lead),
        ("body", body_text(before.body), body_text(after.body)),
    ):
        parts.append(PartDiff(labels[name], word_diff(old, new), old != new))
    return parts
