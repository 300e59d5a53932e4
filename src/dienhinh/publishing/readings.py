"""Reading counts: how many times people opened each published story, per day.

Privacy first: no cookie, no address, no identifier is stored or even looked at beyond the
request's User-Agent (to leave out robots). The portal runs ``count_reading`` on every story
page it serves (portal.hooks.story_viewed, also for a page from its cache); it only
increments a counter in the shared cache, so a reading costs no database write. Robots, link
previews and prefetches are left out by their headers.

The counters are written to StoryReadings in batches by ``flush``: the first reading in each
five-minute window queues one flush for the end of the window (a task on the worker), and
``manage.py flush_readings`` does the same from cron. A flush moves what it read and
subtracts exactly that from the counter, so readings arriving meanwhile are kept for the
next one. With Redis (production) increments are atomic and the counts exact; the embedded
file or database cache may lose an increment when two arrive at the same instant.
"""

import contextlib
import datetime
import re
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from dienhinh.publishing.models import Story, StoryReadings

WINDOW = datetime.timedelta(minutes=5)
# Counters live three days: a worker down over a weekend loses nothing of the last two.
COUNTER_LIFETIME = 3 * 24 * 3600
FLUSH_DAYS = 2  # today and yesterday (a flush just after midnight)
_BATCH = 500
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


def _key(day: datetime.date, story_id: int) -> str:
    return f"readings:{day.isoformat()}:{story_id}"


def count_reading(request, story_id: int) -> bool:
    """Count one reading of ``story_id`` today unless a robot asks; returns whether it
    counted. No query: an id that is not a public story just ages out of the cache (the
    flush reads only public stories' counters)."""
    if is_robot(request):
        return False
    now = timezone.now()
    key = _key(timezone.localdate(now), story_id)
    cache.add(key, 0, COUNTER_LIFETIME)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, COUNTER_LIFETIME)
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


def _story_ids() -> Iterable[int]:
    """Stories whose counters may hold readings: public ones, and those that left the portal
    in the last days (their page was readable until then)."""
    since = timezone.now() - datetime.timedelta(days=FLUSH_DAYS + 1)
    public = Story.objects.public().values_list("pk", flat=True)
    recent = Story.objects.filter(updated_at__gte=since).values_list("pk", flat=True)
    return sorted(set(public) | set(recent))


def flush() -> int:
    """Move the cached counters into StoryReadings; returns how many readings it moved."""
    if not cache.add("readings-flushing", 1, 300):
        return 0  # another flush is running
    moved = 0
    try:
        today = timezone.localdate()
        days = [today - datetime.timedelta(days=n) for n in range(FLUSH_DAYS)]
        ids = list(_story_ids())
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            keys = {_key(day, pk): (day, pk) for day in days for pk in chunk}
            found = {k: v for k, v in cache.get_many(list(keys)).items() if v}
            if not found:
                continue
            with transaction.atomic():
                for key, count in found.items():
                    day, pk = keys[key]
                    updated = StoryReadings.objects.filter(story_id=pk, day=day).update(
                        count=F("count") + count
                    )
                    if not updated:
                        StoryReadings.objects.create(story_id=pk, day=day, count=count)
            for key, count in found.items():
                with contextlib.suppress(ValueError):  # expired meanwhile: nothing left
                    cache.decr(key, count)
            moved += sum(found.values())
    finally:
        cache.delete("readings-flushing")
    return moved


def pending(story_id: int) -> int:
    """Readings of ``story_id`` counted but not yet written (today's and yesterday's)."""
    today = timezone.localdate()
    keys = [_key(today - datetime.timedelta(days=n), story_id) for n in range(FLUSH_DAYS)]
    return sum(v or 0 for v in cache.get_many(keys).values())


def readings_between(stories, start: datetime.date, end: datetime.date) -> int:
    """Readings of ``stories`` (a queryset) from ``start`` to ``end`` inclusive: what the
    implementation reports count for a unit's stories over a reporting period."""
    total = StoryReadings.objects.filter(story__in=stories, day__gte=start, day__lte=end).aggregate(
        total=Sum("count")
    )["total"]
    return total or 0


def summary(story: Story) -> dict:
    """For the editors' story page: in all, over the last 7 days, today (with what the
    cache holds), and the last 14 days day by day."""
    today = timezone.localdate()
    rows = dict(
        StoryReadings.objects.filter(story=story).values_list("day", "count").order_by("day")
    )
    waiting = pending(story.pk)
    week = sum(c for d, c in rows.items() if d > today - datetime.timedelta(days=7)) + waiting
    days = [
        (today - datetime.timedelta(days=n), rows.get(today - datetime.timedelta(days=n), 0))
        for n in range(14)
    ]
    days[0] = (today, days[0][1] + waiting)
    return {
        "total": sum(rows.values()) + waiting,
        "week": week,
        "today": days[0][1],
        "days": days,
    }
