"""The portal's pages as a reader gets them: the front door, lists and filters, the story
page with its photos and tags, old slugs, stories gone, embeds, errors in the portal's layout."""

import itertools
import json
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from dienhinh.nominations.enums import PeopleConsent
from dienhinh.plans.models import SharedField
from dienhinh.publishing import photos
from dienhinh.publishing.models import Story, StoryPhoto
from dienhinh.publishing.renditions import make_renditions
from tests.factories import jpeg_bytes
from tests.publishing.conftest import upload

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_the_site_root_is_the_portal_and_the_workspace_is_one_click_away(reader, stories):
    page = text(reader.get("/"))
    assert "Cô giáo Đào Thị Điển hình ở Càng Long" in page
    assert '<a class="workspace-link" href="/workspace/">Log in / Workspace</a>' in page
    assert reader.get("/workspace/").status_code == 302  # to the login page
    assert '<a class="skip" href="#main">' in page


def test_home_shows_featured_latest_and_by_field(reader, write, publish, world, shared_field):
    featured = publish(write("Bài nổi bật của tỉnh"))
    publish(featured, action="feature")
    publish(write("Bài mới của Dạy tốt", field=shared_field))
    page = text(reader.get("/"))
    featured_part = page.split('id="featured-title"')[1].split("</section>")[0]
    assert "Bài nổi bật của tỉnh" in featured_part
    field_part = page.split('id="field-day-tot"')[1].split("</section>")[0]
    assert "Bài mới của Dạy tốt" in field_part and "Bài nổi bật" not in field_part
    # Headings in order: one h1, then h2 sections with h3 cards.
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def _headlines(page: str, section_id: str) -> list[str]:
    part = page.split(f'id="{section_id}"')[1].split("</section>")[0]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', part)


def test_the_home_page_is_four_queries_and_picks_what_it_always_picked(
    reader, write, publish, world, shared_field, settings, django_assert_num_queries
):
    """Featured: the four newest featured; latest: the eight newest; by field: the three
    newest of each field, fields in their order; covers shown. Four queries (the featured,
    the recent ids, the picked rows, the covers' renditions) at 13 stories as at 1."""
    settings.PORTAL_CACHE_SECONDS = 0
    first_field = SharedField.objects.create(
        unit=world.province, name="Lao động giỏi", slug="lao-dong-gioi", position=0
    )
    shared_field.position = 1
    shared_field.save()
    publish(write("Bài đầu tiên", field=shared_field, photo=True))
    with django_assert_num_queries(4):
        page = text(reader.get("/"))
    assert _headlines(page, "latest-title") == ["Bài đầu tiên"]
    assert 'id="featured-title"' not in page
    written = ["Bài đầu tiên"]
    for n in range(12):
        field = (shared_field, first_field, None)[n % 3]
        story = publish(write(f"Bài số {n}", field=field, photo=n == 10))
        if n % 4 == 0:
            publish(story, action="feature")
        written.append(story.live_version.headline)
    with django_assert_num_queries(4):
        page = text(reader.get("/"))
    newest = written[::-1]
    assert _headlines(page, "featured-title") == ["Bài số 8", "Bài số 4", "Bài số 0"]
    assert _headlines(page, "latest-title") == newest[:8]
    assert _headlines(page, "field-lao-dong-gioi") == ["Bài số 10", "Bài số 7", "Bài số 4"]
    assert _headlines(page, "field-day-tot") == ["Bài số 9", "Bài số 6", "Bài số 3"]
    assert page.index('id="field-lao-dong-gioi"') < page.index('id="field-day-tot"')
    # The cover of "Bài số 10", in the latest and in its field; "Bài đầu tiên"'s is not shown.
    latest = page.split('id="latest-title"')[1].split("</section>")[0]
    assert latest.count("<picture>") == 1 and page.count("<picture>") == 2
    assert 'alt="Cô giáo đứng trên bục giảng"' in latest


def test_the_list_filters_by_field_year_unit_and_movement(reader, stories, write, publish, world):
    other = publish(write("Bài của tỉnh không lĩnh vực"))
    published = stories["published"]
    everything = text(reader.get("/bai-viet/"))
    assert "Cô giáo Đào" in everything and "Bài của tỉnh không lĩnh vực" in everything
    year = published.published_at.year
    for query in (
        "field=day-tot",
        f"unit={world.district.code}",
        f"movement={published.movement_id}",
    ):
        page = text(reader.get(f"/bai-viet/?{query}"))
        assert "Cô giáo Đào" in page and other.live_version.headline not in page, query
    assert "Cô giáo Đào" in text(reader.get(f"/bai-viet/?year={year}"))
    assert "Cô giáo Đào" not in text(reader.get(f"/bai-viet/?year={year - 1}"))


