"""Home, the story list, and the field, unit and movement pages, with the unit's embed."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from dienhinh.core.web import page_query, paginate
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
from dienhinh.portal.caching import portal_page
from dienhinh.portal.forms import StoryFilterForm
from dienhinh.portal.views.common import PER_PAGE, absolute, feeds_for, render_page
from dienhinh.publishing.public import (
    PublicField,
    PublicMovement,
    PublicUnit,
    filter_stories,
    home_stories,
    present,
    public_stories,
)


@portal_page
def home(request):
    stories = home_stories()
    return render_page(
        request,
        "portal/home.html",
        {
            "featured": stories.featured,
            "latest": stories.latest,
            "by_field": [
                {"field": field, "stories": records} for field, records in stories.by_field
            ],
            "feeds": feeds_for("/", _("All stories")),
        },
    )


@portal_page
def story_list(request):
    form = StoryFilterForm(request.GET or None)
    stories = filter_stories(public_stories(), **form.filters())
    page = paginate(request, stories, per_page=PER_PAGE)
    return render_page(
        request,
        "portal/story_list.html",
        {
            "form": form,
            "page_obj": page,
            "stories": present(page.object_list),
            "page_query": page_query(request),
            "feeds": feeds_for("/", _("All stories")),
        },
    )


def _listing(request, template: str, *, title_object, stories, feeds, **extra):
    page = paginate(request, stories, per_page=PER_PAGE)
    return render_page(
        request,
        template,
        {
            "object": title_object,
            "page_obj": page,
            "stories": present(page.object_list),
            "page_query": page_query(request),
            "feeds": feeds,
            **extra,
        },
    )


@portal_page
def field_page(request, slug: str):
    field = get_object_or_404(SharedField, slug=slug)
    public = PublicField(name=field.name, slug=field.slug)
    return _listing(
        request,
        "portal/field.html",
        title_object=public,
        stories=filter_stories(public_stories(), field=field),
        feeds=feeds_for(public.url, field.name),
    )


@portal_page
def unit_page(request, code: str):
    unit = get_object_or_404(OrgUnit, code=code)
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    public = PublicUnit(code=unit.code, name=unit.name)
    return _listing(
        request,
        "portal/unit.html",
        title_object=public,
        stories=filter_stories(public_stories(), unit=unit),
        feeds=feeds_for(public.url, unit.name),
        parent=PublicUnit(code=parent.code, name=parent.name) if parent else None,
        embed_url=absolute(reverse("portal:embed_unit", args=[unit.code])),
    )


@portal_page
def movement_page(request, pk: int, slug: str):
    movement = get_object_or_404(Movement, pk=pk)
    public = PublicMovement(id=movement.pk, name=movement.name)
    if slug != public.slug:
        return redirect(public.url, permanent=True)
    return _listing(
        request,
        "portal/movement.html",
        title_object=public,
        stories=filter_stories(public_stories(), movement=movement),
        feeds=feeds_for(public.url, movement.name),
        description=movement.description,
        starts_on=movement.starts_on,
        ends_on=movement.ends_on,
    )


EMBED_STORIES = 10


# Any site may frame this page (a unit's own website): frame-ancestors * and no
# X-Frame-Options for it alone; every other page stays DENY.
@xframe_options_exempt
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})
@portal_page
def embed_unit(request, code: str):
    unit = get_object_or_404(OrgUnit, code=code)
    public = PublicUnit(code=unit.code, name=unit.name)
    stories = present(filter_stories(public_stories(), unit=unit)[:EMBED_STORIES])
    return render_page(
        request,
        "portal/embed.html",
        {"object": public, "stories": stories, "canonical": None},
    )
