"""The dossier form in one pass on a phone-sized Chromium (issue 7): coso1 files a dossier
with two photos and a PDF on one page and submits it in at most 8 clicks; a returned
dossier says why above the fold; typed text survives a reload and is wiped at logout; an
upload never attached is gone a day later; axe-core finds nothing serious on the way."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from dienhinh.nominations.editing.pending import sweep_pending
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination, PendingUpload
from dienhinh.plans.models import Plan
from tests.browser.conftest import serious_violations
from tests.browser.demo_copy import demo_province
from tests.factories import pdf_bytes

PASSWORD = "browser-pass-1"
NAME = "Phạm Thị Thu Trang"
HEADLINE = "Tủ sách nhân ái cho học sinh nghèo"
ACHIEVEMENTS = "Cô Trang vận động được 800 đầu sách cho học sinh khó khăn."
OWN_UNIT_CODE = "TV-CL-001"


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEMO_MODE = True
    demo_province(PASSWORD)


class Clicks:
    """Counts what the officer does with the mouse or finger: clicks, choices in a list,
    and choosing files (one per file input, whatever the number of files)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)

    def check(self, selector: str) -> None:
        self.count += 1
        self.page.check(selector)

    def select(self, selector: str, value: str) -> None:
        self.count += 1
        self.page.select_option(selector, value)

    def files(self, selector: str, paths: list[Path]) -> None:
        self.count += 1
        self.page.set_input_files(selector, [str(p) for p in paths])


def _login(new_context, live_server, who: str):
    page = new_context().new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.csp_errors = errors
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", f"{who}@demo.dienhinh.vn")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    return page


def _rotated_phone_photo(path: Path) -> Path:
    """A 3000 × 1500 JPEG that the camera marked "rotate 90°" (EXIF orientation 6): upright
    it is 1500 wide and 3000 high, scaled in the browser to 1280 × 2560."""
    image = Image.new("RGB", (3000, 1500), (20, 110, 60))
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(path, "JPEG", quality=70, exif=exif)
    return path


def _small_photo(path: Path) -> Path:
    Image.new("RGB", (640, 480), (200, 90, 40)).save(path, "JPEG", quality=80)
    return path


