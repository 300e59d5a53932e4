"""An activity's photos and minutes: uploaded through activities.domain, served through
core.serving after the activity's visibility check (404 outside it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.activities import domain
from dienhinh.activities.forms import PhotoForm
from dienhinh.activities.models import Activity, ActivityPhoto
from dienhinh.activities.views.pages import visible_activity
from dienhinh.core.serving import file_response
from dienhinh.core.web import once_per_submission


def _photo(user, pk: int) -> ActivityPhoto:
    return get_object_or_404(
        ActivityPhoto.objects.select_related("activity__unit"),
        pk=pk,
        activity__in=Activity.objects.visible_to(user),
    )


@login_required
@require_POST
@once_per_submission
def photo_upload(request, pk: int):
    activity = visible_activity(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("activities:detail", activity.pk)
    try:
        domain.add_photo(
            activity,
            by=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The photo was added."))
    return redirect("activities:detail", activity.pk)


@login_required
@require_GET
def photo(request, pk: int):
    item = _photo(request.user, pk)
    return file_response(
        item.image.name, content_type=item.content_type, filename=item.original_name or "anh"
    )


@login_required
@require_GET
def photo_thumbnail(request, pk: int):
    item = _photo(request.user, pk)
    return file_response(item.thumbnail.name, content_type="image/webp", filename="anh.webp")


@login_required
@require_POST
def photo_delete(request, pk: int):
    item = _photo(request.user, pk)
    domain.remove_photo(item, by=request.user)
    messages.success(request, _("The photo was removed."))
    return redirect("activities:detail", item.activity_id)


@login_required
@require_GET
def minutes(request, pk: int):
    activity = visible_activity(request.user, pk)
    return file_response(
        activity.minutes.name,
        content_type=activity.minutes_type or "application/pdf",
        filename=activity.minutes_name or "bien-ban.pdf",
        as_attachment=True,
    )
