"""The app validates forms itself: no browser bubble in the browser's language ever appears,
so every form that posts carries ``novalidate`` (the language switch has nothing to check)."""

import re
from pathlib import Path

import dienhinh

TEMPLATES = Path(dienhinh.__file__).parent


def test_every_posting_form_has_novalidate():
    missing = []
    for template in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<form\b[^>]*>", template.read_text(encoding="utf-8")):
            if 'method="post"' in tag and "novalidate" not in tag and "set_language" not in tag:
                missing.append(f"{template.relative_to(TEMPLATES)}: {tag}")
    assert not missing, "\n".join(missing)
