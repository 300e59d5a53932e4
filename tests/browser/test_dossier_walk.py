"""The whole dossier walk on a phone-sized Chromium (issue 3): coso1 files a dossier with a
photo and submits it, xetduyet (Càng Long) returns it with a reason, coso1 revises and
resubmits, xetduyet forwards it, and bientap at the provincial federation selects it."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from tests.browser.demo_copy import demo_province

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
PASSWORD = "browser-pass-1"
DOMAIN = "demo.dienhinh.vn"
OWN_UNIT_CODE = "TV-CL-001"
NAME = "Lê Thị Hồng Nhung"
HEADLINE = "Sáng kiến thư viện xanh cho học sinh tiểu học"
ACHIEVEMENTS = "Cô Nhung xây dựng thư viện xanh với 1.200 đầu sách do phụ huynh quyên góp."
RETURN_REASON = "Bổ sung ảnh hoạt động"
INTERNAL_NOTE = "Ghi chú nội bộ: đã gọi điện xác minh với hiệu trưởng."
FORWARD_COMMENT = "Đã kiểm tra hồ sơ và ảnh; đề nghị LĐLĐ tỉnh lựa chọn."


@pytest.fixture
def demo(transactional_db, settings):
    # The demo accounts log in without a second factor in demo mode only.
    settings.DEMO_MODE = True
    demo_province(PASSWORD)


def _jpeg(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (320, 240), colour).save(path, "JPEG", quality=80)
    return path


def _loaded_photos(page) -> int:
    """How many photos of the dossier page really show (lazy images loaded, none broken)."""
    return page.evaluate(
        """async () => {
            const images = [...document.querySelectorAll("ul.photo-grid img")];
            const settled = (img) => new Promise((resolve) => {
                if (img.complete && img.naturalWidth > 0) return resolve();
                img.addEventListener("load", resolve, { once: true });
                img.addEventListener("error", resolve, { once: true });
                setTimeout(resolve, 5000);
                img.loading = "eager";
                img.scrollIntoView();
            });
            for (const img of images) await settled(img);
            window.scrollTo(0, 0);
            return images.filter((img) => img.complete && img.naturalWidth > 0).length;
        }"""
    )


def _shot(page, name: str) -> None:
    _loaded_photos(page)  # lazy images below the fold would be blank on a full-page shot
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _login_as(new_context, live_server, who: str):
    """A fresh browser context (own cookies) logged in as ``who``@demo."""
    page = new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", f"{who}@{DOMAIN}")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    return page


def _upload_photo(page, live_server, pk: int, image: Path, caption: str) -> None:
    """Add a photo on the edit form (uploaded at once, attached when the form is saved)."""
    page.goto(f"{live_server.url}/dossiers/{pk}/edit/")
    form = page.locator("form.dossier-form")
    form.locator("#id_new_photos").set_input_files(str(image))
    item = form.locator("#new-photos .pending-item.uploaded")
    item.wait_for()
    item.locator("input[name$='-caption']").fill(caption)
    item.locator("input[name$='-alt_text']").fill(caption)
    form.locator(".sticky-actions button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/dossiers/{pk}/")


def _act(page, live_server, pk: int, action: str, *, reason: str = "", note: str = "") -> None:
    """Click the action's button on the dossier page and confirm it."""
    detail = f"{live_server.url}/dossiers/{pk}/"
    page.goto(detail)
    page.click(f".dossier-actions a[href='/dossiers/{pk}/act/{action}/']")
    page.wait_for_url(f"{detail}act/{action}/")
    if reason:
        page.fill("form.act-form textarea[name=reason]", reason)
    if note:
        page.fill("form.act-form textarea[name=internal_note]", note)
    page.click("form.act-form button[type=submit]")
    page.wait_for_url(detail)


def _actions(page) -> set[str]:
    hrefs = page.locator(".dossier-actions a").evaluate_all("links => links.map(a => a.href)")
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs if "/act/" in href}


