"""The default storage: files on local disk, and a full disk said plainly.

Django's FileSystemStorage leaves the part it wrote when the disk fills up in the middle of
a file (ENOSPC, or a quota: EDQUOT), and raises a bare OSError that becomes a 500. Here the
part is removed and ``StorageFull`` is raised: a ValidationError, so every form and upload
view that already shows a refused file's reason shows this one, and the API answers it as
507 Insufficient Storage in its error shape (api/errors.py). Every file written
inside a transaction is deleted again if that transaction rolls back (core/files.py), so a
full disk, or any failure after the write, leaves neither a file nor a row.
"""

import contextlib
import errno

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

from dienhinh.core import files

_FULL = {errno.ENOSPC, errno.EDQUOT}


class StorageFull(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "The server has no room left to store this file. Nothing was saved: try again "
                "later, and tell the system administrator if it keeps happening."
            ),
            code="storage_full",
        )


class LocalStorage(FileSystemStorage):
    def _save(self, name, content):
        # ``name`` was free a moment ago (Storage.save asked get_available_name, and stored
        # names are random): what exists under it after a failure is this attempt's part.
        existed = self.exists(name)
        try:
            name = super()._save(name, content)
        except OSError as error:
            if error.errno not in _FULL:
                raise
            if not existed:
                with contextlib.suppress(OSError):
                    self.delete(name)
            raise StorageFull() from error
        files.written(self, name)
        return name
