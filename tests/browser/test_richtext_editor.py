"""The rich-text editor on a phone-sized Chromium: buttons format the text, what is pasted
from Word keeps only bold, italic, lists, links and headings, the stored HTML is what the
sanitiser lets through, and the story body uses the same editor."""

import pytest
from django.urls import reverse

from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.publishing.models import Story
from tests.browser.demo_copy import demo_province

PASSWORD = "browser-pass-1"
WORD = (
    "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><style>p.MsoNormal"
    "{margin:0}</style></head><body><!--[if gte mso 9]><xml><o:OfficeDocumentSettings/>"
    "</xml><![endif]--><p class=MsoNormal style='margin:0'><b><span style='font-size:14pt;"
    'font-family:"Times New Roman"\'>Đậm từ Word</span></b><o:p></o:p></p>'
    "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>"
    "·<span>&nbsp;&nbsp;</span></span>Mục từ Word</p><script>alert(1)</script>"
    "<img src=x onerror=alert(2)><a href='javascript:alert(3)'>liên kết xấu</a></body></html>"
)


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEMO_MODE = True
    demo_province(PASSWORD)


def _login(new_context, live_server, who: str):
    page = new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", f"{who}@demo.dienhinh.vn")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    return page


def test_the_editor_formats_cleans_word_text_saves_safe_html_and_serves_stories(
    demo, live_server, new_context
):
    draft = Nomination.objects.get(
        nominating_unit__code="TV-CL-001", state=State.DRAFT, plan__number=12
    )
    page = _login(new_context, live_server, "coso1")
    page.goto(live_server.url + reverse("nominations:edit", args=[draft.pk]))
    assert page.is_hidden("textarea[name=achievements]")
    area = page.locator("form.dossier-form .richtext-area")
    area.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Thành tích nổi bật")
    page.keyboard.press("Control+A")
    page.click("form.dossier-form .rt-bold")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.click("form.dossier-form .rt-ul")
    page.keyboard.type("Mục một")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    area.evaluate(
        """(area, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Đậm từ Word");
            const init = { clipboardData: data, bubbles: true, cancelable: true };
            area.dispatchEvent(new ClipboardEvent("paste", init));
        }""",
        WORD,
    )
    page.click("form.dossier-form .sticky-actions button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dossiers/{draft.pk}/")
    draft.refresh_from_db()
    html = draft.achievements
    assert "<strong>Thành tích nổi bật</strong>" in html
    assert "<ul><li>" in html and "Mục một</" in html
    assert "<strong>Đậm từ Word</strong>" in html and "Mục từ Word" in html
    # Nothing empty or doubled is left behind by the editing.
    assert "<strong></strong>" not in html and "<strong><strong>" not in html
    assert "<p></p>" not in html
    for word_only in ("mso", "style", "class=", "<o:p", "·", "<script", "<img", "javascript"):
        assert word_only not in html, word_only
    # The page shows the formatting (sanitised again on the way out).
    assert page.locator(".richtext strong", has_text="Thành tích nổi bật").count() == 1
    assert page.locator(".richtext ul li", has_text="Mục một").count() == 1

    # The story body has the same editor (bientap, the federation's editor).
    story = Story.objects.filter(draft_version__isnull=False).first()
    editor = _login(new_context, live_server, "bientap")
    editor.goto(live_server.url + reverse("publishing:edit", args=[story.pk]))
    assert editor.is_hidden("textarea[name=body]")
    assert editor.is_visible("form.story-form .richtext-area")
    assert editor.locator("form.story-form .richtext-toolbar button").count() >= 7
