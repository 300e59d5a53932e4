"""Reading counts: how many times people opened each published story, per day.

Privacy first: no cookie, no address, no identifier is stored or even looked at beyond the
request's User-Agent (to leave out robots). The portal runs ``count_reading`` on every story
page it serves (portal.hooks.story_viewed, also for a page from its cache). Robots, link
previews and prefetches are left out by their headers.

Exact with any number of processes and servers, and no state in one process. On PostgreSQL
a reading is one appended row (PendingReading, one INSERT, unlogged), and ``flush`` moves
them into the daily counts (StoryReadings) in transactions that DELETE … RETURNING the rows
they add. A row is deleted by one transaction only, so two flushes racing split the rows
and never count one twice, and a flush stopped halfway rolls back what it had not
committed: nothing to lock, nothing to undo. On SQLite, whose one write lock an INSERT per
reading would take on every page (each cached page then waited for the other processes'),
a reading is one line appended to a file of the server process (publishing.reading_log),
which the flush claims, counts and deletes just as exactly. Rows or files rather than the
cache's counters because Django's file cache (the embedded default) has no atomic add/incr
across processes, resets a counter's expiry on incr and culls counters with pages at
MAX_ENTRIES. Appending rather than ``UPDATE … SET n = n + 1`` on one row per story and day:
readers of a popular story never wait for one another's row lock.

The first reading in each five-minute window queues one flush for the end of the window (a
task on the worker; two processes queueing one each is harmless), and ``manage.py
flush_readings`` does the same from cron.
"""

import contextlib
import datetime
import logging
import re
from collections import Counter

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from dienhinh.publishing import reading_log
from dienhinh.publishing.models import FlushedReadingLog, PendingReading, Story, StoryReadings

logger = logging.getLogger(__name__)

WINDOW = datetime.timedelta(minutes=5)
_BATCH = 5_000  # pending rows moved per transaction
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


def count_reading(request, story_id: int) -> bool:
    """Count one reading of ``story_id`` today unless a robot asks; returns whether it
    counted. One append and no lookup: a reading of an id that is no story is dropped by the
    flush."""
    if is_robot(request):
        return False
    now = timezone.now()
    try:
        if connection.vendor == "sqlite":
            reading_log.append(story_id, timezone.localdate(now))
        else:
            _insert(story_id, now)
    except (DatabaseError, OSError):
        # A reader still gets the page (the cached one needs no database otherwise) when the
        # database is locked or away, or the disk full: one reading lost beats a 503.
        logger.warning("reading of story %s not counted", story_id, exc_info=True)
        return False
    _queue_flush(now)
    return True


def _insert(story_id: int, now: datetime.datetime) -> None:
    day = connection.ops.adapt_datefield_value(timezone.localdate(now))
    # Inside a transaction (a test's, a caller's) a failed statement must not poison it.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with guard, connection.cursor() as cursor:
        cursor.execute(
            _sql("INSERT INTO {pending} (story_id, day) VALUES (%s, %s)"), [story_id, day]
        )


def _sql(text: str) -> str:
    quote = connection.ops.quote_name
    return text.format(
        pending=quote(PendingReading._meta.db_table),
        daily=quote(StoryReadings._meta.db_table),
        count=quote("count"),
    )


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


def flush() -> int:
    """Move the pending readings (rows, and on SQLite the files) into StoryReadings; returns
    how many readings it moved. Safe to run in several processes at once: each moves the
    rows it deleted and the files it claimed."""
    return _flush_rows() + flush_files()


def _flush_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(_sql("SELECT MAX(id) FROM {pending}"))
        (last,) = cursor.fetchone()
    moved = 0
    # Up to the last row seen at the start: readings arriving meanwhile wait for the next
    # flush instead of keeping this one going.
    while last is not None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    _sql(
                        "DELETE FROM {pending} WHERE id IN (SELECT id FROM {pending} "
                        "WHERE id <= %s ORDER BY id LIMIT %s) RETURNING story_id, day"
                    ),
                    [last, _BATCH],
                )
                taken = Counter(cursor.fetchall())
            if not taken:
                break  # all moved (by this flush or by another one running alongside)
            moved += _add(taken)
    return moved


def flush_files() -> int:
    """The files of readings (reading_log): each claimed file counted in one transaction
    that records its name, then deleted. Also what a backup runs first (core.backup's
    ``before_backup``): the archive holds the database and MEDIA_ROOT, not these files, so
    a reading still in a file when the backup starts is in its copy as a daily count."""
    reading_log.claim()
    moved = 0
    for path in reading_log.claimed():
        with reading_log.opened(path) as taken:
            if taken is None:
                continue  # another flush dealt with it
            if FlushedReadingLog.objects.filter(name=path.name).exists():
                pass  # counted by a flush that stopped before deleting it
            else:
                with transaction.atomic():
                    moved += _add(taken)
                    FlushedReadingLog.objects.create(name=path.name)
            reading_log.remove(path)
        FlushedReadingLog.objects.filter(name=path.name).delete()
    return moved


def _add(taken: Counter) -> int:
    """Add ``taken`` (a Counter of (story_id, day)) to the daily counts, leaving out ids of
    no story; returns how many readings were added."""
    stories = set(
        Story.objects.filter(pk__in={pk for pk, _day in taken}).values_list("pk", flat=True)
    )
    # Sorted: two flushes running at once lock the daily rows in the same order, so
    # PostgreSQL never has to abort one of them as a deadlock.
    rows = sorted((pk, day, n) for (pk, day), n in taken.items() if pk in stories)
    if rows:
        values = ", ".join(["(%s, %s, %s)"] * len(rows))  # placeholders only
        with connection.cursor() as cursor:
            cursor.execute(
                _sql(_ADD).replace("VALUES ()", f"VALUES {values}"),
                [
                    value
                    for pk, day, n in rows
                    for value in (pk, connection.ops.adapt_datefield_value(day), n)
                ],
            )
    return sum(n for _pk, _day, n in rows)


def pending(story_id: int) -> int:
    """Readings of ``story_id`` counted but not yet moved into the daily counts."""
    rows = PendingReading.objects.filter(story_id=story_id).count()
    return rows + sum(reading_log.waiting(story_id).values())


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
    waiting = (
        PendingReading.objects.filter(story_id=story.pk)
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for day, n in waiting:
        rows[day] += n
    rows.update(reading_log.waiting(story.pk))
    days = [(day, rows.get(day, 0)) for day in (today - datetime.timedelta(n) for n in range(14))]
    return {
        "total": sum(rows.values()),
        "week": sum(c for d, c in rows.items() if d > today - datetime.timedelta(days=7)),
        "today": days[0][1],
        "days": days,
    }
