"""RSS 2.0 and Atom feeds of the public stories: the whole site, a field, a unit, a
movement (Django's syndication framework). Items carry what the story list shows."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
from dienhinh.portal.caching import portal_page
from dienhinh.portal.views.common import absolute
from dienhinh.publishing.public import (
    PublicField,
    PublicMovement,
    PublicUnit,
    filter_stories,
    present,
    public_stories,
)

ITEMS = 30


class _Stories(Feed):
    feed_type = Rss201rev2Feed
    scope = ""  # the filter_stories argument the object is given to

    def get_object(self, request, *args, **kwargs):
        return None

    def public(self, obj):
        return None

    def title(self, obj):
        name = self.public(obj).name if obj is not None else _("Exemplary examples")
        return _("%(name)s · Dienhinh stories") % {"name": name}

    def link(self, obj):
        return absolute(self.public(obj).url if obj is not None else "/")

    def description(self, obj):
        return _(
            "Stories of exemplary collectives and people in the patriotic emulation movements."
        )

    subtitle = description

    def feed_url(self, obj):
        return None

    def items(self, obj):
        stories = public_stories()
        if obj is not None:
            stories = filter_stories(stories, **{self.scope: obj})
        return present(stories[:ITEMS])

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return absolute(item.url)

    def item_guid(self, item):
        return absolute(item.url)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        return [item.field.name] if item.field else []


class _FieldStories(_Stories):
    scope = "field"

    def get_object(self, request, slug):
        return get_object_or_404(SharedField, slug=slug)

    def public(self, obj):
        return PublicField(name=obj.name, slug=obj.slug)


class _UnitStories(_Stories):
    scope = "unit"

    def get_object(self, request, code):
        return get_object_or_404(OrgUnit, code=code)

    def public(self, obj):
        return PublicUnit(code=obj.code, name=obj.name)


class _MovementStories(_Stories):
    scope = "movement"

    def get_object(self, request, pk, slug):
        return get_object_or_404(Movement, pk=pk)

    def public(self, obj):
        return PublicMovement(id=obj.pk, name=obj.name)


def _atom(feed_class):
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})


site_rss = portal_page(_Stories())
site_atom = portal_page(_atom(_Stories)())
field_rss = portal_page(_FieldStories())
field_atom = portal_page(_atom(_FieldStories)())
unit_rss = portal_page(_UnitStories())
unit_atom = portal_page(_atom(_UnitStories)())
movement_rss = portal_page(_MovementStories())
movement_atom = portal_page(_atom(_MovementStories)())
