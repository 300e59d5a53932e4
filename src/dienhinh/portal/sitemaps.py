"""The sitemaps: exactly the published stories, and the list pages (home, the story list,
the pages of fields, units and movements that have published stories).

/sitemap.xml is an index naming one sitemap per section and per page of it: the protocol
allows 50,000 addresses in one file, and the country's portal holds more stories than that.
Search engines follow the index to /sitemap-stories.xml, /sitemap-stories.xml?p=2, …"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.urls import reverse

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
from dienhinh.publishing.models import Story
from dienhinh.publishing.public import PublicField, PublicMovement, PublicUnit


class _OnSite(Sitemap):
    """Addresses on SITE_URL, whichever host the sitemap was asked on."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class StorySitemap(_OnSite):
    changefreq = "weekly"
    limit = 50_000  # the protocol's limit per file; the index names each page

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: a million stories for one date.
        return Story.objects.public().aggregate(latest=Max("published_at"))["latest"]

    def items(self):
        return Story.objects.public().only("pk", "slug", "published_at").order_by("-pk")

    def location(self, item):
        return reverse("portal:story", args=[item.pk, item.slug])

    def lastmod(self, item):
        return item.published_at


class ListSitemap(_OnSite):
    changefreq = "daily"

    def items(self):
        public = Story.objects.public()
        pages = [reverse("portal:home"), reverse("portal:story_list")]
        pages += [
            PublicField(name=f.name, slug=f.slug).url
            for f in SharedField.objects.filter(pk__in=public.values("field")).order_by("pk")
        ]
        pages += [
            PublicUnit(code=u.code, name=u.name).url
            for u in OrgUnit.objects.filter(pk__in=public.values("unit")).order_by("pk")
        ]
        pages += [
            PublicMovement(id=m.pk, name=m.name).url
            for m in Movement.objects.filter(pk__in=public.values("movement")).order_by("pk")
        ]
        return pages

    def location(self, item):
        return item


SITEMAPS = {"stories": StorySitemap, "lists": ListSitemap}


def index_items(absolute) -> list[SitemapIndexItem]:
    """The index's entries: each section's first page, then its pages 2, 3, … as
    ``?p=N``; ``absolute`` turns a path into an address on SITE_URL."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute(reverse("portal:sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        pages = range(2, sitemap.paginator.num_pages + 1)
        items += [SitemapIndexItem(f"{location}?p={page}", lastmod) for page in pages]
    return items