def _check_page(page, axe_source) -> None:
    violations = serious_violations(page, axe_source)
    assert violations == [], "\n".join(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert [e for e in page.csp_errors if "Content Security Policy" in e] == []


def _wait_uploaded(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('form.dossier-form .pending-item.uploaded').length === n",
        arg=count,
    )


def test_a_dossier_with_two_photos_and_a_pdf_in_eight_clicks(
    demo, live_server, new_context, tmp_path, axe_source
):
    plan = Plan.objects.get(year=datetime.date.today().year, number=12)
    page = _login(new_context, live_server, "coso1")
    page.goto(f"{live_server.url}/dossiers/new/?plan={plan.pk}")
    _check_page(page, axe_source)
    clicks = Clicks(page)
    form = "form.dossier-form"
    # Both subjects' fields show until a kind is chosen; then only that kind's.
    assert page.is_visible(f"{form} fieldset.subject-collective")
    clicks.check(f"{form} input[name=subject_kind][value=individual]")
    assert page.is_hidden(f"{form} fieldset.subject-collective")
    page.fill(f"{form} input[name=full_name]", NAME)
    field = page.locator(f"{form} select[name=field] option:not([value=''])").first
    clicks.select(f"{form} select[name=field]", field.get_attribute("value"))
    page.fill(f"{form} input[name=headline]", HEADLINE)
    page.fill(f"{form} .richtext-area", ACHIEVEMENTS)
    # The main action stays in view on the phone while the form is long.
    box = page.locator(f"{form} .sticky-actions button[type=submit]").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740
    # The file inputs speak the page's language, not the browser's ("Choose Files").
    picker = page.inner_text("#new-photos .file-picker >> nth=0")
    assert "Chọn các tệp" in picker and "Chưa chọn tệp nào" in picker
    photos = [_rotated_phone_photo(tmp_path / "tu-sach.jpg"), _small_photo(tmp_path / "lop.jpg")]
    clicks.files("#id_new_photos", photos)
    pdf = tmp_path / "Quyết định khen thưởng.pdf"
    pdf.write_bytes(pdf_bytes())
    clicks.files("#id_new_attachments", [pdf])
    assert page.inner_text("#new-attachments .file-picker-names") == pdf.name
    _wait_uploaded(page, 3)
    # Announced (aria-live) in the page's language, with the file's name.
    assert "Đã tải lên Quyết định khen thưởng.pdf." in page.inner_text(
        "#new-attachments .upload-status"
    )
    # Each file is the officer's own until the dossier is saved: two photos, one document.
    assert PendingUpload.objects.filter(kind="photo").count() == 2
    page.fill(f"{form} #new-photos .pending-item >> nth=0 >> input[name$='-caption']", "Tủ sách")
    page.fill(
        f"{form} #new-photos .pending-item >> nth=0 >> input[name$='-alt_text']",
        "Học sinh chọn sách ở tủ sách nhân ái",
    )
    _check_page(page, axe_source)
    clicks.click(f"{form} .sticky-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dossiers/*/")

    nomination = Nomination.objects.get(plan=plan, full_name=NAME)
    assert nomination.nominating_unit.code == OWN_UNIT_CODE
    assert nomination.attachments.count() == 1 and PendingUpload.objects.count() == 0
    photos = list(nomination.photos.order_by("position"))
    assert [p.caption for p in photos] == ["Tủ sách", ""]
    # Scaled down in the browser, and upright: the camera's rotation was applied first.
    assert (photos[0].width, photos[0].height) == (1280, 2560)
    assert (photos[1].width, photos[1].height) == (640, 480)
    assert ACHIEVEMENTS in nomination.achievements
    # Saved: the copy kept in the browser while typing is gone.
    kept = "Object.keys(localStorage).filter((k) => k.startsWith('dienhinh:draft:')).length"
    assert page.evaluate(kept) == 0
    _check_page(page, axe_source)

    clicks.click(f".dossier-actions a[href='/dossiers/{nomination.pk}/act/submit/']")
    page.wait_for_url(f"**/dossiers/{nomination.pk}/act/submit/")
    _check_page(page, axe_source)
    clicks.click("form.act-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dossiers/{nomination.pk}/")
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED
    assert clicks.count <= 8, clicks.count


def test_the_return_reason_above_the_fold_and_typed_text_surviving_a_reload(
    demo, live_server, new_context, tmp_path, axe_source
):
    # (One test for both: loading the demo province is the slow part.)
    page = _login(new_context, live_server, "coso1")
    returned = Nomination.objects.get(
        nominating_unit__code=OWN_UNIT_CODE, state=State.RETURNED, plan__number=12
    )
    reason = returned.transitions.filter(action="return").latest("at").reason
    for name in ("nominations:detail", "nominations:edit"):
        page.goto(live_server.url + reverse(name, args=[returned.pk]))
        notice = page.locator("main .returned-notice")
        assert reason in notice.inner_text()
        box = notice.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 640, (name, box)
        _check_page(page, axe_source)

    draft = Nomination.objects.get(
        nominating_unit__code=OWN_UNIT_CODE, state=State.DRAFT, plan__number=12
    )
    history_rows = draft.history.count()
    edit = live_server.url + reverse("nominations:edit", args=[draft.pk])
    page.goto(edit)
    page.fill("form.dossier-form input[name=headline]", "Tiêu đề đang gõ dở")
    page.locator("form.dossier-form .richtext-area").press_sequentially(" Thêm một câu.")
    page.wait_for_timeout(600)  # kept in the browser 0.3 s after typing stops
    page.reload()
    assert page.input_value("form.dossier-form input[name=headline]") == "Tiêu đề đang gõ dở"
    assert "Thêm một câu." in page.inner_text("form.dossier-form .richtext-area")
    assert page.is_visible(".draft-notice")
    assert "Đã khôi phục nội dung chưa lưu" in page.inner_text(".draft-notice")
    # Once typing stops for 5 s the text is in the server draft too, without a history row.
    headline = page.locator("form.dossier-form input[name=headline]")
    headline.press("End")
    headline.press_sequentially("!")
    page.wait_for_function(
        "() => document.querySelector('.autosave-status').textContent.trim() !== ''",
        timeout=15000,
    )
    draft.refresh_from_db()
    assert draft.headline == "Tiêu đề đang gõ dở!"
    assert draft.history.count() == history_rows

    # A photo chosen on a new dossier's form and never saved: the uploader's for a day.
    plan = draft.plan
    page.goto(f"{live_server.url}/dossiers/new/?plan={plan.pk}")
    page.fill("form.dossier-form input[name=headline]", "Hồ sơ mới chưa lưu")
    page.set_input_files("#id_new_photos", str(_small_photo(tmp_path / "mo-coi.jpg")))
    _wait_uploaded(page, 1)
    page.wait_for_timeout(600)
    orphan = PendingUpload.objects.get()
    thumbnail = live_server.url + reverse("nominations:pending_thumbnail", args=[orphan.pk])
    assert page.request.get(thumbnail).status == 200
    page.reload()
    assert page.input_value("form.dossier-form input[name=headline]") == "Hồ sơ mới chưa lưu"
    assert sweep_pending(now=timezone.now() + datetime.timedelta(hours=24, minutes=1)) == 1
    assert page.request.get(thumbnail).status == 404

    # Logging out wipes what this person kept in the browser (office computers are shared).
    assert (
        page.evaluate(
            "Object.keys(localStorage).filter(k => k.startsWith('dienhinh:draft:')).length"
        )
        >= 1
    )
    page.click("form[data-logout] button[type=submit]")
    page.wait_for_load_state()
    assert (
        page.evaluate(
            "Object.keys(localStorage).filter(k => k.startsWith('dienhinh:draft:')).length"
        )
        == 0
    )
