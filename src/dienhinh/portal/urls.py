"""The public portal's addresses (Vietnamese, as readers type and share them)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from dienhinh.portal import feeds
from dienhinh.portal.caching import portal_page
from dienhinh.portal.sitemaps import SITEMAPS
from dienhinh.portal.views import files, pages, search, stories

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("rss/", feeds.site_rss, name="rss"),
    path("atom/", feeds.site_atom, name="atom"),
    path("bai-viet/", pages.story_list, name="story_list"),
    path("bai-viet/<int:pk>-<slug:slug>/", stories.story, name="story"),
    path("linh-vuc/<slug:slug>/", pages.field_page, name="field"),
    path("linh-vuc/<slug:slug>/rss/", feeds.field_rss, name="field_rss"),
    path("linh-vuc/<slug:slug>/atom/", feeds.field_atom, name="field_atom"),
    path("don-vi/<str:code>/", pages.unit_page, name="unit"),
    path("don-vi/<str:code>/rss/", feeds.unit_rss, name="unit_rss"),
    path("don-vi/<str:code>/atom/", feeds.unit_atom, name="unit_atom"),
    path("phong-trao/<int:pk>-<slug:slug>/", pages.movement_page, name="movement"),
    path("phong-trao/<int:pk>-<slug:slug>/rss/", feeds.movement_rss, name="movement_rss"),
    path("phong-trao/<int:pk>-<slug:slug>/atom/", feeds.movement_atom, name="movement_atom"),
    path("tim-kiem/", search.search_page, name="search"),
    path("embed/units/<str:code>/", pages.embed_unit, name="embed_unit"),
    path("anh/<int:pk>/<str:name>", files.rendition, name="rendition"),
    path("sitemap.xml", portal_page(files.sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        portal_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", files.robots, name="robots"),
]
