"""Files uploaded on the dossier form before it is saved (pending uploads), and what the
form posts about them.

The form's script uploads each chosen file here at once (with a progress bar) and keeps
only its id, caption and description in the form; without JavaScript the files come with
the form itself and ``posted_uploads`` stores them the same way. Either way they become the
dossier's when it is saved (nominations.editing.pending). Only the uploader ever sees them:
for anyone else they do not exist (404).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.params import parse_id
from dienhinh.core.storage import StorageFull
from dienhinh.nominations import serving
from dienhinh.nominations.editing.pending import (
    PendingItem,
    add_pending,
    pending_of,
    remove_pending,
)
from dienhinh.nominations.models import PendingUpload
from dienhinh.nominations.queries import writes_dossiers

FILE_INPUTS = {"new_photos": PendingUpload.Kind.PHOTO, "new_attachments": "attachment"}


def describe(item: PendingUpload) -> dict:
    """What the form's script and template show of a pending upload."""
    data = {
        "id": item.pk,
        "kind": item.kind,
        "name": item.original_name,
        "size": item.size,
        "url": reverse("nominations:pending_file", args=[item.pk]),
    }
    if item.kind == PendingUpload.Kind.PHOTO:
        data["thumbnail"] = reverse("nominations:pending_thumbnail", args=[item.pk])
        data["width"], data["height"] = item.width, item.height
    return data


def _refusal(upload, error: ValidationError) -> str:
    name = getattr(upload, "name", "") or _("file")
    return _("%(name)s was not added: %(reason)s") % {
        "name": name,
        "reason": " ".join(error.messages),
    }


def posted_uploads(request) -> tuple[list[PendingItem], list[PendingUpload], list[str]]:
    """The pending uploads the form names (in their order, with what was typed beside
    each), after storing the files sent with the form itself (no JavaScript) as new ones.

    Returns (items to attach, the user's own uploads among them to show again, refusals).
    Ids that are not the user's are kept in the items: attaching refuses them with a form
    error, rather than dropping them without a word.
    """
    ids: list[int] = []
    refusals: list[str] = []
    for raw in request.POST.getlist("uploads"):
        pk = parse_id(raw)
        if pk is None:
            refusals.append(_("The form named a file that does not exist. Upload it again."))
        elif pk not in ids:
            ids.append(pk)
    for name, kind in FILE_INPUTS.items():
        for upload in request.FILES.getlist(name):
            try:
                ids.append(add_pending(by=request.user, kind=kind, upload=upload).pk)
            except ValidationError as error:
                refusals.append(_refusal(upload, error))
    items = [
        PendingItem(
            id=pk,
            caption=request.POST.get(f"upload-{pk}-caption", ""),
            alt_text=request.POST.get(f"upload-{pk}-alt_text", ""),
            people_consent=request.POST.get(f"upload-{pk}-people_consent", ""),
        )
        for pk in ids
    ]
    own = {p.pk: p for p in pending_of(request.user).filter(pk__in=ids)}
    shown = []
    for item in items:
        if item.id in own:
            upload = own[item.id]
            upload.typed = item
            shown.append(upload)
    return items, shown, refusals


@login_required
@require_POST
def upload(request):
    """Store one photo or document for a dossier form; answers JSON (the form's script)."""
    if not writes_dossiers(request.user):
        raise PermissionDenied(_("Only officers who file dossiers can upload their files."))
    kind = request.POST.get("kind", "")
    file = request.FILES.get("file")
    if file is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    try:
        item = add_pending(by=request.user, kind=kind, upload=file)
    except ValidationError as error:
        status = 507 if isinstance(error, StorageFull) else 400
        return JsonResponse({"error": " ".join(error.messages)}, status=status)
    return JsonResponse(describe(item), status=201)


def _own(request, pk: int) -> PendingUpload:
    return get_object_or_404(pending_of(request.user), pk=pk)


@login_required
@require_GET
def pending_file(request, pk: int):
    return serving.pending_file_response(_own(request, pk))


@login_required
@require_GET
def pending_thumbnail(request, pk: int):
    return serving.pending_thumbnail_response(_own(request, pk))


@login_required
@require_POST
def pending_delete(request, pk: int):
    remove_pending(_own(request, pk), by=request.user)
    return HttpResponse(status=204)
