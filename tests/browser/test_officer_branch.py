"""A grassroots officer, on a phone-sized Chromium, sees only their own branch."""

from pathlib import Path

import pytest
from django.conf import settings

from dienhinh.orgs.models import OrgUnit
from tests.browser.demo_copy import demo_province

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
OWN_UNIT = "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long"
SIBLING_UNIT = "Công đoàn cơ sở Trạm Y tế xã An Trường"


@pytest.fixture
def demo(transactional_db):
    demo_province("browser-pass-1")


def test_coso1_logs_in_and_sees_only_its_branch(demo, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "coso1@demo.dienhinh.vn")
    page.fill("input[name=password]", "browser-pass-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    assert OWN_UNIT in page.content()

    page.goto(f"{live_server.url}/units/")
    tree = page.locator("main")
    assert OWN_UNIT in tree.inner_text()
    assert SIBLING_UNIT not in page.content()
    assert "Liên đoàn Lao động huyện Càng Long" not in tree.inner_text()
    # Expanding the unit loads its union groups in place (HTMX), without leaving the page.
    own = OrgUnit.objects.get(name=OWN_UNIT)
    page.click(f"#toggle-{own.pk}")
    page.wait_for_selector(f"#children-{own.pk} li")
    assert page.url == f"{live_server.url}/units/"
    assert "Tổ công đoàn" in page.locator(f"#children-{own.pk}").inner_text()
    # No horizontal scrolling at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "coso1-units.png"), full_page=True)

    sibling = OrgUnit.objects.get(name=SIBLING_UNIT)
    response = page.goto(f"{live_server.url}/units/{sibling.pk}/")
    assert response.status == 404
    assert SIBLING_UNIT not in page.content()