def test_a_bad_filter_is_a_message_not_an_error(reader, stories):
    response = reader.get("/bai-viet/?field=khong-co&movement=abc&year=1")
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


def test_the_list_pages(reader, write, publish, settings):
    for number in range(22):
        publish(write(f"Bài số {number}"))
    first, second = text(reader.get("/bai-viet/")), text(reader.get("/bai-viet/?page=2"))
    assert "Bài số 21" in first and "Bài số 0<" not in first
    assert "Bài số 0<" in second and 'rel="prev"' in second


def test_the_story_page(reader, stories):
    story = stories["published"]
    page = text(reader.get(f"/bai-viet/{story.pk}-{story.slug}/"))
    url = f"http://127.0.0.1:8000/bai-viet/{story.pk}-{story.slug}/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert "<h1>Cô giáo Đào Thị Điển hình ở Càng Long</h1>" in page
    assert "<p>Cô Đào dạy giỏi nhiều năm liền ở trường Đức Trí.</p>" in page
    assert '<a href="/don-vi/TV-CL/">Liên đoàn Lao động huyện Càng Long</a>' in page
    assert re.search(r"<time datetime=\"[^\"]+\">\d\d/\d\d/\d{4}</time>", page)
    # The photo: WebP then JPEG, every width, lazy, sized, described, captioned.
    assert re.search(r'<source type="image/webp" srcset="/anh/\d+/\w+-480\.webp 480w, ', page)
    img = re.search(r"<img [^>]*>", page.split("<picture>")[1])[0]
    for part in ('loading="lazy"', 'width="960"', 'height="576"', 'alt="Cô giáo đứng trên'):
        assert part in img
    assert "<figcaption>Cô Mai đứng lớp</figcaption>" in page
    # Share tags and links (plain links, no third-party script).
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:description" content="Một tấm gương dạy tốt' in page
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', page)[1]
    assert og_image.startswith("http://127.0.0.1:8000/anh/") and og_image.endswith("-960.jpg")
    assert 'name="twitter:card" content="summary_large_image"' in page
    assert "https://www.facebook.com/sharer/sharer.php?u=" in page
    assert "https://sp.zalo.me/share_inline?url=" in page
    assert not re.search(r"<script(?![^>]*application/ld\+json)[^>]*>", page)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Cô giáo Đào Thị Điển hình ở Càng Long"
    assert data["publisher"]["name"] == "Liên đoàn Lao động huyện Càng Long"
    assert data["image"] == [og_image] and data["datePublished"] and data["dateModified"]


def _add_photo(story, world, caption: str):
    added = photos.add_photo(
        story,
        by=world.editor,
        upload=upload(data=jpeg_bytes(800, 600)),
        caption=caption,
        alt_text="Hai người đứng cạnh nhau",
        people_consent=PeopleConsent.AGREED,
    )
    make_renditions(added.pk)
    story.refresh_from_db()
    return added


def test_the_story_page_is_one_query_with_the_live_versions_agreed_photos_only(
    reader, write, publish, world, settings, django_assert_num_queries
):
    settings.PORTAL_CACHE_SECONDS = 0
    story = write("Bài có ba ảnh", photo=True)
    second = _add_photo(story, world, "Ảnh thứ hai")
    story = publish(story)
    _add_photo(story, world, "Ảnh thêm sau khi đăng")  # in the new draft only
    url = f"/bai-viet/{story.pk}-{story.slug}/"
    reader.get(url)
    with django_assert_num_queries(1):
        page = text(reader.get(url))
    assert page.count("<picture>") == 2
    assert "Cô Mai đứng lớp" in page and "Ảnh thứ hai" in page
    assert "Ảnh thêm sau khi đăng" not in page
    # The people of the second photo withdrew their agreement: it is gone from the page.
    StoryPhoto.objects.filter(pk=second.pk).update(people_consent=PeopleConsent.NOT_RECORDED)
    page = text(reader.get(url))
    assert page.count("<picture>") == 1
    assert "Cô Mai đứng lớp" in page and "Ảnh thứ hai" not in page


def test_the_photos_are_served_publicly_for_a_year(reader, stories):
    story = stories["published"]
    page = text(reader.get(f"/bai-viet/{story.pk}-{story.slug}/"))
    src = re.search(r'<img src="([^"]+)"', page)[1]
    response = reader.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    rendition_id = src.split("/")[2]
    assert reader.get(f"/anh/{rendition_id}/other-960.jpg").status_code == 404


def test_a_changed_headline_redirects_the_old_address(reader, world, write, publish):
    from tests.publishing.conftest import edit

    story = publish(write("Tiêu đề cũ"))
    old = f"/bai-viet/{story.pk}-{story.slug}/"
    story = publish(edit(story, world.editor, headline="Tiêu đề mới"))
    response = reader.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/bai-viet/{story.pk}-tieu-de-moi/"
    assert reader.get(response["Location"]).status_code == 200
    assert reader.get(f"/bai-viet/{story.pk}-bat-ky/").status_code == 301


