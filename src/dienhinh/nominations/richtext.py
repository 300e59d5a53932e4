"""Rich text written by users (achievements) is sanitised on the way in with nh3."""

import unicodedata

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize(html: str) -> str:
    """Keep simple formatting and safe links; drop scripts, styles, events and javascript:.

    Text is put in NFC but its line structure is kept (no whitespace collapsing).
    """
    return nh3.clean(
        unicodedata.normalize("NFC", html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
