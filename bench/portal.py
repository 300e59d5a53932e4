"""Benchmark: the public portal at 50,000 published stories, uncached and cached, beside a
static file of the same size, and the search's server time.

    make bench-portal                                       # SQLite, then PostgreSQL
    python bench/portal.py --seconds 20                     # longer runs
    python -m tests.harness.postgres python bench/portal.py # on PostgreSQL

Fills a fresh database with the demo province and 50,000 published stories (spread over the
demo's units, fields and movements, texts drawn from Vietnamese word lists; their photos
reuse the demo stories' few renditions rather than encoding 300,000 files), times the
search in-process (count and first page of ids, p95 over many queries), then starts the
production server (gunicorn, 2 sync workers) twice — with the portal's page cache off
(PORTAL_CACHE_SECONDS=0) and on — and drives the home page, a story page, the story list
and a search with `wrk -t2 -c8` as a phone's browser (so each story page counts a reading,
as a person's does), beside a static file of the story page's size through the same server.
Prints requests per second and p99 for each.
``--search-only`` fills and times the search alone (no server, no wrk).
Targets (issue 8): uncached story page >= 700 req/s with p99 < 100 ms, cached pages >= 1,500
req/s, search p95 < 50 ms at 50,000 stories. Needs `wrk` (Debian package wrk).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.pages import free_port, setup, wrk  # noqa: E402
from bench.server import wait_until_answering, wait_until_listening  # noqa: E402

STORIES = 50_000
# bench.pages.wrk always sends a Cookie header, and gunicorn drops a request whose Cookie
# header is empty: a reader's language cookie, as a returning reader has.
COOKIE = "dienhinh_language=vi"
# A phone's browser: each story page served counts a reading, as a person's does (wrk sends
# no User-Agent, which the counts take for a robot's).
READER = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"
SEARCHES = [
    "dien hinh",
    "điển hình tiên tiến",
    "cong doan co so",
    "giao vien day gioi",
    "Nguyễn Thị",
    "sang kien",
    "y te xa",
    "guong sang",
    "lao dong gioi",
    "tra vinh",
    "khong co tu nay",
    "ph",
]

_SUBJECTS = [
    "Cô giáo", "Thầy giáo", "Bác sĩ", "Kỹ sư", "Công nhân", "Tổ công đoàn", "Chị", "Anh",
    "Điều dưỡng", "Người thợ", "Tập thể", "Đoàn viên",
]  # fmt: skip
_NAMES = [
    "Nguyễn Thị Mai", "Trần Văn Đức", "Lê Hoàng Nghĩa", "Phạm Thị Ngọc", "Đào Duy Anh",
    "Huỳnh Văn Phúc", "Võ Thị Hương", "Đặng Minh Trí", "Bùi Thị Lan", "Ngô Quốc Bảo",
]  # fmt: skip
_DEEDS = [
    "dạy giỏi nhiều năm liền", "có sáng kiến tiết kiệm hàng trăm triệu đồng",
    "tận tụy với người bệnh", "giỏi việc nước, đảm việc nhà", "điển hình tiên tiến",
    "lao động giỏi, lao động sáng tạo", "tấm gương sáng về đạo đức", "nhân tố mới",
    "mô hình mới ở cơ sở", "giúp đỡ đồng nghiệp khó khăn",
]  # fmt: skip
_PLACES = [
    "ở Càng Long", "ở Trà Vinh", "ở xã An Trường", "ở Cầu Kè", "ở Tiểu Cần", "ở Duyên Hải",
    "của ngành giáo dục", "của ngành y tế", "ở khu công nghiệp Long Đức", "ở Châu Thành",
]  # fmt: skip
_TEXT = (
    "công đoàn cơ sở người lao động phong trào thi đua yêu nước gương sáng việc làm đời sống "
    "doanh nghiệp trường học trạm y tế đoàn viên năng suất chất lượng hiệu quả sáng tạo "
    "học tập và làm theo tư tưởng đạo đức phong cách chăm lo quyền lợi chính đáng hợp pháp"
)
_WORDS = _TEXT.split()


def fill(count: int) -> dict:
    """The demo province, its story photos' renditions, and ``count`` published stories."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dienhinh.demo.loader import load_demo
    from dienhinh.orgs.models import OrgUnit
    from dienhinh.plans.fields import base_slug
    from dienhinh.plans.models import Movement, SharedField
    from dienhinh.publishing.enums import StoryState
    from dienhinh.publishing.models import Story, StoryPhoto, StoryVersion
    from dienhinh.publishing.renditions import make_renditions
    from dienhinh.publishing.search import search_document

    started = time.perf_counter()
    load_demo(password="bench-pass-123")
    for photo in StoryPhoto.objects.all():
        make_renditions(photo.pk)
    photos = [
        {"photo": p.pk, "caption": p.caption, "alt_text": p.alt_text or "Ảnh", "cover": True}
        for p in StoryPhoto.objects.filter(renditions__isnull=False).distinct()[:6]
    ]
    units = list(OrgUnit.objects.filter(is_active=True).values_list("pk", flat=True))
    fields = list(SharedField.objects.values_list("pk", flat=True)) or [None]
    movements = list(Movement.objects.values_list("pk", flat=True)) or [None]
    rng = random.Random(8)
    now = timezone.now()
    batch = 2_000
    for start in range(0, count, batch):
        stories, versions = [], []
        for number in range(start, min(count, start + batch)):
            headline = (
                f"{rng.choice(_SUBJECTS)} {rng.choice(_NAMES)} {rng.choice(_DEEDS)} "
                f"{rng.choice(_PLACES)}"
            )
            lead = " ".join(rng.choices(_WORDS, k=25)).capitalize() + "."
            body = "".join(
                "<p>" + " ".join(rng.choices(_WORDS, k=40)).capitalize() + ".</p>" for _ in range(4)
            )
            at = now - timedelta(minutes=7 * number + 60)
            stories.append(
                Story(
                    unit_id=rng.choice(units),
                    state=StoryState.PUBLISHED,
                    slug=base_slug(headline),
                    field_id=rng.choice(fields),
                    movement_id=rng.choice(movements),
                    first_published_at=at,
                    published_at=at,
                    search_text=search_document(headline=headline, lead=lead, body=body),
                )
            )
            versions.append((headline, lead, body))
        with transaction.atomic():
            Story.objects.bulk_create(stories)
            StoryVersion.objects.bulk_create(
                StoryVersion(
                    story=story, number=1, headline=h, lead=lead, body=body, photos=photos[:1]
                )
                for story, (h, lead, body) in zip(stories, versions, strict=True)
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_story SET live_version_id = (SELECT v.id FROM "
            "publishing_storyversion v WHERE v.story_id = publishing_story.id AND v.number = 1), "
            "draft_version_id = (SELECT v.id FROM publishing_storyversion v WHERE "
            "v.story_id = publishing_story.id AND v.number = 1) WHERE live_version_id IS NULL"
        )
        # As autovacuum keeps a live database: on PostgreSQL the GIN index's pending list
        # merged and the visibility map set, which a bulk load leaves undone.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"seconds": time.perf_counter() - started, "public": Story.objects.public().count()}


def time_search(rounds: int = 10) -> dict:
    """Server time of a search (the count and the first page of ranked ids), in ms."""
    from dienhinh.publishing import search

    timings, matched = [], {}
    for _ in range(rounds):
        for text in SEARCHES:
            query = search.Query.parse(text)
            started = time.perf_counter()
            bounded = search.matches(query)
            search.ranked_ids(query, limit=20, matched=bounded)
            found = f"more than {bounded.count}" if bounded.more else bounded.count
            timings.append((time.perf_counter() - started) * 1000)
            matched[text] = found
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "matched": matched,
    }