def test_dossier_walk_from_coso1_to_the_federation(demo, live_server, new_context, tmp_path):
    plan = Plan.objects.get(year=datetime.date.today().year, number=12)
    assert plan.nomination_deadline >= datetime.date.today()

    # 1. coso1 files a new individual dossier through the form, then adds a photo.
    coso1 = _login_as(new_context, live_server, "coso1")
    coso1.goto(f"{live_server.url}/dossiers/new/?plan={plan.pk}")
    form = coso1.locator("form.dossier-form")
    # The officer's own unit is preselected among the units they may file for.
    own_unit = OrgUnit.objects.get(code=OWN_UNIT_CODE)
    assert form.locator("select[name=nominating_unit]").input_value() == str(own_unit.pk)
    form.locator("input[name=subject_kind][value=individual]").check()
    form.locator("input[name=full_name]").fill(NAME)
    form.locator("input[name=gender][value=female]").check()
    form.locator("input[name=birth_year]").fill("1988")
    form.locator("input[name=position]").fill("Giáo viên chủ nhiệm lớp 3")
    form.locator("input[name=workplace]").fill("Trường Tiểu học Thị trấn Càng Long")
    form.locator("input[name=member_since]").fill("2010")
    field = form.locator("select[name=field] option:not([value=''])").first
    form.locator("select[name=field]").select_option(field.get_attribute("value"))
    form.locator("input[name=headline]").fill(HEADLINE)
    form.locator(".richtext-area").fill(ACHIEVEMENTS)  # the editor in place of the textarea
    form.locator("input[name='initiatives-0-title']").fill("Thư viện xanh trong sân trường")
    form.locator("input[name='initiatives-0-year']").fill(str(datetime.date.today().year))
    form.locator("input[name='initiatives-0-benefit']").fill("15.000.000")
    form.locator(".toolbar button[type=submit]").click()
    coso1.wait_for_url(f"{live_server.url}/dossiers/*/")

    nomination = Nomination.objects.get(plan=plan, full_name=NAME)
    pk = nomination.pk
    assert coso1.url == f"{live_server.url}/dossiers/{pk}/"
    assert nomination.state == "draft"
    assert nomination.nominating_unit.code == OWN_UNIT_CODE
    assert nomination.birth_year == 1988
    assert coso1.locator("main h1").inner_text() == NAME
    assert HEADLINE in coso1.locator("main").inner_text()

    _upload_photo(coso1, live_server, pk, _jpeg(tmp_path / "lop-hoc.jpg", (30, 120, 60)), "Lớp học")
    assert nomination.photos.count() == 1
    # The thumbnail is really served to the officer (not a broken image).
    assert _loaded_photos(coso1) == 1
    _no_horizontal_scroll(coso1)
    _shot(coso1, "walk-1-created.png")

    # ... and submits it: it goes to Càng Long, the first reviewing level.
    assert "submit" in _actions(coso1)
    _act(coso1, live_server, pk, "submit")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.round) == ("submitted", 1)
    assert nomination.current_unit.code == "TV-CL"
    assert coso1.locator(".dossier-status .state-submitted").count() == 1
    assert "submit" not in _actions(coso1)  # no double submission
    assert coso1.locator(".dossier-actions a[href$='/edit/']").count() == 0

    # 2. xetduyet finds it in the inbox and returns it, with a reason and an internal note.
    xetduyet = _login_as(new_context, live_server, "xetduyet")
    xetduyet.goto(f"{live_server.url}/dossiers/inbox/")
    row = xetduyet.locator("table.dossiers tbody tr", has_text=NAME)
    assert row.count() == 1
    row.locator(f"a[href='/dossiers/{pk}/']").click()
    xetduyet.wait_for_url(f"{live_server.url}/dossiers/{pk}/")
    assert {"forward", "return"} <= _actions(xetduyet)
    assert "select" not in _actions(xetduyet)  # only the federation decides
    assert _loaded_photos(xetduyet) == 1  # the reviewer sees the photo
    _act(xetduyet, live_server, pk, "return", reason=RETURN_REASON, note=INTERNAL_NOTE)
    nomination.refresh_from_db()
    assert nomination.state == "returned"
    assert RETURN_REASON in xetduyet.locator(".timeline").inner_text()
    # The reviewer sees the internal note on the timeline.
    assert INTERNAL_NOTE in xetduyet.locator(".timeline .internal-note").inner_text()
    _shot(xetduyet, "walk-2-returned.png")

    # 3. coso1 sees the reason (never the internal note), adds a photo and resubmits.
    coso1.goto(f"{live_server.url}/dossiers/inbox/")
    assert coso1.locator(f"table.dossiers a[href='/dossiers/{pk}/']").count() == 1
    coso1.goto(f"{live_server.url}/dossiers/{pk}/")
    assert coso1.locator(".dossier-status .state-returned").count() == 1
    assert RETURN_REASON in coso1.locator(".timeline .reason").inner_text()
    assert INTERNAL_NOTE not in coso1.content()
    assert coso1.locator(".internal-note").count() == 0
    _no_horizontal_scroll(coso1)
    _shot(coso1, "walk-3-returned-seen-by-coso1.png")
    _upload_photo(
        coso1, live_server, pk, _jpeg(tmp_path / "hoat-dong.jpg", (200, 80, 40)), "Hoạt động"
    )
    assert _loaded_photos(coso1) == 2
    _act(coso1, live_server, pk, "submit")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.round) == ("submitted", 2)
    assert nomination.current_unit.code == "TV-CL"

    # 4. xetduyet forwards it to the provincial federation.
    xetduyet.goto(f"{live_server.url}/dossiers/inbox/")
    assert xetduyet.locator(f"table.dossiers a[href='/dossiers/{pk}/']").count() == 1
    _act(xetduyet, live_server, pk, "forward", reason=FORWARD_COMMENT)
    nomination.refresh_from_db()
    assert nomination.state == "forwarded"
    assert nomination.current_unit_id == plan.issuing_unit_id
    _shot(xetduyet, "walk-4-forwarded.png")
    xetduyet.goto(f"{live_server.url}/dossiers/inbox/")
    assert xetduyet.locator(f"table.dossiers a[href='/dossiers/{pk}/']").count() == 0

    # 5. bientap, an editor at the federation, selects it for propagation.
    bientap = _login_as(new_context, live_server, "bientap")
    bientap.goto(f"{live_server.url}/dossiers/inbox/")
    assert bientap.locator(f"table.dossiers a[href='/dossiers/{pk}/']").count() == 1
    bientap.goto(f"{live_server.url}/dossiers/{pk}/")
    assert "forward" not in _actions(bientap)
    assert _loaded_photos(bientap) == 2
    assert {"select", "reject", "return"} <= _actions(bientap)
    _act(bientap, live_server, pk, "select")
    assert bientap.locator(".dossier-status .state-selected").count() == 1
    assert _actions(bientap) == set()

    nomination.refresh_from_db()
    assert nomination.state == "selected"
    assert nomination.round == 2
    assert nomination.current_unit is None
    assert nomination.decided_at is not None
    steps = list(nomination.transitions.order_by("at", "pk").values_list("action", "round"))
    assert steps == [("submit", 1), ("return", 1), ("submit", 2), ("forward", 2), ("select", 2)]
    assert [r.decision for r in nomination.reviews.order_by("pk")] == [
        "return",
        "forward",
        "select",
    ]

    # coso1 sees the decision, the whole history, and still no internal note.
    coso1.goto(f"{live_server.url}/dossiers/{pk}/")
    assert coso1.locator(".dossier-status .state-selected").count() == 1
    assert coso1.locator(".timeline > li").count() == 5
    assert FORWARD_COMMENT in coso1.locator(".timeline").inner_text()
    assert INTERNAL_NOTE not in coso1.content()
    assert coso1.locator(".dossier-actions a").count() == 0
    assert _loaded_photos(coso1) == 2
    _no_horizontal_scroll(coso1)
    _shot(coso1, "walk-5-selected.png")
