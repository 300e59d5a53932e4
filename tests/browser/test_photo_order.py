"""The saved photos of a dossier on its edit page, on a phone-sized Chromium: "move down"
and "delete" change the list in place (no reload), keep the focus on the photo, say what
happened, and the "can add N more" count follows removals and uploads; the order is the
one saved (it survives a reload); axe-core finds nothing serious."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import serious_violations
from tests.factories import jpeg_bytes, make_photo
from tests.otp import sign_in


@pytest.fixture
def draft(transactional_db, live_server, make_nomination):
    """A draft of unit A with three photos captioned Một, Hai, Ba in that order."""
    nomination = make_nomination()
    nomination.photos.update(caption="Một", alt_text="Ảnh thứ nhất")
    for position, caption in ((2, "Hai"), (3, "Ba")):
        make_photo(nomination, caption=caption, alt_text=f"Ảnh {caption}", position=position)
    return nomination


@pytest.fixture
def page(world, live_server, new_context):
    client = sign_in(Client(), world.officer_a)
    context = new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def captions(page) -> list[str]:
    return page.locator("#photos .photo-cards > li:visible > p:first-of-type").all_inner_texts()


def saved_order(nomination) -> list[str]:
    return list(nomination.photos.order_by("position", "pk").values_list("caption", flat=True))


def test_photos_are_moved_and_removed_in_place(page, live_server, draft, axe_source, tmp_path):
    url = f"{live_server.url}{reverse('nominations:edit', args=[draft.pk])}"
    page.goto(url)
    page.evaluate("window.notReloaded = true")
    help_text = page.locator("#id_new_photos_help")
    assert "tối đa 17 ảnh nữa" in help_text.inner_text()
    assert captions(page) == ["Một", "Hai", "Ba"]

    first = page.locator("#photos li", has_text="Một")
    first.locator("form[data-direction=down] button").click()
    page.locator(".photo-status", has_text="ảnh").wait_for()
    assert page.inner_text(".photo-status") == "Đã chuyển ảnh xuống."
    assert captions(page) == ["Hai", "Một", "Ba"]
    # The focus stays on the moved photo's button; the first photo now offers no "up".
    assert page.evaluate("document.activeElement.closest('li').textContent").count("Một")
    assert page.is_hidden("#photos li:first-child form[data-direction=up]")
    assert page.is_visible("#photos li:nth-child(2) form[data-direction=up]")
    assert saved_order(draft) == ["Hai", "Một", "Ba"]

    removed = page.locator("#photos li", has_text="Ba")
    removed.locator("summary").click()
    removed.locator("button.danger").click()
    removed.wait_for(state="detached")
    assert page.inner_text(".photo-status") == "Đã xóa ảnh."
    assert page.inner_text("#photos .photo-count") == "2"
    assert "tối đa 18 ảnh nữa" in help_text.inner_text()
    assert page.evaluate("window.notReloaded") is True

    # An upload on the same page takes one of the places left.
    photo = tmp_path / "moi.jpg"
    photo.write_bytes(jpeg_bytes())
    page.set_input_files("#id_new_photos", str(photo))
    page.locator("#new-photos .pending-item.uploaded").wait_for()
    assert "tối đa 17 ảnh nữa" in help_text.inner_text()
    assert serious_violations(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.reload()
    assert captions(page) == ["Hai", "Một"] == saved_order(draft)
    assert page.console_errors == []
