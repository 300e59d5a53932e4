"""How a plan's text is written in the official document (Decree 30/2020/NĐ-CP): the date
line, and the bold words its sections mark with ``**``. The plan page and the documents
app both use these, so that the page and the DOCX read alike.

The words here ("ngày … tháng … năm …") are fixed document text, like the national motto,
so they are not translated.
"""

import datetime
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def long_date(day: datetime.date | None) -> str:
    """ "ngày 29 tháng 6 năm 2017": days below 10 and the months 1 and 2 take a leading
    zero ("ngày 05 tháng 02 năm 2020"). Without a date, the blanks a paper draft leaves."""
    if not day:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: datetime.date | None, *, year: int | None = None) -> str:
    """ "Trà Vinh, ngày 29 tháng 6 năm 2017": the place, then the date written out."""
    written = long_date(day)
    if not day and year:
        written = f"ngày … tháng … năm {year}"
    return f"{place}, {written}" if place else written[:1].upper() + written[1:]


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """The paragraph as (text, bold) pieces: ``**words**`` are bold, the marks dropped."""
    runs: list[tuple[str, bool]] = []
    last = 0
    for match in _BOLD.finditer(text):
        if match.start() > last:
            runs.append((text[last : match.start()], False))
        runs.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], False))
    return runs


def reference_line(number: int | None, symbol: str) -> str:
    """ "57/KH-LĐLĐ"; a number below 10 takes a leading zero ("05/KH-LĐLĐ"), and without
    a number the space a paper draft leaves for it."""
    if number is None:
        return f"      /{symbol}"
    return f"{number:02d}/{symbol}"
