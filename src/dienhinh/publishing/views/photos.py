"""A story's photos on the editors' side: upload, import from a linked dossier, remove, and
the files themselves (served privately to whoever sees the story)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.params import parse_id
from dienhinh.core.web import once_per_submission
from dienhinh.nominations.models import Photo
from dienhinh.publishing import photos, serving
from dienhinh.publishing.forms import StoryPhotoUploadForm
from dienhinh.publishing.views.common import visible_story


def _back(story_id: int):
    return redirect(f"{reverse('publishing:edit', args=[story_id])}#photos")


def _refused(request, error: ValidationError, what: str) -> None:
    messages.error(request, what % {"reason": " ".join(error.messages)})


@login_required
@require_POST
@once_per_submission
def upload(request, pk: int):
    story = visible_story(request.user, pk, "unit", "draft_version")
    form = StoryPhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _back(story.pk)
    try:
        photos.add_photo(
            story,
            by=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
            alt_text=form.cleaned_data["alt_text"],
            people_consent=form.cleaned_data["people_consent"],
        )
    except ValidationError as error:
        _refused(request, error, _("The photo was not added: %(reason)s"))
    else:
        messages.success(request, _("The photo was added."))
    return _back(story.pk)


@login_required
@require_POST
@once_per_submission
def import_photo(request, pk: int):
    story = visible_story(request.user, pk, "unit", "draft_version")
    source = get_object_or_404(
        Photo.objects.filter(nomination__story_links__story=story),
        pk=parse_id(request.POST.get("source")) or 0,
    )
    try:
        photos.import_photo(story, by=request.user, source=source)
    except ValidationError as error:
        _refused(request, error, _("The photo was not added: %(reason)s"))
    else:
        messages.success(request, _("The dossier's photo was added to the story."))
    return _back(story.pk)


@login_required
@require_POST
def remove(request, pk: int):
    photo = serving.story_photo_for(request.user, pk)
    photos.remove_photo(photo, by=request.user)
    messages.success(request, _("The photo was taken out of the story."))
    return _back(photo.story_id)


@login_required
@require_GET
def photo_file(request, pk: int):
    return serving.photo_response(serving.story_photo_for(request.user, pk))


@login_required
@require_GET
def photo_thumbnail(request, pk: int):
    return serving.thumbnail_response(serving.story_photo_for(request.user, pk))
