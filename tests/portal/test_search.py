"""Search as a reader types it: diacritics or none, đ folded, NFD input, every word, the last
one as a prefix; the same sets on SQLite (FTS5) and PostgreSQL (the suite runs on both);
matched words highlighted in the original text."""

import datetime
import unicodedata

import pytest
from django.test import Client
from django.utils import timezone

from dienhinh.publishing import search
from dienhinh.publishing.models import Story

pytestmark = pytest.mark.django_db

CORPUS = {
    "dien_hinh": ("Điển hình tiên tiến ở Càng Long", "Cô giáo Đào Thị Mai dạy tốt.", ""),
    "duc": ("Anh Nguyễn Văn Đức, công nhân giỏi", "Người thợ của Công ty Điện lực.", ""),
    "gioi": ("Phong trào Giỏi việc nước, đảm việc nhà", "Chị Trần Thị Hương ở xã An Trường.", ""),
    "sang_kien": (
        "Sáng kiến tiết kiệm 200 triệu đồng",
        "Tổ công đoàn Khối 1 làm lợi cho doanh nghiệp.",
        "<p>Kỹ sư <strong>Lê Hoàng Nghĩa</strong> cải tiến dây chuyền.</p>",
    ),
    "mam_non": ("Đoàn viên công đoàn Trường Mầm non Hoa Sen", "Những người mẹ thứ hai.", ""),
    "y_te": (
        "Người lao động ngành y tế",
        "Bác sĩ Phạm Thị Ngọc tận tụy.",
        "<p>Trạm y tế xã An Trường phục vụ ngày đêm.</p>",
    ),
}

QUERIES = [
    ("dien hinh", {"dien_hinh"}),
    ("điển hình", {"dien_hinh"}),
    ("ĐIỂN HÌNH", {"dien_hinh"}),
    (unicodedata.normalize("NFD", "điển hình"), {"dien_hinh"}),
    ("  dien   HINH  ", {"dien_hinh"}),
    ("điển-hình!!", {"dien_hinh"}),
    ("dien hin", {"dien_hinh"}),  # the last word as a prefix, while typing
    ("duc", {"duc"}),
    ("Đức", {"duc"}),
    ("\u00d0ức", {"duc"}),  # Ð (U+00D0), the look-alike of Đ that old encodings leave
    ("\u00f0uc", {"duc"}),  # ð
    (unicodedata.normalize("NFD", "Đào"), {"dien_hinh"}),
    ("dao", {"dien_hinh"}),
    ("dien", {"dien_hinh", "duc"}),  # điển and điện fold alike
    ("điện lực", {"duc"}),
    ("cong doan", {"sang_kien", "mam_non"}),
    ("công đoàn cơ sở", set()),  # every word must match
    ("an truong", {"gioi", "y_te"}),
    ("y te", {"y_te"}),
    ("200 trieu", {"sang_kien"}),
    ("nghia", {"sang_kien"}),  # in the body
    ("Lê Hoàng Nghĩa", {"sang_kien"}),
    ("hoa sen", {"mam_non"}),
    ("mầm non", {"mam_non"}),
    ("giỏi việc nước", {"gioi"}),
    ("gioi", {"duc", "gioi"}),
    ("nguyen van", {"duc"}),
    ("Phạm Thị Ngọc", {"y_te"}),
    ("thi", {"dien_hinh", "gioi", "y_te"}),  # Thị (thứ folds to "thu")
    ("thu", {"mam_non"}),  # thứ
    ("xyz", set()),
    ("bi mat", set()),  # only in a draft
    ('"dien" OR hinh*', set()),  # FTS syntax is only words here: "or" must match too
    ("NEAR(dien hinh)", set()),
    ("dien) AND (", set()),
    ("'; DROP TABLE publishing_story; --", set()),
]


@pytest.fixture
def corpus(write, publish):
    made = {
        key: publish(write(headline, lead=lead, body=body or "<p>Nội dung.</p>"))
        for key, (headline, lead, body) in CORPUS.items()
    }
    write("Điển hình bí mật", lead="Bản nháp chưa đăng.")
    publish(publish(write("Điển hình đã gỡ")), action="unpublish")
    return {story.pk: key for key, story in made.items()}


def found(query: str, corpus) -> set[str]:
    parsed = search.Query.parse(query)
    ids = search.ranked_ids(parsed, Story.objects.public(), limit=100)
    assert search.count(parsed, Story.objects.public()) == len(ids)
    return {corpus.get(pk, f"hidden {pk}") for pk in ids}


def test_vietnamese_queries_find_the_same_stories_on_either_database(corpus):
    results = {query: found(query, corpus) for query, _expected in QUERIES}
    expected = dict(QUERIES)
    assert results == expected


