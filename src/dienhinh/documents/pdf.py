"""DOCX to PDF with LibreOffice headless, one conversion at a time.

- One at a time per machine: an exclusive file lock (fcntl) that every process and worker
  on the host shares; LibreOffice misbehaves when two instances share a profile, and two
  conversions at once would only slow each other on a small machine.
- A private profile (-env:UserInstallation) under the cache directory, never the user's.
- A timeout kills the converter's whole process group (soffice starts a child).
- Results are cached by the SHA-256 of the DOCX: the same document converts once. A hit
  touches the file, so the cache's age is the time since last use; ``clean_pdf_cache``
  removes what has not been used for DOCUMENTS_PDF_CACHE_DAYS and the least recently used
  beyond DOCUMENTS_PDF_CACHE_MB (after a conversion at most once an hour, and from
  ``manage.py clean_documents``).

The font: Times New Roman in the DOCX is replaced by a metric-compatible face with every
Vietnamese letter (Liberation Serif 2.x or Tinos, see .ci/run), which LibreOffice embeds.
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


class ConversionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Busy(Exception):
    """The converter is busy longer than the caller wanted to wait."""


def _cache_dir() -> Path:
    directory = Path(settings.DOCUMENTS_CACHE_DIR)
    (directory / "pdf").mkdir(parents=True, exist_ok=True)
    return directory


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cached_pdf(docx: bytes) -> bytes | None:
    path = _cache_dir() / "pdf" / f"{content_hash(docx)}.pdf"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the cleaning goes by the last use
    return data


CLEAN_EVERY = 3600  # seconds between the cleanings that conversions trigger
PART_AGE = 3600  # a .part file this old is a conversion that died while writing


def clean_pdf_cache(*, now: float | None = None) -> int:
    """Remove the cached PDFs not used for DOCUMENTS_PDF_CACHE_DAYS, then the least
    recently used until the cache is under DOCUMENTS_PDF_CACHE_MB; returns how many files
    went. Side effects: deletes files under the cache's pdf directory. Safe to run at any
    time (a reader that opened a file keeps it; a PDF removed is converted again)."""
    now = time.time() if now is None else now
    directory = _cache_dir() / "pdf"
    (_cache_dir() / "cleaned.stamp").touch()
    oldest = now - settings.DOCUMENTS_PDF_CACHE_DAYS * 86400
    removed, kept = 0, []
    for path in directory.iterdir():
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        stale = path.suffix == ".part" and stat.st_mtime < now - PART_AGE
        if stale or (path.suffix == ".pdf" and stat.st_mtime < oldest):
            path.unlink(missing_ok=True)
            removed += 1
        elif path.suffix == ".pdf":
            kept.append((stat.st_mtime, stat.st_size, path))
    cap = settings.DOCUMENTS_PDF_CACHE_MB * 1024 * 1024
    total = sum(size for _mtime, size, _path in kept)
    for _mtime, size, path in sorted(kept):
        if total <= cap:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed


def _clean_now_and_then() -> None:
    stamp = _cache_dir() / "cleaned.stamp"
    with contextlib.suppress(FileNotFoundError):
        if time.time() - stamp.stat().st_mtime < CLEAN_EVERY:
            return
    clean_pdf_cache()


def soffice_available() -> bool:
    return shutil.which(settings.DOCUMENTS_SOFFICE) is not None


@contextlib.contextmanager
def _converter_lock(wait: float | None):
    """The machine-wide lock; ``wait`` seconds at most (None: as long as it takes)."""
    with open(_cache_dir() / "convert.lock", "w") as handle:
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise Busy from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_soffice(source: Path, outdir: Path) -> None:
    profile = (_cache_dir() / "profile").as_uri()
    command = [
        settings.DOCUMENTS_SOFFICE,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(outdir),
        str(source),
    ]
    process = subprocess.Popen(  # noqa: S603 (a fixed command, the file is ours)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(_cache_dir())},
    )
    try:
        _out, err = process.communicate(timeout=settings.DOCUMENTS_PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionError(
            _("Making the PDF took too long and was stopped. Download the DOCX instead.")
        ) from None
    if process.returncode != 0:
        raise ConversionError(
            _("The PDF could not be made (%(error)s). Download the DOCX instead.")
            % {"error": err.decode("utf-8", "replace").strip()[:200] or process.returncode}
        )


def docx_to_pdf(docx: bytes, *, wait: float | None = None) -> bytes:
    """The PDF of ``docx``, from the cache or converted now. Raises Busy when another
    conversion holds the converter longer than ``wait`` seconds, ConversionError when
    LibreOffice is missing, fails or hangs."""
    cached = cached_pdf(docx)
    if cached is not None:
        return cached
    if not soffice_available():
        raise ConversionError(
            _("PDFs cannot be made on this server (LibreOffice is not installed).")
        )
    target = _cache_dir() / "pdf" / f"{content_hash(docx)}.pdf"
    with _converter_lock(wait):
        if target.exists():  # converted by the one we waited for
            return target.read_bytes()
        with tempfile.TemporaryDirectory(dir=_cache_dir()) as work:
            source = Path(work) / "document.docx"
            source.write_bytes(docx)
            _run_soffice(source, Path(work))
            produced = Path(work) / "document.pdf"
            if not produced.exists():
                raise ConversionError(_("The PDF could not be made. Download the DOCX instead."))
            # Written whole, then renamed: a reader never sees half a file.
            partial = target.with_suffix(".part")
            shutil.move(produced, partial)
            os.replace(partial, target)
        data = target.read_bytes()
        _clean_now_and_then()
    return data
