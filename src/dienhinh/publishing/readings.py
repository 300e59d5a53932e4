"""Reading counts: how many times people opened each published story, per day.

Privacy first: no cookie, no address, no identifier is stored or even looked at beyond the
request's User-Agent (to leave out robots). The portal runs ``count_reading`` on every story
page it serves (portal.hooks.story_viewed, also for a page from its cache). Robots, link
previews and prefetches are left out by their headers.

No database write per view, exact with any number of processes, and no state in one process.
A reading waits outside the database until a flush moves it into the daily counts
(StoryReadings), in one of two stores with the same operations (append, claim, the batches
claimed, open one, its name, remove it):

- Where the cache is Redis (several servers, the national scale): a counter per story and
  day in a Redis hash (publishing.reading_redis), one HINCRBY per reading.
- Otherwise (one machine, on SQLite or PostgreSQL): one line appended to a file of the
  server process (publishing.reading_log).

Why not the database: on SQLite an INSERT per reading took the one write lock on every page
(each cached page then waited for the other processes'); on PostgreSQL it was a write per
view all the same. Why not Django's cache counters: the file cache (the embedded default)
has no atomic add/incr across processes, resets a counter's expiry on incr and culls
counters with pages at MAX_ENTRIES.

The flush counts each batch exactly once: it adds the batch's counts and records the batch's
name (FlushedReadingLog, unique) in one transaction, then deletes the batch. Two flushes over
one batch race on the unique name and one of them adds nothing; a flush stopped before its
commit leaves the batch whole, one stopped after leaves it recorded, and the next deletes it
without counting it again. The records are kept a day, far longer than any flush takes.

The first reading in each five-minute window queues one flush for the end of the window (a
task on the worker; two processes queueing one each is harmless), and ``manage.py
flush_readings`` does the same from cron.
"""

import datetime
import logging
import re
from collections import Counter
from types import ModuleType

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from dienhinh.publishing import reading_log, reading_redis
from dienhinh.publishing.models import FlushedReadingLog, Story, StoryReadings

logger = logging.getLogger(__name__)

WINDOW = datetime.timedelta(minutes=5)
# How long a counted batch's name is kept: a flush that read a batch just before another one
# counted and deleted it still finds the name, and adds nothing.
RECORDS_KEPT = datetime.timedelta(days=1)
_ROBOTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|facebot|zalo.?link|embedly|"
    r"headless|lighthouse|pingdom|monitor|curl|wget|python|java/|go-http|okhttp|axios|"
    r"node-fetch|libwww|httpclient|scrapy|feed|rss",
    re.IGNORECASE,
)


def is_robot(request) -> bool:
    """A robot, a link preview or a prefetch: not a person reading."""
    agent = request.headers.get("User-Agent", "")
    if not agent or _ROBOTS.search(agent):
        return True
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower()


def store() -> ModuleType:
    """Where readings wait: Redis when configured (READINGS_REDIS_URL, by default the Redis
    cache's address), else the server process's file."""
    return reading_redis if settings.READINGS_REDIS_URL else reading_log


def _stores() -> list[ModuleType]:
    # The files also when Redis is configured: readings left from before the switch.
    return [reading_log, reading_redis] if settings.READINGS_REDIS_URL else [reading_log]


def count_reading(request, story_id: int) -> bool:
    """Count one reading of ``story_id`` today unless a robot asks; returns whether it
    counted. One append, no lookup and no database statement: a reading of an id that is no
    story is dropped by the flush."""
    if is_robot(request):
        return False
    now = timezone.now()
    try:
        store().append(story_id, timezone.localdate(now))
    except (OSError, reading_redis.Unavailable):
        # A reader still gets the page when Redis is away or the disk full: one reading lost
        # beats a 503.
        logger.warning("reading of story %s not counted", story_id, exc_info=True)
        return False
    _queue_flush(now)
    return True


