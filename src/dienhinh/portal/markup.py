"""The portal's repeated pieces of HTML written in Python: a photo (``<picture>``), a story's
card in a list, a date.

A list page has twenty cards, each with its photo; as nested ``{% include %}`` templates
they were 44 % of the page's CPU (each include copies the context, looks the template up,
resolves a dozen variables through the template engine and escapes each value through
``conditional_escape``'s lazy-string checks). Here each value is escaped once with the
standard library (what Django's ``escape`` does) and formatted into one string. The cards
hold no translated words; the templates that use them keep theirs.
"""

from html import escape

from django.template.defaultfilters import truncatewords
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from dienhinh.publishing.public import PublicPicture, PublicStory

CARD_LEAD_WORDS = 40


def day(moment) -> dict[str, str]:
    """A date as the portal shows it: ``iso``, the local ISO form for ``datetime=`` (the
    ``date:'c'`` filter), and ``shown``, dd/mm/yyyy (a dict: the template engine finds
    its keys at the first try)."""
    local = timezone.localtime(moment)
    return {"iso": local.isoformat(), "shown": local.strftime("%d/%m/%Y")}


def time_html(moment) -> str:
    found = day(moment)
    return f'<time datetime="{found["iso"]}">{found["shown"]}</time>'


def picture_html(picture: PublicPicture, sizes: str, *, caption: bool) -> SafeString:
    """One public photo: WebP and JPEG sources, sized, lazy (the story page and the cards)."""
    sizes = escape(sizes)
    fallback = picture.fallback
    source = (
        f'<source type="image/webp" srcset="{escape(picture.webp_srcset)}" sizes="{sizes}">'
        if picture.webp
        else ""
    )
    srcset = f' srcset="{escape(picture.jpeg_srcset)}"' if picture.jpeg else ""
    figcaption = (
        f"\n  <figcaption>{escape(picture.caption)}</figcaption>"
        if caption and picture.caption
        else ""
    )
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<figure class="photo">\n  <picture>\n    {source}\n'
        f'    <img src="{escape(fallback.url)}"{srcset} sizes="{sizes}" '
        f'width="{fallback.width}" height="{fallback.height}" '
        f'alt="{escape(picture.alt_text)}" loading="lazy" decoding="async">\n'
        f"  </picture>{figcaption}\n</figure>"
    )


CARD_SIZES = "(max-width: 40rem) 100vw, 22rem"


def card_html(story: PublicStory, level: int) -> SafeString:
    """A story in a list: its cover, headline (``<h2>`` or ``<h3>``), unit, date, field and
    the start of its lead."""
    cover = story.cover
    picture = picture_html(cover, CARD_SIZES, caption=False) if cover else ""
    heading = "h3" if level == 3 else "h2"
    field = (
        f' · <a href="{escape(story.field.url)}">{escape(story.field.name)}</a>'
        if story.field
        else ""
    )
    lead = (
        f'\n    <p class="card-lead">{escape(truncatewords(story.lead, CARD_LEAD_WORDS))}</p>'
        if story.lead
        else ""
    )
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<article class="card">\n  {picture}\n  <div class="card-text">\n'
        f'    <{heading}><a href="{escape(story.url)}">{escape(story.headline)}</a></{heading}>\n'
        f'    <p class="meta"><a href="{escape(story.unit.url)}">{escape(story.unit.name)}</a>'
        f" · {time_html(story.first_published_at)}{field}</p>{lead}\n  </div>\n</article>"
    )
