"""Readings waiting in files, on one machine (SQLite, or PostgreSQL without Redis): one
append-only file per server process, which the flush claims by renaming, reads and deletes
(publishing.readings decides when).

Why files: an append to a file of one's own waits for nobody and writes nothing to the
database (on SQLite a row INSERTed per reading made every reader of a cached page wait for
the other processes' INSERTs under the one write lock). The files serve one machine, as the
file cache does; several servers share Redis for both (publishing.reading_redis). The names
carry the host as well as the process id, so a folder shared by several hosts by mistake
mixes no two processes' files.

Exact with any number of processes, threads and flushes, and nothing kept in memory:

- A writer opens its process's file for appending, takes a SHARED lock, checks that the
  path still names the file it opened (a flush may have renamed it meanwhile: then it opens
  the path again), appends one line in one ``write`` (O_APPEND: never interleaved) and
  closes, which releases the lock.
- A flush renames each process's file to a claimed name (new writers then make a new file),
  takes an EXCLUSIVE lock on the claimed file (it waits for the writers already inside it;
  a writer that had opened it but not yet locked finds the path changed and goes again),
  reads it, adds its counts and records the claimed name in one transaction, then deletes
  the file. A flush that stopped after its commit leaves a recorded name: the next one
  deletes that file without counting it again; one that stopped before leaves a claimed
  file, which the next one counts.
- Two flushes never read one file both: the second waits for the first's lock and then
  finds the file deleted.
"""

import contextlib
import datetime
import fcntl
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

# The host's name as a file name may hold it (letters, digits, dots and dashes).
_HOST = "".join(c if c.isalnum() or c in ".-" else "_" for c in os.uname().nodename)[:64]

_ACTIVE = "readings-{host}-{pid}.log"
_ACTIVE_GLOB = "readings-*.log"  # also the files named by process id alone, before the host
_CLAIMED_PREFIX = "claimed-"


def folder() -> Path:
    return Path(settings.READINGS_LOG_DIR)


def append(story_id: int, day: datetime.date) -> None:
    """Append one reading of ``story_id`` on ``day`` to this process's file (OSError when
    the folder cannot be written)."""
    path = folder() / _ACTIVE.format(host=_HOST, pid=os.getpid())
    line = f"{int(story_id)} {day.isoformat()}\n".encode()
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if _still_named(fd, path):
                os.write(fd, line)
                return
        finally:
            os.close(fd)


def _still_named(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def claim() -> None:
    """Rename every process's file to a claimed name: what is appended from now on goes to
    new files, left for the next flush."""
    base = folder()
    if not base.is_dir():
        return
    for active in base.glob(_ACTIVE_GLOB):
        with contextlib.suppress(FileNotFoundError):  # claimed by another flush just now
            active.rename(base / f"{_CLAIMED_PREFIX}{uuid.uuid4().hex}.log")


def claimed() -> list[Path]:
    base = folder()
    return sorted(base.glob(f"{_CLAIMED_PREFIX}*.log")) if base.is_dir() else []


@contextmanager
def opened(path: Path) -> Iterator[Counter | None]:
    """The readings of a claimed file as a Counter of (story_id, day), under its exclusive
    lock (None when another flush has already dealt with it). The caller deletes the file
    (``remove``) before leaving."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        yield None
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits for the writers inside it, or another flush
        if os.fstat(fd).st_nlink == 0:
            yield None  # deleted by the flush that held the lock before us
            return
        with os.fdopen(os.dup(fd), "rb") as file:
            yield _parse(file.read())
    finally:
        os.close(fd)


def _parse(data: bytes) -> Counter:
    taken = Counter()
    for line in data.splitlines():
        story, _sep, day = line.partition(b" ")
        try:
            taken[int(story), datetime.date.fromisoformat(day.decode())] += 1
        except ValueError:
            continue  # never written by append(); a damaged line is no reading
    return taken


def label(path: Path) -> str:
    """The name a claimed file is recorded by once counted (FlushedReadingLog)."""
    return path.name


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def discard_all() -> None:
    """Delete every file of readings, active or claimed (core.backup's ``after_restore``):
    they count readings of the replaced data's stories, whose ids the restored stories
    reuse. A server process appending meanwhile opens its file again (``_still_named``)."""
    base = folder()
    if base.is_dir():
        for path in base.glob("*.log"):
            remove(path)


def waiting(story_id: int) -> Counter:
    """Readings of ``story_id`` per day still in files (the editors' figures)."""
    base = folder()
    if not base.is_dir():
        return Counter()
    found = Counter()
    for path in base.glob("*.log"):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue  # flushed meanwhile: its readings are in the daily counts now
        found.update({day: n for (pk, day), n in _parse(data).items() if pk == story_id})
    return found
