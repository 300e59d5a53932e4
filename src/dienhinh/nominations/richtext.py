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


_BLOCK = ("<p", "<br", "<ul", "<ol", "<h3", "<h4", "<blockquote")


def with_paragraphs(html: str) -> str:
    """Text typed without the editor (no JavaScript, old records, the API) shows as typed:
    a blank line starts a paragraph, a line break stays one. HTML with blocks is kept."""
    text = (html or "").strip()
    if not text or any(tag in text.lower() for tag in _BLOCK):
        return text
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join("<p>" + part.replace("\n", "<br>") + "</p>" for part in parts)
