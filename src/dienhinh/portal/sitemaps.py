"""sitemap.xml: exactly the published stories, and the list pages (home, the story list,
the pages of fields, units and movements that have published stories)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
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
