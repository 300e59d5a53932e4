"""Benchmark: CPU time per request of the public portal's pages with the page cache off
(PORTAL_CACHE_SECONDS=0), inside the process (no server, no network).

    python bench/portal_cpu.py                        # fresh SQLite database, 2,000 stories
    python bench/portal_cpu.py --keep var/portal-cpu  # fill once into that folder, reuse it
    python bench/portal_cpu.py --profile story        # cProfile of one page
    python -m tests.harness.postgres python bench/portal_cpu.py   # on PostgreSQL

Fills the demo province and ``--stories`` published stories as bench/portal.py does, then
times the home page, a story page, the story list and a search as a reader without a
session (a language cookie only), as bench/cpu.py says. Compare runs made one after the other.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench import cpu  # noqa: E402
from bench.portal import fill  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2_000)
    cpu.add_arguments(parser)
    args = parser.parse_args()
    os.environ["PORTAL_CACHE_SECONDS"] = "0"
    cpu.in_database(
        args, prefix="dh-portal-cpu-", fill=lambda: fill(args.stories), run=lambda: run(args)
    )


def run(args) -> None:
    from django.conf import settings
    from django.test import Client

    from dienhinh.publishing.models import Story

    assert settings.PORTAL_CACHE_SECONDS == 0
    story = Story.objects.public().order_by("-published_at").first()
    reader = Client()
    reader.cookies["dienhinh_language"] = "vi"
    pages = {
        "home": "/",
        "story page": f"/bai-viet/{story.pk}-{story.slug}/",
        "story list": "/bai-viet/?page=3",
        "search": "/tim-kiem/?q=dien+hinh",
    }
    print(f"{Story.objects.public().count()} stories")
    cpu.time_pages(
        {label: (reader, url, {}) for label, url in pages.items()},
        args,
        width=14,
        profile_name="portal_cpu",
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    main()
