"""The public portal in Chromium at 360 px and 1280 px, on the demo province: home, story
list, a story, search and a unit page fit the window, work from the keyboard (the skip
link), and an axe-core scan finds no serious or critical violation. Screenshots land in
var/screenshots/."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from dienhinh.publishing.models import Story, StoryPhoto
from dienhinh.publishing.renditions import make_renditions
from tests.browser.demo_copy import demo_province

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
NPM_DIR = Path(settings.VAR_DIR) / "npm"
AXE = NPM_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core from the npm registry, installed once into var/npm (git-ignored)."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: .ci/run installs Debian's npm package")
        subprocess.run(
            [npm, "install", "--prefix", str(NPM_DIR), "axe-core@4", "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return AXE


@pytest.fixture
def demo(transactional_db, settings):
    demo_province("browser-pass-1")
    for photo in StoryPhoto.objects.all():
        make_renditions(photo.pk)


def serious_violations(page, axe: Path) -> list[str]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
    )
    violations = json.loads(result)["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_portal_fits_reads_and_passes_axe(demo, live_server, browser, axe_script, width):
    # bypass_csp: axe is injected as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    story = Story.objects.public().select_related("unit", "live_version").first()
    pages = {
        "home": "/",
        "list": "/bai-viet/",
        "story": f"/bai-viet/{story.pk}-{story.slug}/",
        "search": "/tim-kiem/?q=dien+hinh",
        "unit": f"/don-vi/{story.unit.code}/",
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")  # the lazy photos in view, for the picture
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=str(SCREENSHOTS / f"portal-{name}-{width}.png"), full_page=True)
        if found := serious_violations(page, axe_script):
            problems[name] = found
    assert not problems, problems

    # The keyboard: the first Tab reaches the skip link, which moves to the content.
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    # Search from the header finds the story, ignoring diacritics.
    page.goto(live_server.url + "/")
    words = " ".join(story.live_version.headline.split()[:2])
    page.fill("#site-q", words)
    page.press("#site-q", "Enter")
    page.wait_for_url("**/tim-kiem/**")
    assert page.locator("article.hit").count() >= 1
    assert page.locator("article.hit mark").count() >= 1
    context.close()
