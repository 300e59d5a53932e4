"""Serving stored files: the one response builder behind every download.

Files are never served from MEDIA_URL. A view (or API endpoint) first decides through the
owning model's visibility function whether the caller may have the file, then answers with
``file_response``, which sets the same headers everywhere:

- ``Content-Disposition`` inline or attachment, with the UTF-8 file name (RFC 5987) and an
  ASCII fallback for old clients;
- ``X-Content-Type-Options: nosniff`` and a sandbox CSP, so a served file never runs
  anything, even opened directly in the browser;
- ``Cache-Control: private, no-store`` for private files: a dossier's photo must not stay in
  a shared computer's cache after its user logged out, nor in a proxy;
- or, with ``public=True`` (public renditions of published photos for the portal, whose names
  change with their content), ``public, max-age=31536000, immutable`` and no login.
"""

import re
import unicodedata
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

PRIVATE_CACHE = "private, no-store"
PUBLIC_CACHE = "public, max-age=31536000, immutable"
SANDBOX_CSP = "default-src 'none'; sandbox"

# What a quoted-string may hold unescaped (RFC 9110), less the quote and the backslash.
_QUOTABLE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]")


def ascii_filename(filename: str) -> str:
    """An ASCII stand-in for ``filename``: "Báo cáo đợt 1.pdf" gives "Bao cao dot 1.pdf"."""
    text = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return "".join(char if _QUOTABLE.fullmatch(char) else "_" for char in text)


def content_disposition(filename: str, *, as_attachment: bool) -> str:
    """The Content-Disposition value: ``filename="…"`` alone for a plain ASCII name, else an
    ASCII fallback followed by ``filename*=utf-8''…`` (RFC 6266 / 5987), which clients that
    understand it prefer."""
    disposition = "attachment" if as_attachment else "inline"
    if not filename:
        return disposition
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=utf-8''{quote(filename)}"


def file_response(
    name: str,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool = False,
    public: bool = False,
) -> FileResponse:
    """Stream the stored file ``name`` from the default storage; 404 when it is missing.

    The caller has already checked that whoever asks may have the file (for ``public``,
    that it is public). ``filename`` is the name the user sees when saving it.
    """
    if not name:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, as_attachment=as_attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    if as_attachment and not public:
        # A private document downloaded (a dossier's evidence): the audit log keeps who took
        # it (accounts.middleware). Inline photos shown on pages are not counted one by one.
        mark_personal_data(response, "download", filename)
    return response


def mark_personal_data(response, kind: str, filename: str = "", sensitive=()) -> None:
    """Mark ``response`` as handing out personal data (``kind``: "export" or "download"), for
    the audit log's record of who fetched it; ``sensitive`` names the sensitive personal
    data it holds (field names such as "ethnicity"), which the entry records too."""
    response.personal_data = kind
    response.personal_data_name = filename
    response.personal_data_sensitive = sorted(sensitive)
