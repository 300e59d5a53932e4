"""Generation tokens: cheap "has anything changed?" keys for cached figures.

A cached value is stored under a key that includes the current token of what it depends on
(``current("dossiers")``); ``bump("dossiers")`` after a change gives a new token, so every
value cached under the old one is simply never read again — no list of keys to delete, and
no count that could miss a page. Tokens live in the default cache, which every process shares
in production (a per-process cache only delays the change to the other processes by the
cached values' lifetime).
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

from dienhinh.core.release import release

_PREFIX = "generation:"
_LIFETIME = 7 * 24 * 3600
# One more token under every name's: a restore (core.backup) replaces all the data at once
# and gives it a new one (``start_over``), so every value cached before is stale, whatever
# its name, even in a shared cache server that cannot be emptied for this site alone. One
# per release of the code (core.release): values rendered by other code are never read.
_EPOCH = "generation-epoch:"


def _epoch() -> str:
    return _EPOCH + release()


# How long a value of ``cached`` is kept at most (a change makes it stale before that).
CACHED_LIFETIME = 300


def _started(key: str, found: dict) -> str:
    token = found.get(key)
    if token is None:
        token = uuid.uuid4().hex
        # add(), not set(): two processes starting together agree on one token.
        if not cache.add(key, token, _LIFETIME):
            token = cache.get(key) or token
    return token


def current(name: str) -> str:
    return current_many(name)


def current_many(*names: str) -> str:
    """One value for the tokens of ``names`` and the epoch's, read in one round trip to the
    cache (a key that depends on several kinds of rows, read on every request). It is a
    digest of them, 32 characters however many names: a key built of the tokens themselves
    (33 characters each) passed memcached's limit of 250 with three names and a scope."""
    keys = [_PREFIX + name for name in names]
    epoch = _epoch()
    found = cache.get_many([epoch, *keys])
    tokens = [_started(epoch, found), *(_started(key, found) for key in keys)]
    return hashlib.blake2b(":".join(tokens).encode(), digest_size=16).hexdigest()


def bump(name: str) -> None:
    """Mark ``name`` changed: values cached under its previous token are not used again."""
    cache.set(_PREFIX + name, uuid.uuid4().hex, _LIFETIME)


def bump_now_and_on_commit(name: str) -> None:
    """``bump(name)`` now and again once the current transaction commits: a request of
    another process that read the old rows between the two (and cached what it read under
    the first new token) is not believed after the commit; and a test, whose transaction
    never commits, sees the change at once."""
    bump(name)
    transaction.on_commit(lambda: bump(name))


def start_over() -> None:
    """Every name changed at once (the whole database was replaced by a restore): values
    cached under any token before are not used again."""
    cache.set(_epoch(), uuid.uuid4().hex, _LIFETIME)


def cached[T](
    name: str, parts: Iterable[str], depends_on: Iterable[str], build: Callable[[], T]
) -> T:
    """``build()``, kept in the default cache under ``name``, ``parts`` (what the value is
    for: a scope key, a day) and the current tokens of ``depends_on`` (every kind of row the
    value was read from): a change to any of them gives a new key, so the next call builds
    it again. ``build`` must return plain data (rows as dicts), never None."""
    key = ":".join((name, *parts, current_many(*depends_on)))
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHED_LIFETIME)
    return value
