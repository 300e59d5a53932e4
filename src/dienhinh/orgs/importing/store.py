"""Uploaded import files kept between the preview and the confirmation.

Only a random token goes to the session; the file stays on the server under
``VAR_DIR/imports`` and is read and validated again on confirmation.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600
_EXTENSIONS = ("xlsx", "csv")


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str, extension: str) -> Path:
    # The token is re-parsed as a UUID so that nothing else can reach the file system.
    return _folder() / f"{uuid.UUID(str(token))}.{extension}"


def save_upload(data: bytes, extension: str) -> str:
    """Keep ``data`` and return its token. Side effect: writes one file, removes stale ones."""
    remove_stale()
    token = str(uuid.uuid4())
    path = _path(token, extension)
    path.write_bytes(data)
    path.chmod(0o600)
    return token


def load_upload(token: str) -> bytes | None:
    for extension in _EXTENSIONS:
        path = _path(token, extension)
        if path.exists():
            return path.read_bytes()
    return None


def delete_upload(token: str) -> None:
    for extension in _EXTENSIONS:
        _path(token, extension).unlink(missing_ok=True)


def remove_stale() -> None:
    """Remove files nobody confirmed within a day."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in _folder().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
