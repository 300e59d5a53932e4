"""The national benchmark generator at a tiny size (the full size runs in bench/monitoring.py,
never in the suite): it writes a tree the monitoring reads, with rates within 100%."""

import io

from django.core.management import call_command

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.monitoring.board import monitoring_board


def test_a_tiny_national_data_set(db):
    call_command("generate_national", scale=0.001, stdout=io.StringIO())
    plan = Plan.objects.select_related("issuing_unit").get(symbol="KH-TLĐ")
    root = plan.issuing_unit
    assert OrgUnit.objects.filter(depth=2, path__startswith=root.path).count() == 34
    assert OrgUnit.objects.filter(path__startswith=root.path).count() == 34 * 10 + 1
    board = monitoring_board(plan, root).as_dict()
    assert len(board["children"]) == 34
    assert board["total"]["dossiers"] > 0 and board["total"]["meetings"] > 0
    assert 0 < board["total"]["reporting_rate"] <= 100.0
    # The country's board shows the national blocks, not the provinces' clusters.
    assert len(board["groups"]) == 10
    assert all("toàn quốc" in group["name"] for group in board["groups"])
    province = monitoring_board(plan, OrgUnit.objects.get(code=f"{root.code}-P01")).as_dict()
    clusters = [g["name"] for g in province["groups"] if g["name"].startswith("Cụm thi đua")]
    grassroots = OrgUnit.objects.filter(code__startswith=f"{root.code}-P01-", depth=4).count()
    assert len(clusters) == min(20, grassroots)  # a cluster without members has no row
    assert all(" tỉnh 1 " in name for name in clusters)
