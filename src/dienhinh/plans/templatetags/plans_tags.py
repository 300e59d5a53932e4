"""Template helpers for plans written the way official documents are."""

import datetime

from django import template

register = template.Library()


@register.filter
def vietnamese_long_date(day: datetime.date | None) -> str:
    """The date as an official document writes it: "ngày 29 tháng 6 năm 2017".

    As Decree 30/2020/NĐ-CP asks, days below 10 and the months 1 and 2 get a leading zero
    ("ngày 05 tháng 02 năm 2020"). Without a date, the blanks a paper draft leaves.
    This is fixed document text, like the national motto, so it is not translated.
    """
    if not day:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@register.filter
def place_and_date(plan) -> str:
    """ "Trà Vinh, ngày 29 tháng 6 năm 2017": the plan's place, then its date written out."""
    written = vietnamese_long_date(plan.issued_on)
    if not plan.issued_on:
        written = f"ngày … tháng … năm {plan.year}"
    return f"{plan.place}, {written}" if plan.place else written.capitalize()
