"""The PDF cache is cleaned: PDFs unused for DOCUMENTS_PDF_CACHE_DAYS go, then the least
recently used beyond DOCUMENTS_PDF_CACHE_MB; a hit counts as a use; `manage.py
clean_documents` does it with the expired export files."""

import io
import os
import time

from django.core.management import call_command

from dienhinh.documents.pdf import cached_pdf, clean_pdf_cache, content_hash


def put(directory, name: str, *, days: float, size: int = 1000):
    path = directory / name
    path.write_bytes(b"%PDF-" + b"x" * (size - 5))
    moment = time.time() - days * 86400
    os.utime(path, (moment, moment))
    return path


def test_old_and_excess_pdfs_are_removed(db, settings, tmp_path):
    settings.DOCUMENTS_CACHE_DIR = tmp_path
    settings.DOCUMENTS_PDF_CACHE_DAYS, settings.DOCUMENTS_PDF_CACHE_MB = 30, 1
    pdf = tmp_path / "pdf"
    pdf.mkdir()
    put(pdf, "old.pdf", days=40)
    put(pdf, "a.pdf", days=3, size=600_000)
    put(pdf, "b.pdf", days=2, size=600_000)
    docx = b"the same document"
    used = put(pdf, f"{content_hash(docx)}.pdf", days=29, size=300_000)
    put(pdf, "dead.part", days=1)
    put(pdf, "writing.part", days=0)
    assert cached_pdf(docx).startswith(b"%PDF-")  # a hit: used now, so the newest
    assert time.time() - used.stat().st_mtime < 60
    # 40 days: too old; then a (the least recently used) goes to bring 1.5 MB under 1 MB.
    assert clean_pdf_cache() == 3
    assert sorted(p.name for p in pdf.iterdir()) == sorted(["b.pdf", used.name, "writing.part"])
    out = io.StringIO()
    settings.DOCUMENTS_PDF_CACHE_DAYS = 1
    call_command("clean_documents", stdout=out)
    assert out.getvalue().strip() == "exports: 0, cached PDFs: 1"
    assert sorted(p.name for p in pdf.iterdir()) == sorted([used.name, "writing.part"])
