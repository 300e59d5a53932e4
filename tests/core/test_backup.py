"""manage.py backup and manage.py restore: an instance with units, people, a dossier with a
photo and a document is backed up, restored into a fresh empty instance (another process,
another database: a SQLite file or a new PostgreSQL database), and the restored one holds
exactly as many rows in every table and the same bytes in every file — counted here with
the database's own client and hashed here, not taken from the command's word."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dienhinh.core.backup import table_counts
from tests.factories import make_nomination

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _restored_counts_sqlite(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")
            if not row[0].startswith("sqlite_")
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        db.close()


def _restored_counts_postgres(dbname: str) -> dict[str, int]:
    import psycopg

    params = {**connection.get_connection_params(), "dbname": dbname}
    with psycopg.connect(**params) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


@pytest.fixture
def empty_instance(tmp_path):
    """Environment variables of a fresh instance with nothing in it, and a function that
    counts its rows; on PostgreSQL a new database on the same server, dropped afterwards."""
    var = tmp_path / "restored"
    var.mkdir()
    env = {
        **os.environ,
        "DIENHINH_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "CACHE_LOCATION": str(var / "cache"),
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
    }
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        yield env, var, lambda: _restored_counts_sqlite(var / "dienhinh.sqlite3")
        return
    name = "dienhinh_restored"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    url = os.environ["DATABASE_URL"]
    env["DATABASE_URL"] = (
        url.rsplit("/", 1)[0] + "/" + name + ("?" + url.split("?", 1)[1] if "?" in url else "")
    )
    yield env, var, lambda: _restored_counts_postgres(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _restore(archive_path: Path, env: dict) -> subprocess.CompletedProcess:
    """``manage.py restore`` run as an operator would, in its own process against the empty
    instance of ``env``; it must succeed."""
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result


def test_a_backup_restores_into_an_empty_instance_row_for_row_and_byte_for_byte(
    world, plan, settings, tmp_path, empty_instance
):
    make_nomination(plan, world.unit_a, by=world.officer_a, attachment=True)
    make_nomination(plan, world.unit_b, by=world.officer_b, full_name="Trần Văn Bình")
    before_counts = table_counts()
    before_files = _hashes(Path(settings.MEDIA_ROOT))
    assert len(before_files) == 5 and before_counts["nominations_nomination"] == 2

    call_command("backup", output=str(tmp_path))
    (archive_path,) = tmp_path.glob("dienhinh-backup-*.tar")
    with tarfile.open(archive_path) as archive:
        names = set(archive.getnames())
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest["tables"] == before_counts
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == before_files
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert {"manifest.json", database} | {f"media/{n}" for n in before_files} <= names

    env, var, restored_counts = empty_instance
    # The instance's cache holds a value from before: restored data never bumped its token.
    from django.core.cache.backends.filebased import FileBasedCache

    left = FileBasedCache(str(var / "cache"), {})
    left.set("generation:plans", "before the restore")
    result = _restore(archive_path, env)
    assert "every count and checksum matches" in result.stdout
    assert left.get("generation:plans") is None
    assert restored_counts() == before_counts
    assert _hashes(var / "media") == before_files


def test_restore_refuses_an_instance_in_use(world, tmp_path):
    call_command("backup", output=str(tmp_path / "a.tar"))
    with pytest.raises(CommandError, match="already holds units, people or files"):
        call_command("restore", str(tmp_path / "a.tar"))


def test_writes_during_the_backup_do_not_make_the_manifest_disagree_with_the_dump(
    world, tmp_path, monkeypatch, empty_instance
):
    """Rows written while the backup runs — right after the dump, and on PostgreSQL also
    between the snapshot's counts and pg_dump's start — are in neither the manifest nor the
    dump: restored, the instance matches the manifest table for table."""
    from dienhinh.core import backup
    from dienhinh.core.mail import send_once

    written = []

    def write(label):
        send_once(key=f"during-backup:{label}", to="x@example.vn", subject=label, body="…")
        written.append(label)

    real_dump, real_run = backup._dump_database, backup._run

    def dump_then_write(folder):
        result = real_dump(folder)
        write("after the dump")
        return result

    def write_then_run(command, env):
        if "pg_dump" in command[0]:
            write("before pg_dump")
        return real_run(command, env)

    monkeypatch.setattr(backup, "_dump_database", dump_then_write)
    monkeypatch.setattr(backup, "_run", write_then_run)
    archive_path, manifest = backup.write_backup(tmp_path)
    monkeypatch.undo()

    live = table_counts()
    assert written == (
        ["after the dump"]
        if connection.vendor == "sqlite"
        else ["before pg_dump", "after the dump"]
    )
    assert live["core_outgoingemail"] == manifest["tables"]["core_outgoingemail"] + len(written)

    env, _var, restored_counts = empty_instance
    _restore(archive_path, env)
    assert restored_counts() == manifest["tables"]
