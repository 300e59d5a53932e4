"""Preview links: made and revoked by the story's editors; the preview itself opens for
anyone holding a valid link, without an account, marked noindex and never cached."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.web import once_per_submission
from dienhinh.nominations.richtext import sanitize
from dienhinh.publishing import previews, serving
from dienhinh.publishing.forms import PreviewLinkForm
from dienhinh.publishing.models import PreviewLink, Story
from dienhinh.publishing.views.common import visible_story
from dienhinh.publishing.views.detail import NEW_PREVIEW_KEY, version_photos

ROBOTS = "noindex, nofollow, noarchive"


def _back(story_id: int):
    return redirect(f"{reverse('publishing:detail', args=[story_id])}#previews")


@login_required
@require_POST
@once_per_submission
def create(request, pk: int):
    story = visible_story(request.user, pk, "unit")
    form = PreviewLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _back(story.pk)
    try:
        link, key = previews.create_preview_link(
            story, by=request.user, label=form.cleaned_data["label"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(story.pk)
    # Shown once, on the next page: only its hash is stored.
    url = request.build_absolute_uri(reverse("publishing:preview", args=[key]))
    request.session[f"{NEW_PREVIEW_KEY}-{story.pk}"] = {"url": url, "label": link.label}
    return _back(story.pk)


@login_required
@require_POST
def revoke(request, pk: int):
    visible = Story.objects.visible_to(request.user).values("pk")
    link = get_object_or_404(PreviewLink.objects.filter(story__in=visible), pk=pk)
    previews.revoke_preview_link(link, by=request.user)
    messages.success(request, _("The preview link no longer works."))
    return _back(link.story_id)


def _private(response):
    response["X-Robots-Tag"] = ROBOTS
    response["Referrer-Policy"] = "no-referrer"  # the key must not leak to linked sites
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def preview(request, key: str):
    """The newest draft of the story, for whoever holds the link: 404 for a key nobody was
    given, 410 once it expired or was revoked."""
    found = previews.open_preview(key)
    if found.link is None:
        raise Http404
    if not found.valid:
        page = render(request, "publishing/preview_gone.html", status=410)
        return _private(page)
    story = found.link.story
    draft = story.draft_version
    context = {
        "story": story,
        "version": draft,
        "body": sanitize(draft.body),
        "photos": version_photos(draft),
        "key": key,
        "link": found.link,
    }
    return _private(render(request, "publishing/preview.html", context))


@require_GET
def preview_photo(request, key: str, photo: int):
    found = previews.open_preview(key)
    if found.link is None or not found.valid:
        raise Http404
    item = serving.preview_photo_for(found.link, photo)
    return _private(serving.thumbnail_response(item))
