"""The portal's page cache: one copy for every reader, ETag and Last-Modified, and every
page a story appears on fresh again after each public change (one process here; two
server processes in test_two_processes)."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.publishing.conftest import edit

pytestmark = pytest.mark.django_db


def lists_of(story):
    """Every page the story appears on (the story itself, lists, feeds, search, sitemap)."""
    unit, field = story.unit.code, story.field.slug
    movement = f"/phong-trao/{story.movement_id}-gioi-viec-nuoc-dam-viec-nha/"
    return [
        "/",
        "/bai-viet/",
        "/bai-viet/?field=day-tot",
        "/rss/",
        "/atom/",
        "/sitemap-stories.xml",
        "/tim-kiem/?q=chuyen+moi",
        f"/don-vi/{unit}/",
        f"/don-vi/{unit}/rss/",
        f"/embed/units/{unit}/",
        f"/linh-vuc/{field}/",
        f"/linh-vuc/{field}/atom/",
        movement,
        f"{movement}rss/",
        "/api/v1/public/stories",
    ]


def shows(url, story, reader) -> bool:
    """Whether the page at ``url`` shows ``story`` (its address: in cards, feed items, the
    sitemap, search results and the API alike)."""
    return f"/bai-viet/{story.pk}-{story.slug}/" in reader.get(url).content.decode()


def test_a_cached_page_costs_no_query_and_has_validators(
    reader, stories, django_assert_num_queries
):
    first = reader.get("/bai-viet/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        again = reader.get("/bai-viet/")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert reader.get("/bai-viet/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = first["Last-Modified"]
    assert reader.get("/bai-viet/", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    assert reader.get("/bai-viet/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_page_cached_by_other_code_is_not_served(reader, stories, settings):
    """After a deploy (a template, a translation, the code changed) the pages the old code
    rendered are not served, though no data changed: the generations' epoch is per release
    (core.release), and during a rolling deploy old and new servers keep their own."""
    from dienhinh.core.release import release

    assert reader.get("/bai-viet/").status_code == 200  # rendered and kept by this code
    try:
        # Another release renders its own copy once; back on the first, its copy is served.
        for version, rendered_again in [("new-code", True), ("new-code", False), ("", False)]:
            settings.DIENHINH_RELEASE = version
            release.cache_clear()
            with CaptureQueriesContext(connection) as queries:
                assert reader.get("/bai-viet/").status_code == 200
            assert bool(queries.captured_queries) is rendered_again, version
    finally:
        release.cache_clear()


def test_each_language_has_its_own_copy(reader, stories):
    english = reader.get("/").content.decode()
    vietnamese = Client().get("/").content.decode()
    assert "Latest stories" in english and "Latest stories" not in vietnamese


@pytest.mark.parametrize("change", ["publish", "unpublish", "take_down", "edit", "feature"])
def test_every_page_of_a_story_is_fresh_after_a_public_change(
    reader, world, stories, write, publish, shared_field, movement, change
):
    story = publish(
        write(
            "Chuyện mới ở Càng Long",
            unit=world.district,
            field=shared_field,
            movement=movement,
        )
    )
    if change == "publish":  # a second story appears on every list
        assert all(shows(url, story, reader) for url in lists_of(story))
        other = publish(
            write("Chuyện mới thứ hai", unit=world.district, field=shared_field, movement=movement)
        )
        for url in lists_of(story):
            assert shows(url, other, reader), url
        assert reader.get(f"/bai-viet/{other.pk}-{other.slug}/").status_code == 200
        return
    address = f"/bai-viet/{story.pk}-{story.slug}/"
    urls = lists_of(story)
    for url in [*urls, address]:
        assert shows(url, story, reader), url
    if change == "feature":
        assert "Chuyện mới" not in reader.get("/").content.decode().split("Latest")[0]
        publish(story, action="feature")
        featured = reader.get("/").content.decode().split('id="featured-title"')[1]
        assert "Chuyện mới ở Càng Long" in featured.split("</section>")[0]
        return
    if change == "edit":
        story = publish(edit(story, world.editor, lead="Chuyện mới kể lại từ đầu."))
        for url in ("/", "/bai-viet/", f"/don-vi/{world.district.code}/rss/"):
            assert "Chuyện mới kể lại từ đầu." in reader.get(url).content.decode(), url
        return
    extra = {"reason": "Sai sự thật"} if change == "take_down" else {}
    publish(story, action=change, **extra)
    for url in urls:
        assert not shows(url, story, reader), url
    assert reader.get(address).status_code == 410


@pytest.mark.parametrize("renamed", ["unit", "field", "movement"])
def test_a_rename_of_what_a_story_names_shows_on_its_cached_pages_at_once(
    reader, world, write, publish, shared_field, movement, renamed
):
    """Unit, field and movement names belong to other apps, whose saves run no
    public_changed hook: their generations are in the portal's key."""
    from dienhinh.orgs.domain import update_unit

    story = publish(
        write("Chuyện đổi tên", unit=world.district, field=shared_field, movement=movement)
    )
    story_page = f"/bai-viet/{story.pk}-{story.slug}/"
    pages = {
        "unit": [story_page, "/bai-viet/", f"/don-vi/{world.district.code}/"],
        "field": [story_page, f"/linh-vuc/{shared_field.slug}/"],
        "movement": [story_page, f"/phong-trao/{movement.pk}-gioi-viec-nuoc-dam-viec-nha/"],
    }[renamed]
    for url in pages:
        assert reader.get(url).status_code == 200, url  # now cached
    new_name = "Tên Mới Đặt Hôm Nay"
    if renamed == "unit":
        update_unit(world.district, by=world.sysadmin, name=new_name)
    else:
        thing = shared_field if renamed == "field" else movement
        thing.name = new_name
        thing.save()
    for url in pages:
        page = reader.get(url)
        if page.status_code == 301:  # a movement's address follows its name
            page = reader.get(page["Location"])
        assert new_name in page.content.decode(), url


