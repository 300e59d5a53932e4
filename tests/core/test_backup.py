"""manage.py backup and manage.py restore: an instance with units, people, a dossier with a
photo and a document is backed up, restored into a fresh empty instance (another process,
another database: a SQLite file or a new PostgreSQL database), and the restored one holds
exactly as many rows in every table and the same bytes in every file — counted here with
the database's own client and hashed here, not taken from the command's word."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.management import CommandError, call_command
from django.db import connection

from dienhinh.core import backup
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
    from dienhinh.core.mail import send_once

    written = []

    def write(label):
        send_once(key=f"during-backup:{label}", to="x@example.vn", subject=label, body="…")
        written.append(label)

    real_dump, real_run = backup._dump_database, backup._run

    def dump_then_write(folder, staging):
        result = real_dump(folder, staging)
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


def _published(world, headline):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dienhinh.nominations.enums import PeopleConsent
    from dienhinh.publishing.editing import create_story
    from dienhinh.publishing.photos import add_photo
    from dienhinh.publishing.workflow import transition_story
    from tests.factories import jpeg_bytes

    story = create_story(
        unit=world.province, by=world.editor, headline=headline, body="<p>Chuyện.</p>"
    )
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    add_photo(
        story, by=world.editor, upload=upload, alt_text="Ảnh", people_consent=PeopleConsent.AGREED
    )
    story.refresh_from_db()
    return transition_story(story, action="publish", by=world.editor)


class SharedServerCache(FileBasedCache):
    """Stands for a cache server (Redis) other sites share: the restore must not empty it."""


@pytest.mark.one_database  # the restore replaces the suite's own database, in process
def test_after_a_restore_no_page_cached_from_the_replaced_data_is_shown(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The portal's home page was cached after the backup (it shows a story published
    since); restored, it shows the backup's stories only, although the shared cache server
    was not emptied (another site's key is still there): every generation token started
    over."""
    from django.core.cache import cache
    from django.test import Client

    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.SharedServerCache", "LOCATION": str(tmp_path / "c")}
    }
    settings.PORTAL_CACHE_SECONDS = 3600
    kept, later = "Gương sáng trước khi sao lưu", "Bài đăng sau khi sao lưu"
    with django_capture_on_commit_callbacks(execute=True):
        _published(world, kept)
    archive_path, _manifest = backup.write_backup(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        _published(world, later)
    reader = Client()
    home = reader.get("/").content.decode()
    assert later in home and kept in home  # cached now
    cache.set("another-site:key", "theirs", None)

    result = backup.restore_archive(archive_path, force=True)
    assert not result.differences
    home = reader.get("/").content.decode()
    assert kept in home and later not in home
    assert cache.get("another-site:key") == "theirs"


def test_the_backup_holds_every_file_its_rows_name_and_writers_wait_while_it_copies(
    world, plan, tmp_path, empty_instance
):
    """``manage.py backup`` on an instance of its own (a SQLite file in WAL mode, as in
    production): while it copies the database and lists the files, another process cannot
    commit a write; a photo erased (row, then file) right after that is still whole in the
    archive, so the restored instance has every file its restored rows name."""
    if connection.vendor != "sqlite":
        pytest.skip("the write lock held across the copy and the files is SQLite's")
    dossier = make_nomination(plan, world.unit_a, by=world.officer_a, attachment=True)
    photo = dossier.photos.get()
    source = tmp_path / "source"
    source.mkdir()
    copy = sqlite3.connect(source / "dienhinh.sqlite3")
    connection.connection.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    from django.conf import settings as django_settings

    shutil.copytree(django_settings.MEDIA_ROOT, source / "media")
    script = f"""
import json, os, sqlite3
import django
django.setup()
from django.conf import settings
from dienhinh.core import backup

database = str(settings.DATABASES["default"]["NAME"])
seen = {{}}
real_stage, real_dump = backup._stage_media, backup._dump_database

def stage(staging):
    other = sqlite3.connect(database, timeout=0.2)
    try:
        other.execute("UPDATE nominations_photo SET caption = 'x'")
        other.commit()
        seen["write"] = "committed"
    except sqlite3.OperationalError as error:
        seen["write"] = str(error)
    finally:
        other.close()
    real_stage(staging)

def dump_then_erase(folder, staging):
    result = real_dump(folder, staging)
    # The lock is released: a concurrent erasure deletes the row, then the file.
    other = sqlite3.connect(database)
    other.execute("DELETE FROM nominations_photo WHERE id = {photo.pk}")
    other.commit()
    other.close()
    os.remove(os.path.join(settings.MEDIA_ROOT, {photo.image.name!r}))
    return result

backup._stage_media, backup._dump_database = stage, dump_then_erase
path, manifest = backup.write_backup({str(tmp_path / "archive")!r})
print(json.dumps({{"path": str(path), **seen}}))
"""
    (tmp_path / "archive").mkdir()
    env = {
        **os.environ,
        "DIENHINH_VAR_DIR": str(source),
        "MEDIA_ROOT": str(source / "media"),
        "CACHE_LOCATION": str(source / "cache"),
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    told = json.loads(ran.stdout.strip().splitlines()[-1])
    assert told["write"] == "database is locked"
    assert not (source / "media" / photo.image.name).exists()

    env, var, _counts = empty_instance
    _restore(Path(told["path"]), env)
    restored = sqlite3.connect(var / "dienhinh.sqlite3")
    named = [
        name
        for table, column in (
            ("nominations_photo", "image"),
            ("nominations_photo", "thumbnail"),
            ("nominations_attachment", "file"),
        )
        for (name,) in restored.execute(f'SELECT "{column}" FROM "{table}"')
        if name
    ]
    restored.close()
    assert photo.image.name in named
    assert all((var / "media" / name).is_file() for name in named)


def test_a_backup_removes_the_staging_folder_a_killed_backup_left(world, settings, tmp_path):
    """A backup killed outright leaves its staging folder of hard links beside MEDIA_ROOT
    (which would keep deleted files on the disk); the next backup removes it once a day
    old, and leaves none of its own."""
    parent = Path(settings.MEDIA_ROOT).parent
    stale, recent = parent / ".backup-media-killed", parent / ".backup-media-running"
    for folder in (stale, recent):
        (folder / "nominations").mkdir(parents=True)
        (folder / "nominations" / "photo").write_bytes(b"kept alive by a link")
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))
    backup.write_backup(tmp_path / "archive.tar")
    assert not stale.exists() and recent.exists()
    assert sorted(p.name for p in parent.glob(".backup-media-*")) == [recent.name]