def _queue_flush(now: datetime.datetime) -> None:
    window = int(now.timestamp() // WINDOW.total_seconds())
    if cache.add(f"readings-flush:{window}", 1, int(WINDOW.total_seconds()) * 3):
        from dienhinh.publishing.tasks import flush_readings_task

        at = datetime.datetime.fromtimestamp((window + 1) * WINDOW.total_seconds(), tz=datetime.UTC)
        transaction.on_commit(
            lambda: flush_readings_task.using(run_after=at).enqueue(), robust=True
        )


# The same upsert on SQLite and PostgreSQL: one statement, so two flushes adding to the same
# story and day never collide on the unique constraint.
_ADD = (
    "INSERT INTO {daily} (story_id, day, {count}) VALUES () ON CONFLICT (story_id, day) "
    "DO UPDATE SET {count} = {daily}.{count} + excluded.{count}"
)


_ROWS_PER_STATEMENT = 2_000


def _sql(text: str) -> str:
    quote = connection.ops.quote_name
    return text.format(daily=quote(StoryReadings._meta.db_table), count=quote("count"))


def flush() -> int:
    """Move the readings waiting (in files, and in Redis when configured) into
    StoryReadings; returns how many it moved. Safe to run in several processes at once."""
    moved = sum(_flush(each) for each in _stores())
    FlushedReadingLog.objects.filter(flushed_at__lt=timezone.now() - RECORDS_KEPT).delete()
    return moved


def _flush(source: ModuleType) -> int:
    source.claim()
    moved = 0
    for batch in source.claimed():
        with source.opened(batch) as taken:
            if taken is None:
                continue  # another flush dealt with it
            moved += _add_once(source.label(batch), taken)
            source.remove(batch)
    return moved


def discard_waiting() -> None:
    """After a restore (core.backup's ``after_restore``): the readings waiting count the
    replaced data's stories, whose ids the restored stories reuse."""
    for each in _stores():
        each.discard_all()


def _add_once(name: str, taken: Counter) -> int:
    """Add a batch's counts and record its name in one transaction; 0 when the name is
    recorded already (counted by a flush alongside, or by one that stopped before deleting
    the batch)."""
    try:
        with transaction.atomic():
            FlushedReadingLog.objects.create(name=name)
            return _add(taken)
    except IntegrityError:
        return 0


def _add(taken: Counter) -> int:
    """Add ``taken`` (a Counter of (story_id, day)) to the daily counts, leaving out ids of
    no story; returns how many readings were added."""
    stories = set(
        Story.objects.filter(pk__in={pk for pk, _day in taken}).values_list("pk", flat=True)
    )
    # Sorted: two flushes running at once lock the daily rows in the same order, so
    # PostgreSQL never has to abort one of them as a deadlock.
    rows = sorted((pk, day, n) for (pk, day), n in taken.items() if pk in stories)
    # In statements of _ROWS_PER_STATEMENT: a batch a worker down for days left holds a
    # (story, day) pair for every story read each day, more than SQLite's 32,766 parameters.
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))  # placeholders only
        with connection.cursor() as cursor:
            cursor.execute(
                _sql(_ADD).replace("VALUES ()", f"VALUES {values}"),
                [
                    value
                    for pk, day, n in chunk
                    for value in (pk, connection.ops.adapt_datefield_value(day), n)
                ],
            )
    return sum(n for _pk, _day, n in rows)


def pending(story_id: int) -> int:
    """Readings of ``story_id`` counted but not yet moved into the daily counts."""
    return sum(_waiting(story_id).values())


def _waiting(story_id: int) -> Counter:
    found = Counter()
    for each in _stores():
        try:
            found.update(each.waiting(story_id))
        except reading_redis.Unavailable:
            logger.warning("readings waiting in Redis not read", exc_info=True)
    return found


def readings_between(stories, start: datetime.date, end: datetime.date) -> int:
    """Readings of ``stories`` (a queryset) from ``start`` to ``end`` inclusive: what the
    implementation reports count for a unit's stories over a reporting period."""
    total = StoryReadings.objects.filter(story__in=stories, day__gte=start, day__lte=end).aggregate(
        total=Sum("count")
    )["total"]
    return total or 0


def summary(story: Story) -> dict:
    """For the editors' story page: in all, over the last 7 days, today, and the last 14
    days day by day (with the readings not yet moved, on their day)."""
    today = timezone.localdate()
    rows = Counter(dict(StoryReadings.objects.filter(story=story).values_list("day", "count")))
    rows.update(_waiting(story.pk))
    days = [(day, rows.get(day, 0)) for day in (today - datetime.timedelta(n) for n in range(14))]
    return {
        "total": sum(rows.values()),
        "week": sum(c for d, c in rows.items() if d > today - datetime.timedelta(days=7)),
        "today": days[0][1],
        "days": days,
    }
