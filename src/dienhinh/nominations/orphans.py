"""What an upload leaves when its process is killed outright (SIGKILL, the OOM killer, a
power cut) in the middle: core.files deletes the files of a transaction that rolls back,
but a killed process runs no code, so it may leave

- a file under ``nominations/`` (a dossier's photo or document, a pending upload) whose
  row was never committed;
- a pending upload's row whose file is gone (deleted by hand, lost with a disk);
- Django's temporary file of a large upload being received (FILE_UPLOAD_TEMP_DIR).

``sweep_orphans`` removes those older than UPLOAD_ORPHAN_HOURS (6). The age is what makes
it safe while uploads go on: a file is written inside its row's transaction, which lasts
seconds, so a file that old with no row will never get one; and the rows are read after the
files are listed, so a row committed meanwhile keeps its file. The worker runs it every hour
(core.periodic); ``manage.py sweep_orphaned_uploads`` from cron.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from dienhinh.nominations.models import Attachment, Nomination, PendingUpload, Photo

FOLDER = "nominations"
# Every column that names a file under FOLDER.
_COLUMNS = (
    (Photo, ("image", "thumbnail")),
    (Attachment, ("file",)),
    (Nomination, ("consent_scan",)),
    (PendingUpload, ("file", "thumbnail")),
)


@dataclass
class Swept:
    files: int = 0
    rows: int = 0
    temporary: int = 0


def _old_files(root: Path, cutoff: float) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                found.append(path)
        except FileNotFoundError:  # removed meanwhile
            continue
    return found


def _named() -> set[str]:
    names = set()
    for model, fields in _COLUMNS:
        for field in fields:
            names.update(
                model.objects.exclude(**{field: ""}).values_list(field, flat=True).iterator()
            )
    return names


def _remove(paths) -> int:
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def sweep_orphans(*, now: datetime.datetime | None = None) -> Swept:
    """Delete the orphaned upload files, pending-upload rows and temporary upload files older
    than UPLOAD_ORPHAN_HOURS; returns how many of each. Safe to run twice and at any time."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.UPLOAD_ORPHAN_HOURS)
    swept = Swept()
    # Rows whose file is gone: nothing to attach, nothing to serve.
    for item in PendingUpload.objects.filter(created_at__lt=cutoff).iterator():
        if item.file and default_storage.exists(item.file.name):
            continue
        with transaction.atomic():
            deleted, _rows = PendingUpload.objects.filter(pk=item.pk).delete()
        if deleted:
            if item.thumbnail:
                default_storage.delete(item.thumbnail.name)
            swept.rows += 1
    # Files no row names: listed first, the rows read after (see the module's docstring).
    root = Path(settings.MEDIA_ROOT)
    old = _old_files(root / FOLDER, cutoff.timestamp())
    named = _named()
    swept.files = _remove(p for p in old if p.relative_to(root).as_posix() not in named)
    if temporary := getattr(settings, "FILE_UPLOAD_TEMP_DIR", None):
        swept.temporary = _remove(_old_files(Path(temporary), cutoff.timestamp()))
    return swept
