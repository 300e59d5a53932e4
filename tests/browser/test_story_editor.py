"""The federation's editor, on a phone-sized Chromium: a published story with changes, the
edit page and the comparison of two versions fit 360 px, and a save makes a new version."""

from pathlib import Path

import pytest
from django.conf import settings

from dienhinh.publishing.models import Story
from tests.browser.demo_copy import demo_province

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture
def demo(transactional_db, settings):
    # The demo accounts log in without a second factor in demo mode only.
    settings.DEMO_MODE = True
    demo_province("browser-pass-1")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_bientap_edits_a_published_story_on_a_phone(demo, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "bientap@demo.dienhinh.vn")
    page.fill("input[name=password]", "browser-pass-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    assert "Đã hẹn giờ đăng" in page.content()  # the home panel lists the scheduled story

    story = next(s for s in Story.objects.public() if s.has_pending_changes)
    page.goto(f"{live_server.url}/stories/{story.pk}/")
    assert "có nội dung sửa chưa đăng" in page.content() and fits(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "bientap-story.png"), full_page=True)

    page.goto(f"{live_server.url}/stories/{story.pk}/edit/")
    assert fits(page)
    page.screenshot(path=str(SCREENSHOTS / "bientap-story-edit.png"), full_page=True)
    page.fill("input[name=headline]", "Khoa Nhi: thầy thuốc như mẹ hiền, suốt ngày đêm")
    page.click("form.story-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/stories/{story.pk}/")
    story.refresh_from_db()
    assert story.draft_version.headline.endswith("suốt ngày đêm")
    assert story.live_version.headline == "Khoa Nhi: thầy thuốc như mẹ hiền"

    page.get_by_role("button", name="So sánh", exact=True).click()
    page.wait_for_url(f"{live_server.url}/stories/{story.pk}/compare/**")
    assert "suốt ngày đêm</ins>" in page.content() and fits(page)
    page.screenshot(path=str(SCREENSHOTS / "bientap-story-compare.png"), full_page=True)
