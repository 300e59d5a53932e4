"""The unit picker on a phone: typing "cang long" without diacritics lists Càng Long with the
units above it, and choosing it with the keyboard writes its code into the form, under the
Content-Security-Policy (no console error)."""

import pytest
from django.test import Client

from tests.browser.conftest import serious_violations
from tests.otp import sign_in
from tests.personas import build_world


@pytest.fixture
def signed_in_page(transactional_db, live_server, new_context):
    world = build_world()
    client = sign_in(Client(), world.fed_admin)
    context = new_context()
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return page


def test_a_unit_is_found_without_diacritics_and_chosen_with_the_keyboard(
    signed_in_page, live_server
):
    page = signed_in_page
    page.goto(f"{live_server.url}/account/users/invite/")
    search = page.locator("input[role=combobox]")
    search.fill("cang long")
    option = page.locator(".unit-picker-list [role=option]").first
    option.wait_for()
    assert "Liên đoàn Lao động huyện Càng Long (TV-CL)" in option.inner_text()
    assert "LĐLĐ tỉnh" in option.inner_text()
    search.press("ArrowDown")
    search.press("Enter")
    assert page.input_value("input[name=unit_code]") == "TV-CL"
    assert page.url.endswith("/account/users/invite/")  # Enter chose; it did not send the form
    assert "Đã chọn: Liên đoàn Lao động huyện Càng Long" in page.inner_text(".unit-picker")
    # Nothing matches: said so.
    search.fill("khong co don vi nao")
    page.wait_for_function("document.querySelector('.unit-picker-status').textContent.length > 0")
    assert page.is_hidden(".unit-picker-list")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert page.console_errors == []


def test_a_unit_is_chosen_in_the_tree_with_the_keyboard(signed_in_page, live_server, axe_source):
    page = signed_in_page
    page.goto(f"{live_server.url}/account/users/invite/")
    page.click(".unit-tree-toggle")
    # The single top unit opens at once and takes the focus.
    top = page.locator(".unit-tree [role=treeitem][aria-level='1']")
    top.wait_for()
    assert (
        "(TV)" in top.inner_text()
        and page.evaluate("document.activeElement.getAttribute('aria-level')") == "1"
    )
    page.locator("[role=treeitem][aria-level='2']").first.wait_for()
    page.keyboard.press("ArrowDown")  # Càng Long, the first district by name
    page.keyboard.press("ArrowRight")  # opens it
    unit_a = page.locator("[role=treeitem][aria-level='3']", has_text="(TV-CL-A)")
    unit_a.wait_for()
    page.keyboard.press("ArrowRight")  # into its children: unit B ("Trạm" before "Trường")
    page.keyboard.press("ArrowDown")
    assert "(TV-CL-A)" in page.evaluate("document.activeElement.textContent")
    assert page.is_visible("[role=treeitem][aria-level='2'][aria-expanded=true]")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=unit_code]") == "TV-CL-A"
    # A single unit is asked for: choosing closes the tree and gives the focus back.
    assert page.is_hidden(".unit-tree")
    assert "unit-tree-toggle" in page.evaluate("document.activeElement.className")
    assert "Đã chọn:" in page.inner_text(".unit-picker")
    assert page.url.endswith("/account/users/invite/")
    page.click(".unit-tree-toggle")  # open again, as it was left, for the scan
    assert serious_violations(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