def test_an_empty_query_finds_nothing_and_asks_for_a_word(reader, corpus):
    assert found("", corpus) == set() and found("!!! ...", corpus) == set()
    page = reader.get("/tim-kiem/?q=%21%21").content.decode()
    assert "Type a word of the story you are looking for." in page


def test_the_page_shows_the_matches_highlighted_in_the_original_text(reader, corpus):
    page = reader.get("/tim-kiem/", {"q": "dao thi"}).content.decode()
    assert "1 story found" in page
    assert "Cô giáo <mark>Đào</mark> <mark>Thị</mark> Mai dạy tốt." in page
    body = reader.get("/tim-kiem/", {"q": "nghia"}).content.decode()
    assert "Kỹ sư Lê Hoàng <mark>Nghĩa</mark> cải tiến dây chuyền." in body
    none = reader.get("/tim-kiem/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert" not in none and "&lt;script&gt;alert(1)&lt;/script&gt;" in none


def test_equal_matches_come_newest_first(write, publish):
    older = publish(write("Tấm gương sáng", lead="Giống hệt nhau."))
    newer = publish(write("Tấm gương sáng", lead="Giống hệt nhau."))
    ids = search.ranked_ids(search.Query.parse("tam guong"), Story.objects.public(), limit=10)
    assert ids == [newer.pk, older.pk]


def test_the_index_follows_publication(write, publish, world):
    from tests.publishing.conftest import edit

    story = publish(write("Chuyện cũ của Hậu Giang"))
    assert search.ranked_ids(search.Query.parse("hau giang"), Story.objects.public(), limit=5)
    story = publish(edit(story, world.editor, headline="Chuyện mới của Sóc Trăng"))
    assert not search.ranked_ids(search.Query.parse("hau giang"), Story.objects.all(), limit=5)
    assert search.ranked_ids(search.Query.parse("soc trang"), Story.objects.all(), limit=5)
    publish(story, action="unpublish")
    assert not search.ranked_ids(search.Query.parse("soc trang"), Story.objects.all(), limit=5)


def test_the_search_pages_through_the_matches(reader, write, publish):
    for number in range(23):
        publish(write(f"Gương điển hình số {number}"))
    first = reader.get("/tim-kiem/", {"q": "guong"}).content.decode()
    assert "23 stories found" in first and 'rel="next"' in first
    second = reader.get("/tim-kiem/", {"q": "guong", "page": 2}).content.decode()
    assert second.count('class="card hit"') == 3


def test_over_the_bound_the_count_stops_and_the_latest_published_are_ranked(
    reader, write, publish, monkeypatch
):
    """Words in nearly every story: counted up to the bound ("more than"), and only the
    latest published matches ranked, the same ones on either database: an old story
    published again today ranks in, however long ago it was written."""
    monkeypatch.setattr(search, "BOUND", 3)
    made = [publish(write(f"Công đoàn cơ sở số {number}")) for number in range(5)]
    publish(write("Chuyện khác hẳn"))
    # Published years ago, in the order they were written (the index follows the change).
    for number, story in enumerate(made):
        Story.objects.filter(pk=story.pk).update(
            published_at=timezone.make_aware(datetime.datetime(2020, 1, 1 + number, 7, 30))
        )
    query = search.Query.parse("cong doan co so")
    assert set(search.ranked_ids(query, limit=10)) == {s.pk for s in made[2:]}
    oldest = made[0]
    publish(oldest, action="unpublish", reason="Sửa lại")
    publish(oldest)
    matched = search.matches(query)
    assert (matched.count, matched.more) == (3, True)
    latest = {oldest.pk, made[4].pk, made[3].pk}
    assert set(search.ranked_ids(query, limit=10)) == latest
    assert search.count(search.Query.parse("chuyen khac")) == 1
    page = reader.get("/tim-kiem/", {"q": "cong doan co so"}).content.decode()
    assert "More than 3 stories found: the 3 latest are sorted by relevance." in page
    assert page.count('class="card hit"') == 3
    assert f"/bai-viet/{oldest.pk}-" in page
    vietnamese = Client().get("/tim-kiem/", {"q": "cong doan co"}).content.decode()
    assert "Tìm thấy hơn 3 bài viết: 3 bài mới nhất được xếp theo mức độ phù hợp." in vietnamese
    api = reader.get("/api/v1/public/stories", {"q": "cong doan co so"}).json()
    assert api["count"] == 3 and {item["id"] for item in api["items"]} == latest


def test_the_count_at_the_bound_is_exact(write, publish, monkeypatch):
    monkeypatch.setattr(search, "BOUND", 3)
    for number in range(3):
        publish(write(f"Gương sáng số {number}"))
    matched = search.matches(search.Query.parse("guong sang"))
    assert (matched.count, matched.more, matched.lowest) == (3, False, None)