@pytest.mark.parametrize("state", ["unpublished", "taken_down"])
def test_a_story_no_longer_published_is_gone(reader, stories, state):
    story = stories[state]
    response = reader.get(f"/bai-viet/{story.pk}-{story.slug or 'x'}/")
    assert response.status_code == 410
    page = text(response)
    assert "This story is no longer published" in page
    assert 'class="site-header"' in page  # the portal's layout
    assert story.draft_version.headline not in page


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_a_story_never_published_does_not_exist(reader, stories, state):
    story = stories[state]
    response = reader.get(f"/bai-viet/{story.pk}-x/")
    assert response.status_code == 404
    assert 'class="site-header"' in text(response)


def test_field_unit_and_movement_pages(reader, stories, world):
    story = stories["published"]
    field_page = text(reader.get("/linh-vuc/day-tot/"))
    assert "Field: Dạy tốt" in field_page and "Cô giáo Đào" in field_page
    assert '<link rel="alternate" type="application/rss+xml" href="/linh-vuc/day-tot/rss/"' in (
        field_page
    )
    unit_page = text(reader.get(f"/don-vi/{world.district.code}/"))
    assert "Cô giáo Đào" in unit_page
    assert f'href="/don-vi/{world.province.code}/"' in unit_page  # the parent
    assert "Cô giáo Đào" not in text(reader.get(f"/don-vi/{world.province.code}/"))
    movement = story.movement
    response = reader.get(f"/phong-trao/{movement.pk}-sai/")
    assert response.status_code == 301
    assert "Cô giáo Đào" in text(reader.get(response["Location"]))
    assert reader.get("/linh-vuc/khong-co/").status_code == 404
    assert reader.get("/don-vi/KHONG-CO/").status_code == 404


def test_only_the_embed_page_may_be_framed(reader, stories, world):
    embed = reader.get(f"/embed/units/{world.district.code}/")
    assert embed.status_code == 200 and "Cô giáo Đào" in text(embed)
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    for url in ("/", "/bai-viet/", f"/don-vi/{world.district.code}/", "/tim-kiem/?q=a"):
        response = reader.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_robots_txt_points_at_the_sitemap(reader):
    body = text(reader.get("/robots.txt"))
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body
    assert "Disallow: /workspace/" in body and "Disallow: /stories/" in body


def test_the_page_queries_do_not_grow_with_the_stories(
    reader, write, publish, django_assert_max_num_queries, settings
):
    settings.PORTAL_CACHE_SECONDS = 0
    publish(write("Một", photo=True))

    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url).status_code == 200
        return len(captured)

    urls = ("/", "/bai-viet/", "/tim-kiem/?q=mot")
    one = {url: count(url) for url in urls}
    publish(write("Một nữa", photo=True))
    publish(write("Một lần nữa", photo=True))
    assert {url: count(url) for url in urls} == one


def test_reverse_names_are_the_vietnamese_addresses():
    assert reverse("portal:story_list") == "/bai-viet/"
    assert reverse("portal:search") == "/tim-kiem/"
    assert reverse("portal:field", args=["day-tot"]) == "/linh-vuc/day-tot/"
    assert Story  # the model the portal reads through publishing.public


def test_the_header_is_in_each_readers_language_with_their_search_words(reader, stories):
    """The layout's fixed parts are rendered once per language (core.templatetags.fixed):
    an English page, then a Vietnamese one, then English again, each with its own words, and
    the search box keeps what each reader typed."""
    english = text(reader.get("/tim-kiem/", {"q": "điển hình"}))
    vietnamese_reader = Client()
    vietnamese_reader.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = text(vietnamese_reader.get("/tim-kiem/", {"q": "Đức"}))
    again = text(reader.get("/"))
    assert "Skip to content" in english and "Chuyển đến nội dung chính" not in english
    assert 'id="site-q" name="q" value="điển hình" placeholder="Search stories"' in english
    assert "Chuyển đến nội dung chính" in vietnamese and "Skip to content" not in vietnamese
    assert 'id="site-q" name="q" value="Đức" placeholder="Tìm bài viết"' in vietnamese
    assert "Skip to content" in again and 'id="site-q" name="q" value="" ' in again


def test_the_header_follows_a_change_of_static_storage(reader, settings):
    """The fixed parts are rendered again after a setting changes: a page under the manifest
    storage names hashed files, and the browser tests' plain storage (their live server
    serves plain names only) must not get that copy, or the page has no styles."""
    settings.PORTAL_CACHE_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert 'href="/static/portal/portal.css"' in text(reader.get("/"))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    hashed = text(reader.get("/"))
    assert 'href="/static/portal/portal.' in hashed
    assert 'href="/static/portal/portal.css"' not in hashed