def test_a_rendition_made_after_publication_reaches_the_cached_story_page(
    reader, world, write, publish, django_capture_on_commit_callbacks
):
    from dienhinh.nominations.enums import PeopleConsent
    from dienhinh.publishing import photos
    from dienhinh.publishing.renditions import make_renditions
    from tests.factories import jpeg_bytes
    from tests.publishing.conftest import upload

    story = write("Ảnh đến sau")
    photo = photos.add_photo(
        story,
        by=world.editor,
        upload=upload(data=jpeg_bytes(800, 500)),
        alt_text="Mô tả",
        people_consent=PeopleConsent.AGREED,
    )
    story.refresh_from_db()
    story = publish(story)
    address = f"/bai-viet/{story.pk}-{story.slug}/"
    assert "<picture>" not in reader.get(address).content.decode()  # not made yet
    with django_capture_on_commit_callbacks(execute=True):
        make_renditions(photo.pk)
    assert "<picture>" in reader.get(address).content.decode()


def test_the_story_viewed_hooks_run_for_cached_pages_too(reader, write, publish):
    from dienhinh.portal.hooks import story_viewed

    seen = []
    story = publish(write("Bài được đọc"))
    story_viewed.register("tests.count", lambda request, pk: seen.append(pk))
    try:
        address = f"/bai-viet/{story.pk}-{story.slug}/"
        reader.get(address)
        reader.get(address)  # from the cache
        reader.get(f"/bai-viet/{story.pk}-cu/")  # a redirect is not a reading
    finally:
        story_viewed._entries = [e for e in story_viewed._entries if e.name != "tests.count"]
    assert seen == [story.pk, story.pk]


EARLY = "dienhinh.portal.caching.EarlyPageMiddleware"


@pytest.fixture
def long_way(monkeypatch):
    """How many requests went past the early middleware (the rest of the stack ran)."""
    from dienhinh.core.middleware import AuditContextMiddleware

    calls = []
    original = AuditContextMiddleware.__call__

    def counted(self, request):
        calls.append(request.path)
        return original(self, request)

    monkeypatch.setattr(AuditContextMiddleware, "__call__", counted)
    return calls


