"""Documents tests: PDF conversions are slow (1-3 s each), so a module converts once in a
module-scoped fixture; tests needing LibreOffice or poppler skip only when it is missing."""

import shutil

import pytest

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils are needed to make and read PDFs; "
    ".ci/run installs libreoffice-writer-nogui and poppler-utils",
)


@pytest.fixture
def page_language():
    return "en"
