"""Feeds parse with feedparser without an error flag, are discoverable, and list only the
published stories; the sitemap is well-formed and lists exactly the published stories."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

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


def test_the_sitemap_lists_exactly_the_published_stories_and_the_lists(reader, stories):
    response = reader.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {node.text for node in root.iter(f"{SITEMAP}loc")}
    site = "http://127.0.0.1:8000"
    public = Story.objects.public()
    story_urls = {u for u in locations if "/bai-viet/" in u and u != f"{site}/bai-viet/"}
    assert story_urls == {f"{site}/bai-viet/{s.pk}-{s.slug}/" for s in public}
    assert len(story_urls) == 1
    story = stories["published"]
    assert {f"{site}/", f"{site}/bai-viet/", f"{site}/linh-vuc/day-tot/"} <= locations
    assert f"{site}/don-vi/{story.unit.code}/" in locations
    assert f"{site}/don-vi/{stories['draft'].unit.code}/" not in locations  # no public story