def _restored_value(var: Path, sql: str):
    """One value read from the restored instance of ``empty_instance`` with the database's
    own client."""
    if connection.vendor == "sqlite":
        db = sqlite3.connect(var / "dienhinh.sqlite3")
        try:
            return db.execute(sql).fetchone()[0]
        finally:
            db.close()
    import psycopg

    params = {**connection.get_connection_params(), "dbname": "dienhinh_restored"}
    with psycopg.connect(**params) as db:
        return db.execute(sql).fetchone()[0]


def test_readings_not_yet_counted_are_in_the_backup_and_a_restore_drops_the_replaced_ones(
    world, tmp_path, empty_instance
):
    """Three readers open a story; their readings still wait to be counted (in the server
    process's file, beside the database) when the backup runs: the restored
    instance has them. A file of readings the restored instance held for its replaced data
    (story ids the restored stories reuse) is gone after the restore."""
    from django.test import Client
    from django.urls import reverse

    from dienhinh.publishing import reading_log

    story = _published(world, "Gương sáng được đọc")
    phone = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"
    for _reader in range(3):
        address = reverse("portal:story", args=[story.pk, story.slug or "x"])
        page = Client(HTTP_USER_AGENT=phone).get(address, follow=True)
        assert page.status_code == 200
    assert sum(reading_log.waiting(story.pk).values()) == 3

    archive_path, _manifest = backup.write_backup(tmp_path)

    env, var, _counts = empty_instance
    leftover = var / "readings" / "readings-4242.log"
    leftover.parent.mkdir()
    leftover.write_text(f"{story.pk} 2026-01-05\n" * 7)
    _restore(archive_path, env)
    counted = _restored_value(
        var,
        "SELECT COALESCE(SUM(count), 0) FROM publishing_storyreadings",
    )
    assert counted == 3
    assert not list((var / "readings").glob("*.log"))
