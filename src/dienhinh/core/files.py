"""Stored files live and die with the transaction that wrote them.

A file is written to disk before the row that names it, and a disk does not roll back: when
the transaction then fails (a later error, a constraint, a lost connection), the file would
stay with no row. So the default storage (core/storage.py) reports every file it writes
inside a transaction here, with the savepoints open at that moment, and when the database
rolls back the transaction, or a savepoint that was open, the files written under it are
deleted. It is the inverse of ``transaction.on_commit`` and follows the same savepoint rule
Django applies to on_commit callbacks (BaseDatabaseWrapper.savepoint_rollback).

Django has no rollback hook, so the first write in a transaction wraps four methods of that
connection object (``rollback``, ``savepoint_rollback``, ``commit`` and ``close``), once; the
wrappers call the originals first and only then forget or delete. ``close`` covers a
connection dropped in the middle of a transaction (closed by the code, by
``close_if_unusable_or_obsolete`` after an error, or by an atomic block whose rollback failed
on a lost connection): the server rolls that transaction back without any rollback call.
A process killed outright leaves its files; nothing in it runs any more.

The other half: a file that is replaced or removed is deleted only after the commit
(``delete_after_commit``), never before, so a rollback keeps the file its row still names.
"""

import contextlib
import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.transaction import TransactionManagementError

logger = logging.getLogger(__name__)

_WRITTEN = "_dienhinh_written_files"  # [(savepoint ids open at the write, storage, name)]
_HOOKED = "_dienhinh_file_hooks"


def written(storage, name: str) -> None:
    """Remember a file just written, to delete it if its transaction rolls back.

    Outside a transaction nothing is remembered: the write stands on its own.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    _hook(connection)
    connection.__dict__.setdefault(_WRITTEN, []).append(
        (tuple(connection.savepoint_ids), storage, name)
    )


def delete_after_commit(*names: str, storage=None) -> None:
    """Delete these stored files once the current transaction commits (at once outside one).

    For a file replaced or removed: until the commit its row may still be rolled back to
    name it. Empty names are skipped.
    """
    names = tuple(name for name in names if name)
    if not names:
        return
    storage = storage or default_storage
    transaction.on_commit(lambda: _delete(storage, names))


def _delete(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # A file left behind is a leak, not an error for the person whose change stands.
            logger.warning("Could not delete the stored file %s", name, exc_info=True)


def _hook(connection) -> None:
    if connection.__dict__.get(_HOOKED):
        return
    rollback, savepoint_rollback, commit, close = (
        connection.rollback,
        connection.savepoint_rollback,
        connection.commit,
        connection.close,
    )

    def hooked_rollback():
        try:
            rollback()
        except TransactionManagementError:
            # Refused before reaching the server (rollback() inside an atomic block): the
            # transaction is still open and may yet commit, with its files.
            raise
        except BaseException:
            # The rollback itself failed: the server drops the transaction with the
            # connection, so its rows are gone either way.
            _discard(connection, lambda sids: True)
            raise
        _discard(connection, lambda sids: True)

    def hooked_savepoint_rollback(sid):
        savepoint_rollback(sid)
        _discard(connection, lambda sids: sid in sids)

    def hooked_commit():
        commit()
        connection.__dict__.pop(_WRITTEN, None)

    def hooked_close():
        # Also how close_if_unusable_or_obsolete() and an atomic block whose rollback failed
        # drop a broken connection. Nothing recorded is committed (a commit forgets its
        # files), and a transaction that loses its connection never commits. An in-memory
        # SQLite database is never really closed (its transaction goes on): keep its files.
        try:
            close()
        finally:
            if connection.connection is None or connection.closed_in_transaction:
                _discard(connection, lambda sids: True)

    connection.rollback = hooked_rollback
    connection.savepoint_rollback = hooked_savepoint_rollback
    connection.commit = hooked_commit
    connection.close = hooked_close
    connection.__dict__[_HOOKED] = True


def _discard(connection, rolled_back) -> None:
    entries = connection.__dict__.get(_WRITTEN) or []
    keep = []
    for entry in entries:
        sids, storage, name = entry
        if rolled_back(sids):
            with contextlib.suppress(OSError):
                storage.delete(name)
        else:
            keep.append(entry)
    connection.__dict__[_WRITTEN] = keep
