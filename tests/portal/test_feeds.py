"""Feeds parse with feedparser without an error flag, are discoverable, and list only the
published stories; the sitemap is well-formed and lists exactly the published stories."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from dienhinh.publishing.models import Story

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_bases(story):
    return [
        "/",
        f"/linh-vuc/{story.field.slug}/",
        f"/don-vi/{story.unit.code}/",
        f"/phong-trao/{story.movement_id}-gioi-viec-nuoc-dam-viec-nha/",
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_feed_parses_and_lists_the_published_story(reader, stories, kind):
    story = stories["published"]
    for base in feed_bases(story):
        response = reader.get(f"{base}{kind}/")
        assert response.status_code == 200, base
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (base, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if kind == "rss" else "atom10")
        titles = [entry.title for entry in parsed.entries]
        assert titles == ["Cô giáo Đào Thị Điển hình ở Càng Long"], base
        entry = parsed.entries[0]
        assert entry.link == f"http://127.0.0.1:8000/bai-viet/{story.pk}-{story.slug}/"
        assert entry.summary == "Một tấm gương dạy tốt, học tốt của ngành giáo dục."


def test_the_pages_announce_their_feeds(reader, stories):
    story = stories["published"]
    for base in feed_bases(story):
        page = reader.get(base).content.decode()
        for kind, media in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
            assert f'<link rel="alternate" type="{media}" href="{base}{kind}/"' in page, base


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return [node.text for node in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_exactly_the_published_stories_and_the_lists(reader, stories):
    site = "http://127.0.0.1:8000"
    index = reader.get("/sitemap.xml")
    assert ET.fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    assert index["X-Robots-Tag"].startswith("noindex")
    assert locations(index) == [f"{site}/sitemap-stories.xml", f"{site}/sitemap-lists.xml"]
    story_urls = set(locations(reader.get("/sitemap-stories.xml")))
    assert story_urls == {f"{site}/bai-viet/{s.pk}-{s.slug}/" for s in Story.objects.public()}
    assert len(story_urls) == 1
    lists = set(locations(reader.get("/sitemap-lists.xml")))
    story = stories["published"]
    assert {f"{site}/", f"{site}/bai-viet/", f"{site}/linh-vuc/day-tot/"} <= lists
    assert f"{site}/don-vi/{story.unit.code}/" in lists
    assert f"{site}/don-vi/{stories['draft'].unit.code}/" not in lists  # no public story


def test_past_the_protocols_limit_the_index_names_each_page_of_stories(
    reader, stories, write, publish, monkeypatch
):
    """50,000 addresses per file: with a limit of 1 here, two public stories take two pages,
    each named by the index, and a page past the end is a 404."""
    from dienhinh.portal.sitemaps import StorySitemap

    second = publish(write("Bài thứ hai về Võ Thị Hai"))
    monkeypatch.setattr(StorySitemap, "limit", 1)
    site = "http://127.0.0.1:8000"
    index = locations(reader.get("/sitemap.xml"))
    assert index == [
        f"{site}/sitemap-stories.xml",
        f"{site}/sitemap-stories.xml?p=2",
        f"{site}/sitemap-lists.xml",
    ]
    pages = [locations(reader.get("/sitemap-stories.xml", {"p": p})) for p in (1, 2)]
    assert pages == [
        [f"{site}/bai-viet/{second.pk}-{second.slug}/"],
        [f"{site}/bai-viet/{stories['published'].pk}-{stories['published'].slug}/"],
    ]
    lastmod = ET.fromstring(reader.get("/sitemap.xml").content).find(
        f"{SITEMAP}sitemap/{SITEMAP}lastmod"
    )
    # In the site's zone, as the sitemap writes it (after 17:00 UTC it is tomorrow in Vietnam).
    assert lastmod.text.startswith(timezone.localtime(second.published_at).date().isoformat())
    assert reader.get("/sitemap-stories.xml", {"p": 3}).status_code == 404
    assert reader.get("/sitemap-people.xml").status_code == 404
