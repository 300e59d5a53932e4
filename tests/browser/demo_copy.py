"""The demo province for the browser tests, loaded once per test process and copied back."""

import os
import shutil
import sqlite3
import tempfile

# The demo province as load_demo left it, per password, once per test process: a copy of the
# database (SQLite's backup API, page by page) and of the files it stored. Loading it takes
# several seconds of CPU and most browser tests start from it; copying it back takes a few
# milliseconds.
_DEMO_COPIES: dict[str, tuple[object, str]] = {}


def demo_province(password: str) -> None:
    """``load_demo(password=...)``: loaded the first time in this process, restored from the
    copy of that load afterwards (the browser tests run on SQLite's in-memory database; any
    other database loads it every time)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from dienhinh.demo.loader import load_demo

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        load_demo(password=password)
        return
    connection.ensure_connection()
    kept = _DEMO_COPIES.get(password)
    if kept is None:
        load_demo(password=password)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        files = tempfile.mkdtemp(prefix="dh-demo-files-")
        if os.path.isdir(settings.MEDIA_ROOT):
            shutil.copytree(settings.MEDIA_ROOT, files, dirs_exist_ok=True)
        _DEMO_COPIES[password] = (copy, files)
        return
    copy, files = kept
    copy.backup(connection.connection)
    shutil.copytree(files, settings.MEDIA_ROOT, dirs_exist_ok=True)
    # The flush after the previous test made its content types again under other ids; the
    # copy has the ids of the load.
    ContentType.objects.clear_cache()
