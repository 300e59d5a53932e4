"""Search as a reader types it: diacritics or none, đ folded, NFD input, every word, the last
one as a prefix; the same sets on SQLite (FTS5) and PostgreSQL (the suite runs on both);
matched words highlighted in the original text."""

import datetime
import re
import unicodedata

import pytest
from django.test import Client
from django.utils.formats import number_format

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


def test_over_the_bound_the_count_stops_and_the_best_matches_come_first(
    reader, write, publish, monkeypatch
):
    """Words in nearly every story: counted up to the bound ("more than"), and all the
    matches ranked, the best first (not only the latest written), on either database."""
    monkeypatch.setattr(search, "BOUND", 3)
    best = publish(write("Công đoàn cơ sở, công đoàn cơ sở, công đoàn cơ sở vững mạnh"))
    made = [
        publish(write(f"Công đoàn cơ sở số {number}", lead=FILLER, body=f"<p>{FILLER}</p>"))
        for number in range(4)
    ]
    publish(write("Chuyện khác hẳn"))
    query = search.Query.parse("cong doan co so")
    matched = search.matches(query)
    assert (matched.count, matched.more) == (3, True)
    ranked = search.ranked_ids(query, limit=10)
    assert ranked[0] == best.pk and set(ranked) == {best.pk, *(story.pk for story in made)}
    assert search.count(search.Query.parse("chuyen khac")) == 1
    page = reader.get("/tim-kiem/", {"q": "cong doan co so"}).content.decode()
    assert "More than 3 stories found: the 3 most relevant are shown." in page
    assert page.count('class="card hit"') == 3
    assert _hits(page)[0] == f"/bai-viet/{best.pk}-{best.slug}/"
    vietnamese = Client().get("/tim-kiem/", {"q": "cong doan co"}).content.decode()
    assert "Tìm thấy hơn 3 bài viết: đây là 3 bài phù hợp nhất." in vietnamese
    api = reader.get("/api/v1/public/stories", {"q": "cong doan co so"}).json()
    assert api["count"] == 3 and api["items"][0]["id"] == best.pk


def _hits(page: str) -> list[str]:
    """The addresses of the search page's results, in order."""
    return re.findall(
        r'<article class="card hit">\s*<div class="card-text">\s*<h2><a href="([^"]+)"', page
    )


FILLER = " ".join(["Một bài viết dài về phong trào thi đua của người lao động."] * 8)


def test_over_a_thousand_matches_the_best_one_is_first(reader, world):
    """1,200 matches at the real bound: the oldest story, the one that is about the words,
    is the first result of the page and of the API (it was never among the 1,000 latest)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dienhinh.publishing.enums import StoryState
    from dienhinh.publishing.models import StoryVersion

    assert search.BOUND == 1_000
    now = timezone.now()
    texts = [("Gương sáng, gương sáng giữa đời thường", "Gương sáng của ngành", "")]
    texts += [(f"Bài số {n}", FILLER, f"<p>{FILLER} Một gương sáng.</p>") for n in range(1_199)]
    with transaction.atomic():
        stories = Story.objects.bulk_create(
            Story(
                unit=world.province,
                state=StoryState.PUBLISHED,
                slug=f"bai-{number}",
                published_at=now - datetime.timedelta(days=len(texts) - number),
                first_published_at=now - datetime.timedelta(days=len(texts) - number),
                search_text=search.search_document(headline=h, lead=lead, body=body),
            )
            for number, (h, lead, body) in enumerate(texts)
        )
        versions = StoryVersion.objects.bulk_create(
            StoryVersion(story=story, number=1, headline=h, lead=lead, body=body)
            for story, (h, lead, body) in zip(stories, texts, strict=True)
        )
        for story, version in zip(stories, versions, strict=True):
            story.live_version = version
        Story.objects.bulk_update(stories, ["live_version"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE publishing_story")
    best = stories[0]
    query = search.Query.parse("guong sang")
    assert search.matches(query) == search.Matches(count=1_000, more=True)
    assert search.ranked_ids(query, limit=1) == [best.pk]
    page = reader.get("/tim-kiem/", {"q": "gương sáng"}).content.decode()
    bound = number_format(1_000, force_grouping=True)  # as the page writes it
    assert f"More than {bound} stories found: the {bound} most relevant are shown." in page
    assert _hits(page)[0] == f"/bai-viet/{best.pk}-bai-0/" and len(_hits(page)) == 20
    api = reader.get("/api/v1/public/stories", {"q": "guong sang"}).json()
    assert api["count"] == 1_000 and api["items"][0]["id"] == best.pk


def test_the_count_at_the_bound_is_exact(write, publish, monkeypatch):
    monkeypatch.setattr(search, "BOUND", 3)
    for number in range(3):
        publish(write(f"Gương sáng số {number}"))
    matched = search.matches(search.Query.parse("guong sang"))
    assert (matched.count, matched.more) == (3, False)
