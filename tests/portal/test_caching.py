"""The portal's page cache: one copy for every reader, ETag and Last-Modified, and every
page a story appears on fresh again after each public change (one process here; two
server processes in test_two_processes)."""

import pytest
from django.test import Client

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
