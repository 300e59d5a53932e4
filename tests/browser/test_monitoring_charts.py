"""The monitoring page on a phone-sized Chromium: the charts are drawn by the vendored
Chart.js under the CSP (no violation, no script error), each beside its table, the page does
not scroll sideways at 360 px, and axe finds no serious violation."""

import pytest
from django.urls import reverse

from dienhinh.plans.models import Plan
from tests.browser.demo_copy import demo_province

from .conftest import serious_violations

PASSWORD = "browser-pass-1"


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEMO_MODE = True
    demo_province(PASSWORD)


def test_the_charts_draw_under_the_csp_on_a_phone(demo, live_server, new_context, axe_source):
    plan = Plan.objects.get(number=57)
    page = new_context().new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "theodoi@demo.dienhinh.vn")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(live_server.url + reverse("reports:monitoring", args=[plan.pk]))
    page.wait_for_function("() => window.Chart && document.querySelector('canvas[data-chart]')")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-chart]')]
            .filter((c) => window.Chart.getChart(c) && c.width > 0)
            .map((c) => c.dataset.chart)"""
    )
    assert "children" in drawn and "months" in drawn
    # The month chart draws every figure of its table, the seminars attended among them,
    # with the table's numbers and the page's (Vietnamese) legend.
    months = page.evaluate(
        """() => window.Chart.getChart(document.querySelector('canvas[data-chart=months]'))
            .data.datasets.map((d) => [d.label, d.data.reduce((a, b) => a + b, 0)])"""
    )
    attended = sum(
        int(cell) for cell in page.locator("#table-months tbody td:nth-child(7)").all_inner_texts()
    )
    assert ["Tọa đàm đã tham gia", attended] in months, months
    rows = page.locator("#table-children tbody tr").count()
    assert rows >= 2
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert not problems, problems
    assert not serious_violations(page, axe_source)
