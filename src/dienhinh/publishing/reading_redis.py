"""Readings waiting in Redis, where the cache is Redis (several servers, the national scale):
one counter per story and day in one hash, which the flush claims by renaming it, counts and
deletes (publishing.readings decides when).

Why Redis there: the readings of every server must meet somewhere without a database write
per view, and Redis is what those deployments already run for the page cache. Django's cache
API is not used: its ``incr`` is a read and a write on the file cache, and on Redis a plain
key with an expiry; a hash with HINCRBY is one atomic round trip whatever the number of
servers, and RENAME hands the whole hash to one flush at once.

Exact with any number of servers and flushes, and nothing kept in memory:

- A reading is ``HINCRBY <active> "<story> <day>" 1``: one command, atomic.
- A flush RENAMEs the active hash to ``batch:<random>`` and adds that name to the set of
  batches, in one script (atomic: readings from then on make a new active hash), then for
  each batch of the set (its own and any left by a flush that stopped) reads it and, in one
  transaction, adds its counts and records the batch's name (FlushedReadingLog, unique).
  Two flushes that read the same batch race on that unique row: one commits, the other's
  transaction fails and adds nothing. The batch and its name are deleted together after the
  commit; a flush stopped before the commit leaves the batch whole for the next one, one
  stopped after leaves it recorded, and the next deletes it without counting it again.
- The records are kept a day (``readings.RECORDS_KEPT``), far longer than any flush takes,
  so a flush that read a batch just before another deleted it still finds the record.
"""

import datetime
import functools
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from django.conf import settings

# What a reading or a flush raises when Redis is away (publishing.readings catches it).
Unavailable = redis.RedisError


@functools.cache
def _client(url: str) -> redis.Redis:
    # One pool per process and address; redis-py makes a new one after a fork by itself.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def client() -> redis.Redis:
    return _client(settings.READINGS_REDIS_URL)


def _key(name: str) -> str:
    return f"{settings.READINGS_REDIS_PREFIX}{name}"


_ACTIVE = "active"
_BATCH = "batch:"
# The names of the batches waiting: the flush and the editors' figures read this set, never
# a SCAN of the Redis database, which the page cache shares (tens of thousands of keys).
_BATCHES = "batches"

# The active hash becomes a batch and its name joins the set in one step (a script runs
# atomically): a flush stopped in between can leave neither a batch nobody lists nor a
# listed name without a batch. Without readings since the last claim it does nothing.
_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('RENAME', KEYS[1], KEYS[2])
    redis.call('SADD', KEYS[3], ARGV[1])
end
"""


def append(story_id: int, day: datetime.date) -> None:
    """Count one reading of ``story_id`` on ``day`` (Unavailable when Redis is away)."""
    client().hincrby(_key(_ACTIVE), f"{int(story_id)} {day.isoformat()}", 1)


def claim() -> None:
    """Rename the active hash to a batch: what is counted from now on goes to a new one."""
    name = f"{_BATCH}{uuid.uuid4().hex}"
    client().eval(_CLAIM, 3, _key(_ACTIVE), _key(name), _key(_BATCHES), name)


def claimed() -> list[str]:
    """The names of the batches waiting, this flush's and any a stopped flush left."""
    return sorted(name.decode() for name in client().smembers(_key(_BATCHES)))


@contextmanager
def opened(name: str) -> Iterator[Counter | None]:
    """The readings of a batch as a Counter of (story_id, day), None when it is gone (another
    flush deleted it). The caller records ``name`` in the transaction that adds them."""
    data = client().hgetall(_key(name))
    yield _parse(data) if data else None


def _parse(data: dict[bytes, bytes]) -> Counter:
    taken = Counter()
    for field, count in data.items():
        story, _sep, day = field.partition(b" ")
        try:
            taken[int(story), datetime.date.fromisoformat(day.decode())] += int(count)
        except ValueError:
            continue  # never written by append(); a damaged field is no reading
    return taken


def label(name: str) -> str:
    """The name a batch is recorded by once counted (FlushedReadingLog)."""
    return name


def remove(name: str) -> None:
    """Delete a batch and its name (both at once: MULTI/EXEC)."""
    client().pipeline(transaction=True).delete(_key(name)).srem(_key(_BATCHES), name).execute()


def discard_all() -> None:
    """Delete every counter waiting (core.backup's ``after_restore``): they count readings
    of the replaced data's stories, whose ids the restored stories reuse."""
    keys = [_key(name) for name in claimed()]
    client().delete(_key(_ACTIVE), _key(_BATCHES), *keys)


def waiting(story_id: int) -> Counter:
    """Readings of ``story_id`` per day still in Redis (the editors' figures)."""
    found = Counter()
    for key in (_ACTIVE, *claimed()):
        # The story's fields alone come back (the hash holds every story read meanwhile).
        data = dict(client().hscan_iter(_key(key), match=f"{int(story_id)} *", count=1000))
        found.update({day: n for (pk, day), n in _parse(data).items() if pk == story_id})
    return found
