"""Template helpers for plans written the way official documents are."""

import datetime

from django import template
from django.utils.html import format_html, format_html_join

from dienhinh.plans import document

register = template.Library()


@register.filter
def vietnamese_long_date(day: datetime.date | None) -> str:
    """The date as an official document writes it: "ngày 29 tháng 6 năm 2017" (see
    plans.document.long_date)."""
    return document.long_date(day)


@register.filter
def place_and_date(plan) -> str:
    """ "Trà Vinh, ngày 29 tháng 6 năm 2017": the plan's place, then its date written out."""
    return document.place_and_date(plan.place, plan.issued_on, year=plan.year)


@register.filter
def document_text(paragraph: str) -> str:
    """A section's paragraph, escaped, with its ``**bold**`` words in <strong>."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<strong>{}</strong>", text) if bold else text,)
            for text, bold in document.inline_runs(paragraph)
        ),
    )