def serve(var_dir: str, port: int, cache_seconds: int):
    import subprocess

    env = {
        **os.environ,
        "DIENHINH_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
        "PORTAL_CACHE_SECONDS": str(cache_seconds),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "dienhinh.wsgi",
            "--chdir",
            str(ROOT / "src"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        # gunicorn reads gunicorn.conf.py from the working directory, as `make run` does; its
        # access log goes to stdout, which would bury the figures.
        stdout=subprocess.DEVNULL,
    )
    wait_until_listening(server, port)
    wait_until_answering(server, port, path="/robots.txt", cookie=COOKIE)
    return server


def main() -> None:
    import shutil
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--stories", type=int, default=STORIES)
    parser.add_argument("--keep", help="a folder to keep the filled database in and reuse")
    parser.add_argument(
        "--search-only", action="store_true", help="fill and time the search, no server"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="dh-bench-portal-") as temporary:
        var_dir = args.keep or temporary
        reuse = bool(args.keep) and (Path(var_dir) / "filled").exists()
        setup(var_dir)
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client

        from dienhinh.publishing.models import Story

        if reuse:
            filled = {"seconds": 0, "public": Story.objects.public().count()}
        else:
            filled = fill(args.stories)
            if args.keep:
                (Path(var_dir) / "filled").touch()
        searched = time_search()
        if args.search_only:
            _print_search(searched, connection.vendor, filled)
            return
        story = Story.objects.public().order_by("-published_at").first()
        pages = {
            "home": "/",
            "story page": f"/bai-viet/{story.pk}-{story.slug}/",
            "story list": "/bai-viet/?page=3",
            "search": "/tim-kiem/?q=dien+hinh",
        }
        size = len(Client().get(pages["story page"]).content)
        static = Path(var_dir) / "static" / "bench" / "story-size.html"
        static.parent.mkdir(parents=True, exist_ok=True)
        static.write_bytes(b"x" * size)
        vendor = connection.vendor
        cache.clear()
        connection.close()
        rows = []
        for label, seconds in (("uncached", 0), ("cached", 3600)):
            port = free_port()
            server = serve(var_dir, port, seconds)
            try:
                base = f"http://127.0.0.1:{port}"
                for url in pages.values():
                    wrk(base + url, COOKIE, 2, READER)  # warm-up (and fill the cache)
                for name, url in pages.items():
                    rows.append(
                        (f"{name}, {label}", *wrk(base + url, COOKIE, args.seconds, READER))
                    )
                if label == "cached":
                    rows.append(
                        (
                            f"static file ({size} bytes)",
                            *wrk(base + "/static/bench/story-size.html", COOKIE, args.seconds),
                        )
                    )
            finally:
                server.terminate()
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:  # a loaded machine: no graceful end
                    server.kill()
                    server.wait()
    print(
        f"database: {vendor}; {filled['public']} published stories, filled in "
        f"{filled['seconds']:.0f} s; gunicorn 2 workers, wrk -t2 -c8 for {args.seconds} s"
    )
    print(f"{'page':34} {'req/s':>8} {'p99 ms':>8} {'errors':>7}")
    for label, rate, p99, errors in rows:
        print(f"{label:34} {rate:8.0f} {p99:8.1f} {errors:7d}")
    _print_search(searched)


def _print_search(searched: dict, vendor: str = "", filled: dict | None = None) -> None:
    if filled:
        print(f"database: {vendor}; {filled['public']} published stories")
    print(
        f"search (bounded count + first page, {len(SEARCHES)} queries x 10): median "
        f"{searched['median']:.1f} ms, p95 {searched['p95']:.1f} ms (target < 50 ms)"
    )
    print("matches: " + ", ".join(f"{q!r}: {n}" for q, n in searched["matched"].items()))


if __name__ == "__main__":
    main()
