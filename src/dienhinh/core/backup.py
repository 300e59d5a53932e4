"""Backup and restore of a whole instance: the database, the uploaded files and a manifest.

One archive (an uncompressed tar: the photos are JPEG and the PostgreSQL dump is compressed
already) holds:

- ``manifest.json``: when, which database vendor, the number of rows of every table and the
  size and SHA-256 of every file under MEDIA_ROOT;
- ``database.sqlite3`` (SQLite, through its online backup API: a consistent copy while the
  site and the worker keep writing, WAL included) or ``database.pgdump`` (PostgreSQL,
  ``pg_dump --format=custom`` of the snapshot the manifest's counts were taken in);
- ``media/…``: the uploaded files.

``restore_archive`` brings an archive back into an empty instance (no unit, no person, no
uploaded file; with ``force`` any instance, whose data it replaces) and then compares the
instance with the manifest: every table's count and every file's checksum. It then empties
the instance's own cache and starts every generation token over, in a shared cache server
too: values cached from the replaced data (the portal's pages, the dossier filters'
options, the menu counts) sit under generation tokens that the restored rows never bumped,
so they would be believed.

What an app keeps beside the database and MEDIA_ROOT is its own to bring in: functions
registered in ``before_backup`` move it into the database before the copy (the readings
waiting in files on SQLite, publishing.readings), those in ``after_restore`` forget what
was kept for the replaced data.
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from dienhinh.core import generations
from dienhinh.core.hooks import Hooks

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"
FORMAT = 1


before_backup = Hooks("before a backup's copy: move into the database what is kept beside it")
after_restore = Hooks("after a restore: forget what was kept beside the replaced data")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


# --- What the instance holds -------------------------------------------------------------


def table_counts() -> dict[str, int]:
    """The number of rows of every table of the database (SQLite's own tables left out)."""
    with connection.cursor() as cursor:
        names = sorted(
            name
            for name in connection.introspection.table_names(cursor)
            if not name.startswith("sqlite_")
        )
        counts = {}
        for name in names:
            # Table names from the database's own catalogue, quoted.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path | None = None) -> dict[str, dict]:
    """Every file under MEDIA_ROOT: relative path → size and SHA-256."""
    root = Path(root or settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def current_manifest() -> dict:
    return {
        "format": FORMAT,
        "vendor": connection.vendor,
        "tables": table_counts(),
        "files": media_files(),
    }


def is_empty() -> bool:
    """An instance nobody uses yet: no unit, no person and no uploaded file (a freshly
    migrated database, or none at all)."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("orgs_orgunit", "accounts_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 (fixed names)
                if cursor.fetchone():
                    return False
    return not media_files()


# --- PostgreSQL's tools ----------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from PG_BIN_DIR, the PATH, or the newest of Debian's
    /usr/lib/postgresql/<version>/bin (as tests/harness/postgres.py finds initdb): a dump
    tool older than the server refuses to run."""
    if folder := os.environ.get("PG_BIN_DIR"):
        return str(Path(folder) / name)
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_version, reverse=True)
    if found:
        return str(found[0])
    if which := shutil.which(name):
        return which
    raise BackupError(f"{name} not found: install PostgreSQL's client tools or set PG_BIN_DIR")


def _version(path: Path) -> tuple:
    try:
        return tuple(int(part) for part in path.parts[-3].split("."))
    except ValueError:
        return (0,)


def _pg_environment() -> tuple[list[str], dict]:
    """Connection arguments of the default database for the PostgreSQL tools; the password
    goes in the environment, never on the command line."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    # The command is ours (a PostgreSQL tool and the settings' connection), a list, no shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


# --- Backup ----------------------------------------------------------------------------------


def _count_rows(cursor, names) -> dict[str, int]:
    counts = {}
    for name in names:
        # Table names from the database's own catalogue, quoted.
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def _stage_media(staging: Path) -> None:
    """The uploaded files as they are now, into ``staging``: hard links (no bytes copied;
    the same file system as MEDIA_ROOT), or copies where a link cannot be made. A file
    deleted from MEDIA_ROOT afterwards stays whole in ``staging``, and one written
    afterwards is not in it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        target = staging / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except FileNotFoundError:  # deleted after a commit made before the lock: no row
            continue
        except OSError:  # another file system, or links not allowed
            shutil.copy2(path, target)


@contextlib.contextmanager
def _writers_held():
    """SQLite's write lock held by a connection of our own (BEGIN IMMEDIATE) while the block
    runs: every other writer waits (up to its timeout, 20 s: settings.DATABASES), readers
    go on (WAL), and the block's reads see the last commit. An in-memory database (the
    test suite's, one connection) has no other writer to hold."""
    if connection.is_in_memory_db():
        yield
        return
    holder = sqlite3.connect(connection.settings_dict["NAME"], timeout=20, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.rollback()
        holder.close()


def _dump_sqlite(folder: Path, staging: Path) -> tuple[Path, dict[str, int]]:
    """The database and the files together: under SQLite's write lock, so that no row can be
    committed or deleted between the copy of the database and the list of the files. A row
    is deleted before its file (core.files: after the commit), and a file is written inside
    the transaction of its row (whose IMMEDIATE start waits for the lock): every file a
    copied row names is staged. Writers wait for the copy and the links only, not for the
    checksums nor the archive."""
    if connection.in_atomic_block:
        # Our own open transaction would be the writer the lock waits for.
        raise BackupError("a backup cannot run inside a transaction")
    target = folder / SQLITE_FILE
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with _writers_held():
            # One step (pages=-1, the default), read from the last commit: a consistent copy.
            connection.connection.backup(destination)
            _stage_media(staging)
        # Counted in the copy itself, so a row written since is in neither.
        names = sorted(
            row[0]
            for row in destination.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        )
        counts = _count_rows(destination.cursor(), names)
    finally:
        destination.close()
    return target, counts


def _dump_postgres(folder: Path) -> tuple[Path, dict[str, int]]:
    """pg_dump of the snapshot the counts are taken in: a REPEATABLE READ transaction of
    our own exports its snapshot (pg_export_snapshot), counts every table in it and stays
    open while ``pg_dump --snapshot`` dumps exactly that state."""
    import psycopg

    target = folder / PG_FILE
    names = sorted(connection.introspection.table_names())
    args, env = _pg_environment()
    with psycopg.connect(**connection.get_connection_params()) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            counts = _count_rows(cursor, names)
            _run(
                [
                    pg_binary("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot_id}",
                    "--file",
                    str(target),
                    *args,
                ],
                env,
            )
        snapshot.rollback()
    return target, counts


def _dump_database(folder: Path, staging: Path) -> tuple[Path, dict[str, int]]:
    """The database's dump and the number of rows of every table in that very dump, and the
    uploaded files staged into ``staging`` (on SQLite under the same lock as the dump; on
    PostgreSQL right after it, see ``write_backup``)."""
    if connection.vendor == "sqlite":
        return _dump_sqlite(folder, staging)
    if connection.vendor == "postgresql":
        dumped = _dump_postgres(folder)
        _stage_media(staging)
        return dumped
    raise BackupError(f"no backup for the {connection.vendor} database")


_STAGING = ".backup-media-"


def _remove_stale_staging(folder: Path) -> None:
    """The staging folders of backups killed before they could remove theirs (a day old:
    no backup runs that long), whose links would keep deleted files on the disk."""
    cutoff = datetime.datetime.now().timestamp() - 24 * 3600
    for stale in folder.glob(f"{_STAGING}*"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and stale.stat().st_mtime < cutoff:
                shutil.rmtree(stale)


def write_backup(output: Path) -> tuple[Path, dict]:
    """Write the archive at ``output`` (a folder: a file named by date in it). Returns the
    archive's path and its manifest. The manifest's row counts are those of the dump itself
    (taken in the same snapshot), so the site and the worker may keep writing meanwhile. On
    SQLite the files are staged under the dump's lock: the archive holds every file its
    rows name, even one deleted while the archive is written. On PostgreSQL they are staged
    right after pg_dump: a file whose row was deleted while pg_dump ran may be missing, one
    uploaded meanwhile may be there without its row."""
    output = Path(output)
    if output.is_dir():
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        output = output / f"dienhinh-backup-{stamp}.tar"
    output.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, on its file system, so that staging a file is a hard link.
    media_parent = Path(settings.MEDIA_ROOT).parent
    media_parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(media_parent)
    with (
        tempfile.TemporaryDirectory(dir=output.parent) as work,
        tempfile.TemporaryDirectory(dir=media_parent, prefix=_STAGING) as staged,
    ):
        staging = Path(staged)
        for _name, bring_in in before_backup:
            bring_in()
        dump, counts = _dump_database(Path(work), staging)
        manifest = {
            "format": FORMAT,
            "vendor": connection.vendor,
            "tables": counts,
            "files": media_files(staging),
        }
        manifest["created_at"] = datetime.datetime.now(datetime.UTC).isoformat()
        manifest["database"] = dump.name
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for name in manifest["files"]:
                archive.add(staging / name, arcname=f"{MEDIA}/{name}")
        partial.replace(output)  # a half-written archive never carries the final name
    return output, manifest


# --- Restore ---------------------------------------------------------------------------------


@dataclass
class Comparison:
    tables: int
    rows: int
    files: int
    differences: list[str]


def compare(expected: dict, found: dict) -> Comparison:
    differences = [
        f"table {name}: {expected['tables'].get(name)} rows in the backup, "
        f"{found['tables'].get(name)} now"
        for name in sorted(set(expected["tables"]) | set(found["tables"]))
        if expected["tables"].get(name) != found["tables"].get(name)
    ]
    differences += [
        f"file {name}: differs from the backup"
        for name in sorted(set(expected["files"]) | set(found["files"]))
        if expected["files"].get(name) != found["files"].get(name)
    ]
    return Comparison(
        tables=len(expected["tables"]),
        rows=sum(expected["tables"].values()),
        files=len(expected["files"]),
        differences=differences,
    )


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path) as archive:
        try:
            return json.load(archive.extractfile(MANIFEST))
        except KeyError as missing:
            raise BackupError(f"{archive_path} is not a Dienhinh backup (no manifest)") from missing


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        # Page by page into the live file, under SQLite's lock: the worker and the site see
        # the old database or the new one, never half of each.
        origin.backup(connection.connection)
    finally:
        origin.close()


def _restore_postgres(source: Path) -> None:
    args, env = _pg_environment()
    _run(
        [
            pg_binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ],
        env,
    )


def _restore_media(archive: tarfile.TarFile, files: dict) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    members = [m for m in archive.getmembers() if m.name.startswith(f"{MEDIA}/") and m.isfile()]
    for member in members:
        member.name = member.name.removeprefix(f"{MEDIA}/")
    # The "data" filter refuses absolute names, "..", links out of the folder and devices.
    archive.extractall(root, members=members, filter="data")
    missing = set(files) - {m.name for m in members}
    if missing:
        raise BackupError(f"the archive lacks {len(missing)} files its manifest lists")


def restore_archive(archive_path: Path, *, force: bool = False) -> Comparison:
    """Replace this instance's database and uploaded files with the archive's, then compare
    them with its manifest. Refuses an instance in use unless ``force``; refuses an archive
    of another database vendor."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['vendor']} database, this instance uses "
            f"{connection.vendor}"
        )
    if not force and not is_empty():
        raise BackupError(
            "this instance already holds units, people or files: restore into an empty one, "
            "or pass --force to replace everything it holds"
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path) as archive:
        archive.extract(manifest["database"], work, filter="data")
        dump = Path(work) / manifest["database"]
        if connection.vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            connection.close()  # pg_restore drops the tables this connection may hold
            _restore_postgres(dump)
        _restore_media(archive, manifest["files"])
    for _name, forget in after_restore:
        forget()
    forget_cached()
    return compare(manifest, current_manifest())


# Caches that belong to this instance alone (a folder under var/, or a process's memory);
# a shared server (Redis) may hold other sites' keys and is left to its operator.
_OWN_CACHES = ("FileBasedCache", "LocMemCache", "DummyCache")


def owns_cache() -> bool:
    return type(caches["default"]).__name__ in _OWN_CACHES


def forget_cached() -> None:
    """After the data was replaced: empty the instance's own cache, and in any cache (a
    shared server included, which may hold other sites' keys and is not emptied) start
    every generation token over (core.generations), so that no process believes a page or
    a figure cached from the replaced data."""
    if owns_cache():
        caches["default"].clear()
    generations.start_over()
