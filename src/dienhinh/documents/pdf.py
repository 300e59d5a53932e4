"""DOCX to PDF with LibreOffice headless, one conversion at a time.

- One at a time per machine: an exclusive file lock (fcntl) that every process and worker
  on the host shares; LibreOffice misbehaves when two instances share a profile, and two
  conversions at once would only slow each other on a small machine.
- A private profile (-env:UserInstallation) under the cache directory, never the user's.
- A timeout kills the converter's whole process group (soffice starts a child).
- Results are cached by the SHA-256 of the DOCX: the same document converts once.

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
    return path.read_bytes() if path.exists() else None


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
    return target.read_bytes()
