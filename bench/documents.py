"""Benchmark: the summary of a province's reports as DOCX and PDF, and the national summary
(the background export: rates by province, XLSX annex of every unit), with time and peak
memory (tracemalloc) of each.

    python bench/documents.py                                  # 3,000 units, 34 provinces
    python bench/documents.py --units 3000 --provinces 34
    python -m tests.harness.postgres python bench/documents.py  # on PostgreSQL

Fills a fresh database under a temporary DIENHINH_VAR_DIR: a national root, ``--provinces``
provinces of ``--units`` units each (30 districts, the rest grassroots unions), written in
bulk with their materialised paths, one plan of the root addressed to all of them, and a
submitted report (with its frozen version) for two units in three. Targets (issue 10): a
province under 5 s; the nation under 60 s and 500 MB.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

DISTRICTS = 30


def setup(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    os.environ["DIENHINH_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _step(index: int) -> str:
    """A treebeard path step (base 36, 4 characters)."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        index, rest = divmod(index, 36)
        out = digits[rest] + out
    return out


def fill(provinces: int, units: int):
    """Returns (root, [province paths]); the plan and reports in the database."""
    from django.db import transaction
    from django.utils import timezone

    from dienhinh.accounts.models import User
    from dienhinh.core.text import collation_key, fold
    from dienhinh.orgs.models import OrgUnit, UnitKind
    from dienhinh.plans.models import Plan, PlanStatus
    from dienhinh.reports.models import Report, ReportVersion

    def unit(path, name, kind, code, numchild=0):
        return OrgUnit(
            path=path,
            depth=len(path) // 4,
            numchild=numchild,
            name=name,
            kind=kind,
            code=code,
            search_text=fold(f"{name} {code}"),
            sort_name=collation_key(name),
        )

    with transaction.atomic():
        rows = [
            unit(_step(1), "Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL, "VN", provinces)
        ]
        per_district = (units - DISTRICTS) // DISTRICTS
        for p in range(1, provinces + 1):
            pp = _step(1) + _step(p)
            rows.append(
                unit(pp, f"Liên đoàn Lao động tỉnh số {p}", UnitKind.PROVINCE, f"P{p}", DISTRICTS)
            )
            for d in range(1, DISTRICTS + 1):
                dp = pp + _step(d)
                rows.append(
                    unit(
                        dp,
                        f"Liên đoàn Lao động huyện {p}-{d}",
                        UnitKind.DISTRICT,
                        f"P{p}-{d}",
                        per_district,
                    )
                )
                rows += [
                    unit(
                        dp + _step(g),
                        f"Công đoàn cơ sở {p}-{d}-{g}",
                        UnitKind.GRASSROOTS,
                        f"P{p}-{d}-{g}",
                    )
                    for g in range(1, per_district + 1)
                ]
        OrgUnit.objects.bulk_create(rows, batch_size=5000)
        root = OrgUnit.objects.get(path=_step(1))
        admin = User.objects.create_user(
            "bench@example.vn", "x", full_name="Bench", is_superuser=True
        )
        from dienhinh.accounts.models import Role, RoleAssignment

        RoleAssignment.objects.create(
            user=admin, unit=root, role=Role.SYSTEM_ADMIN, covers_subtree=True
        )
        today = timezone.localdate()
        plan = Plan.objects.create(
            issuing_unit=root,
            year=today.year,
            number=1,
            title="Tuyên truyền điển hình tiên tiến",
            place="Hà Nội",
            report_deadline=today - datetime.timedelta(days=1),
            status=PlanStatus.ISSUED,
            issued_on=today - datetime.timedelta(days=60),
        )
        submitted = timezone.now() - datetime.timedelta(days=3)
        reporting = [
            u
            for u in OrgUnit.objects.exclude(pk=root.pk).order_by("path").only("pk", "name", "path")
        ]
        chosen = [u for i, u in enumerate(reporting) if i % 3]
        Report.objects.bulk_create(
            [
                Report(plan=plan, unit=u, state="accepted", first_submitted_at=submitted)
                for u in chosen
            ],
            batch_size=5000,
        )
        by_unit = dict(Report.objects.filter(plan=plan).values_list("unit_id", "pk"))
        figures = {"dossiers_total": 2, "stories_published": 1, "meetings": 3}
        ReportVersion.objects.bulk_create(
            [
                ReportVersion(
                    report_id=by_unit[u.pk],
                    number=1,
                    submitted_at=submitted,
                    figures=figures,
                    unit_name=u.name,
                    unit_path=u.path,
                )
                for u in chosen
            ],
            batch_size=5000,
        )
        from django.db.models import OuterRef, Subquery

        Report.objects.filter(plan=plan).update(
            last_version=Subquery(
                ReportVersion.objects.filter(report=OuterRef("pk")).values("pk")[:1]
            )
        )
    return admin, plan


def measure(label: str, work, *, untraced: bool = False):
    """Time and peak memory (tracemalloc) of ``work``. tracemalloc slows Python code two or
    three times, so with ``untraced`` the time comes from a first run without it and the
    peak from a second run (for work that can run twice and that users wait for)."""
    seconds = None
    if untraced:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    result = work()
    traced = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    shown = f"{seconds:8.2f} s" if seconds is not None else f"{traced:8.2f} s (traced)"
    print(f"{label:<48} {shown}  peak {peak:7.1f} MB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=3000, help="units per province")
    parser.add_argument("--provinces", type=int, default=34)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from django.db import connection
        from django.utils import translation

        from dienhinh.core import jobs
        from dienhinh.documents import exports, service
        from dienhinh.documents.models import DocumentKind
        from dienhinh.documents.pdf import docx_to_pdf, soffice_available
        from dienhinh.documents.rendering import render_docx
        from dienhinh.documents.reports import summary_context
        from dienhinh.orgs.models import OrgUnit
        from dienhinh.reports.status import plan_status

        admin, plan = measure("fill", lambda: fill(args.provinces, args.units))
        total = OrgUnit.objects.count()
        print(f"{total} units on {connection.vendor}")
        province = OrgUnit.objects.get(code="P1")

        def province_docx():
            with translation.override("vi"):
                rows = plan_status(
                    plan,
                    units=list(
                        OrgUnit.objects.filter(path__startswith=province.path).order_by("path")
                    ),
                )
                context = summary_context(
                    plan, rows, by_child=len(rows) > service.SUMMARY_UNIT_ROWS
                )
                return render_docx(service.template_for(DocumentKind.SUMMARY, province), context)

        docx = measure(f"province summary DOCX ({args.units} units)", province_docx, untraced=True)
        if soffice_available():
            started = time.perf_counter()
            docx_to_pdf(docx)
            print(
                f"{'province summary PDF (from that DOCX)':<48} "
                f"{time.perf_counter() - started:8.2f} s  (LibreOffice, its own process)"
            )
        else:
            print("province summary PDF: skipped, LibreOffice (soffice) is not installed")

        def nation():
            job = exports.start_export("summary", plan.pk, by=admin)
            return jobs.run(job.pk, exports.export_job_work)

        measure(f"national summary export ({total} units, DOCX + XLSX)", nation, untraced=True)


if __name__ == "__main__":
    main()
