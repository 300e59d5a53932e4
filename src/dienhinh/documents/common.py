"""What every official document carries (Decree 30): the header, number and symbol, place
and date, title, recipients and signature block, as the templates' placeholders.

Placeholders of every template: superior, issuer, reference, place_date, title, sections
(each with heading, paragraphs, tables: caption, columns, rows, note), recipients,
authority_line, signer_title, signer_name, countersign.
"""

import datetime
from dataclasses import dataclass, field

from dienhinh.documents.rendering import rich
from dienhinh.plans.document import place_and_date, reference_line


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Section:
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def upper(name: str) -> str:
    """A unit's name as a header writes it, in capitals."""
    return (name or "").upper()


def frame(
    *,
    issuer: str,
    title: str,
    place: str,
    day: datetime.date | None,
    number: int | None = None,
    symbol: str = "",
    superior: str = "",
    recipients: list[str] = (),
    authority_line: str = "",
    signer_title: str = "",
    signer_name: str = "",
    countersign: str = "",
    sections: list[Section] = (),
    year: int | None = None,
) -> dict:
    """The context of a document: the frame's placeholders and its sections."""
    return {
        "superior": upper(superior),
        "issuer": upper(issuer),
        "reference": reference_line(number, symbol) if symbol else "",
        "place_date": place_and_date(place, day, year=year),
        "title": title,
        "sections": [
            {
                "heading": section.heading,
                "paragraphs": [rich(p) for p in section.paragraphs],
                "tables": [
                    {
                        "caption": t.caption,
                        "columns": t.columns,
                        "rows": t.rows,
                        "note": t.note,
                    }
                    for t in section.tables
                ],
            }
            for section in sections
        ],
        "recipients": list(recipients),
        "authority_line": authority_line,
        "signer_title": signer_title,
        "signer_name": signer_name,
        "countersign": countersign,
    }
