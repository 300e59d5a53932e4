"""Achievements show as typed: paragraphs and line breaks of plain text, the editor's HTML."""

from django.urls import reverse

from dienhinh.nominations.richtext import sanitize, with_paragraphs


def test_plain_text_keeps_its_paragraphs_and_line_breaks(world, login, make_nomination):
    nomination = make_nomination(achievements="Đoạn một, dòng một\ndòng hai\n\nĐoạn hai")
    html = login(world.officer_a).get(reverse("nominations:detail", args=[nomination.pk]))
    assert "<p>Đoạn một, dòng một<br>dòng hai</p><p>Đoạn hai</p>" in html.content.decode()


def test_the_editors_html_passes_the_sanitiser_unchanged():
    html = (
        "<h3>Thành tích</h3><p><strong>Đậm</strong> và <em>nghiêng</em><br>dòng mới</p>"
        '<ul><li>Một</li></ul><ol><li>Hai</li></ol><p><a href="https://ldld.travinh.vn">'
        "liên kết</a></p>"
    )
    assert with_paragraphs(html) == html
    cleaned = sanitize(html)
    for tag in ("<h3>", "<strong>", "<em>", "<br>", "<ul>", "<ol>", '<a href="https://ldld'):
        assert tag in cleaned
