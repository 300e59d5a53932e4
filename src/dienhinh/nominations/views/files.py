"""Uploading, serving and deleting a dossier's photos and attachments.

Files are never served from MEDIA_URL: every request goes through these views, which find
the file through nominations.serving (the dossier's visibility: 404 outside it, as for the
dossier itself) and answer with its responses, the same as the API's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.web import once_per_submission
from dienhinh.nominations import editing, serving
from dienhinh.nominations.forms import AttachmentUploadForm, PhotoUploadForm
from dienhinh.nominations.models import Nomination, Photo


def _visible_nomination(request, pk: int) -> Nomination:
    return get_object_or_404(Nomination.objects.visible_to(request.user), pk=pk)


def _back_to(nomination_id: int, anchor: str):
    return redirect(f"{reverse('nominations:edit', args=[nomination_id])}#{anchor}")


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


@login_required
@require_POST
@once_per_submission
def photo_upload(request, pk: int):
    nomination = _visible_nomination(request, pk)
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back_to(nomination.pk, "photos")
    try:
        editing.add_photo(
            nomination,
            by=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
            alt_text=form.cleaned_data["alt_text"],
            people_consent=form.cleaned_data["people_consent"],
        )
    except ValidationError as error:
        messages.error(
            request, _("The photo was not added: %(reason)s") % {"reason": " ".join(error.messages)}
        )
    else:
        messages.success(request, _("The photo was added."))
    return _back_to(nomination.pk, "photos")


@login_required
@require_POST
@once_per_submission
def attachment_upload(request, pk: int):
    nomination = _visible_nomination(request, pk)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back_to(nomination.pk, "attachments")
    try:
        editing.add_attachment(
            nomination,
            by=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except ValidationError as error:
        messages.error(
            request,
            _("The document was not attached: %(reason)s") % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The document was attached."))
    return _back_to(nomination.pk, "attachments")


@login_required
@require_GET
def photo(request, pk: int):
    return serving.photo_response(serving.photo_for(request.user, pk))


@login_required
@require_GET
def photo_thumbnail(request, pk: int):
    return serving.thumbnail_response(serving.photo_for(request.user, pk))


def _wants_json(request) -> bool:
    # The edit page's script (photo-order.js) posts the same forms and asks for JSON.
    return "application/json" in request.headers.get("Accept", "")


def _photos_answer(nomination_id: int, **extra) -> JsonResponse:
    """The dossier's photos after a change, for the edit page's script: their order and
    how many more the dossier takes."""
    order = list(
        Photo.objects.filter(nomination_id=nomination_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    return JsonResponse(
        {
            **extra,
            "order": order,
            "photos": len(order),
            "photos_left": max(editing.MAX_PHOTOS - len(order), 0),
        }
    )


def _change_photo(request, pk: int, change, answer):
    """Find the photo as the page does (404 outside the scope), apply ``change`` and answer
    with a redirect to the edit page, or JSON when the script asked for it (a refusal then
    as a translated message with its 4xx status instead of the error page)."""
    wants_json = _wants_json(request)
    try:
        item = serving.photo_for(request.user, pk)
        change(item)
    except Http404:
        if not wants_json:
            raise
        return JsonResponse(
            {"error": _("This photo no longer exists. Reload the page.")}, status=404
        )
    except PermissionDenied as error:
        if not wants_json:
            raise
        return JsonResponse({"error": str(error)}, status=403)
    if wants_json:
        return _photos_answer(item.nomination_id, **answer(item))
    return _back_to(item.nomination_id, "photos")


@login_required
@require_POST
def photo_delete(request, pk: int):
    def change(item):
        editing.remove_photo(item, by=request.user)
        if not _wants_json(request):
            messages.success(request, _("The photo was removed."))

    return _change_photo(request, pk, change, lambda item: {"removed": pk})


@login_required
@require_POST
def photo_move(request, pk: int):
    """Move a photo one place up or down (buttons on the edit page, usable by keyboard)."""
    direction = "up" if request.POST.get("direction") == "up" else "down"

    def change(item):
        editing.move_photo(item, by=request.user, offset=-1 if direction == "up" else 1)

    return _change_photo(request, pk, change, lambda item: {"moved": pk, "direction": direction})


@login_required
@require_GET
def attachment(request, pk: int):
    return serving.attachment_response(serving.attachment_for(request.user, pk))


@login_required
@require_POST
def attachment_delete(request, pk: int):
    item = serving.attachment_for(request.user, pk)
    editing.remove_attachment(item, by=request.user)
    messages.success(request, _("The document was removed."))
    return _back_to(item.nomination_id, "attachments")
