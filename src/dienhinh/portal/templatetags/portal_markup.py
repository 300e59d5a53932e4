"""``{% picture %}`` and ``{% cards %}``: the portal's photos and story cards, written in
Python (portal.markup) rather than as nested includes."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from dienhinh.portal import markup

register = template.Library()


@register.simple_tag
def picture(picture, sizes: str, caption: bool = False) -> SafeString:
    return markup.picture_html(picture, sizes, caption=caption)


@register.simple_tag
def cards(stories, level: int) -> SafeString:
    """The ``<div class="cards">`` of ``stories`` (none: an empty string)."""
    if not stories:
        return mark_safe("")
    inner = "".join(markup.card_html(story, level) for story in stories)
    return mark_safe(f'<div class="cards">{inner}</div>')  # noqa: S308 (cards are escaped)