def _answers(client, url, etag=None):
    """GET, HEAD and a browser's check of its copy, as (status, headers, content)."""
    answers = []
    for method, headers in (("get", {}), ("head", {}), ("get", {"HTTP_IF_NONE_MATCH": etag})):
        if headers.get("HTTP_IF_NONE_MATCH") is None:
            headers = {}
        response = getattr(client, method)(url, **headers)
        assert not response.cookies, url  # nothing set: no session, no CSRF cookie
        answers.append((response.status_code, dict(response.headers), response.content))
    return answers


def test_a_cached_page_without_a_session_is_answered_early_with_the_same_headers(
    reader, world, stories, write, publish, settings, long_way
):
    story = publish(write("Chuyện đọc sớm"))
    gone = publish(write("Chuyện đã gỡ"))
    publish(gone, action="unpublish")
    urls = [
        f"/bai-viet/{story.pk}-{story.slug}/",
        f"/bai-viet/{story.pk}-ten-cu/",  # 301
        f"/bai-viet/{gone.pk}-{gone.slug}/",  # 410
        "/bai-viet/?page=1",
        f"/embed/units/{world.district.code}/",  # may be framed: its own CSP, no X-Frame
        "/rss/",
        "/tim-kiem/?q=chuyen",
    ]
    for url in urls:
        reader.get(url)  # the long way, which keeps the page and its headers
    del long_way[:]
    early = {url: _answers(reader, url, reader.get(url).get("ETag")) for url in urls}
    assert long_way == []  # every answer came before the session and user middleware

    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != EARLY]
    full = Client()
    full.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in urls:
        etag = full.get(url).get("ETag")
        assert _answers(full, url, etag) == early[url], url
    statuses = [early[url][0][0] for url in urls]
    assert statuses == [200, 301, 410, 200, 200, 200, 200]
    assert [early[urls[0]][n][0] for n in range(3)] == [200, 200, 304]
    headers = early[urls[0]][0][1]
    assert (
        headers["X-Frame-Options"] == "DENY" and "nonce-" not in headers["Content-Security-Policy"]
    )
    assert "Cookie" in headers["Vary"] and headers["Content-Language"] == "en"


def test_a_cached_story_page_answered_early_counts_the_reading(reader, write, publish, long_way):
    from dienhinh.publishing import readings

    story = publish(write("Bài đọc sớm"))
    address = f"/bai-viet/{story.pk}-{story.slug}/"
    phone = "Mozilla/5.0 (Linux; Android 14; SM-A155F) Chrome/131.0 Mobile"
    reader.get(address, HTTP_USER_AGENT=phone)
    del long_way[:]
    reader.get(address, HTTP_USER_AGENT=phone)
    etag = reader.get(address, HTTP_USER_AGENT=phone)["ETag"]
    assert reader.get(address, HTTP_USER_AGENT=phone, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert long_way == []
    assert readings.pending(story.pk) == 3  # the 304 of a browser's check is no reading


def test_a_session_goes_the_long_way_and_owes_its_second_factor_there(
    reader, world, write, publish, long_way
):
    from django.urls import reverse

    story = publish(write("Bài cho người đăng nhập"))
    address = f"/bai-viet/{story.pk}-{story.slug}/"
    reader.get(address)
    reader.get(address)
    signed_in = Client()
    signed_in.force_login(world.editor)  # an editor must set up a second factor first
    del long_way[:]
    response = signed_in.get(address)
    assert long_way == [address]
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_host_the_site_does_not_answer_to_gets_no_cached_page(reader, write, publish):
    story = publish(write("Bài của trang"))
    address = f"/bai-viet/{story.pk}-{story.slug}/"
    reader.get(address)
    reader.get(address)
    assert reader.get(address, HTTP_HOST="evil.example").status_code == 400


def test_a_page_holding_the_csp_nonce_is_never_kept(settings):
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils.csp import LazyNonce

    from dienhinh.portal.caching import portal_page

    settings.PORTAL_CACHE_SECONDS = 3600
    rendered = []

    @portal_page
    def page(request):
        rendered.append(1)
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    bodies = set()
    for _ in range(2):
        request = RequestFactory().get("/with-a-nonce/")
        request._csp_nonce = LazyNonce()
        bodies.add(page(request).content)
    assert len(rendered) == 2 and len(bodies) == 2  # rendered each time, a new nonce each
