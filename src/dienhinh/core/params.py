"""Parsing ids from query strings without surprises.

``"²".isdigit()`` is True but ``int("²")`` fails, and a 20-digit number overflows SQLite's
integer: both would be 500s. Everything that reads an id from a URL parameter uses this.
"""

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id in ``value`` (ASCII digits, 1..2**63-1), or None when it is not one."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdecimal():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
