"""Benchmark: CPU time per request of the signed-in pages and the API's dossier answers,
inside the process (no server, no network), for comparing changes on a shared machine.

    python bench/pages_cpu.py                      # fresh SQLite database, 200 requests a page
    python bench/pages_cpu.py --keep var/bench-cpu # fill once into that folder, reuse it after
    python bench/pages_cpu.py --profile inbox      # cProfile of one page, top 40 by own time
    python -m tests.harness.postgres python bench/pages_cpu.py   # on PostgreSQL

Fills the same database as bench/pages.py (the demo province and 240 dossiers in this year's
plan), signs in the federation editor as a Django test Client and times each page as
bench/cpu.py says (compare runs made one after the other). The pages: the dossier list, the
inbox, the plan page, the workspace home, and the API's inbox, dossier list and one dossier
(with the editor's token).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench import cpu  # noqa: E402
from bench.pages import EDITOR, fill, session_cookie  # noqa: E402


def api_token(email: str) -> str:
    from dienhinh.accounts.models import ApiToken, User

    user = User.objects.get(email=email)
    _, raw = ApiToken.issue(user=user, name="bench")
    return raw


def pages(plan, nomination) -> dict[str, str]:
    return {
        "dossier list (50 rows)": "/dossiers/",
        "inbox": "/dossiers/inbox/",
        "plan page": f"/plans/{plan.pk}/",
        "workspace home": "/workspace/",
        "API inbox": "/api/v1/inbox",
        "API dossier list": "/api/v1/nominations",
        "API one dossier": f"/api/v1/nominations/{nomination.pk}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cpu.add_arguments(parser)
    args = parser.parse_args()
    cpu.in_database(args, prefix="dh-bench-cpu-", fill=fill, run=lambda: run(args))


def run(args) -> None:
    from django.test import Client

    from dienhinh.accounts.models import User
    from dienhinh.nominations.models import Nomination
    from dienhinh.plans.models import Plan

    plan = Plan.objects.order_by("-year").first()
    editor = User.objects.get(email=EDITOR)
    nomination = Nomination.objects.visible_to(editor).filter(plan=plan).order_by("pk").first()
    browser = Client()
    for pair in (session_cookie(EDITOR) + "; dienhinh_language=vi").split("; "):
        name, value = pair.split("=", 1)
        browser.cookies[name] = value
    api = Client(headers={"Authorization": f"Bearer {api_token(EDITOR)}"})
    timed = {
        label: (api, url, {})
        if label.startswith("API")
        else (browser, url, {"Accept": "text/html"})
        for label, url in pages(plan, nomination).items()
    }
    cpu.time_pages(timed, args, width=26, profile_name="pages_cpu")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    main()
