"""The edit form's background save: what was typed so far, kept in the draft on the server."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.nominations.editing.autosave import autosave_nomination, autosaved_fields
from dienhinh.nominations.forms import NominationForm
from dienhinh.nominations.models import Nomination


@login_required
@require_POST
def autosave(request, pk: int):
    """Answers JSON: 200 with the new version, 409 when someone else changed the dossier
    (the script then stops), 403 when it can no longer be changed, 404 outside the scope."""
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related("plan"), pk=pk
    )
    form = NominationForm(
        request.POST, plan=nomination.plan, user=request.user, nomination=nomination
    )
    form.is_valid()  # only the fields that clean are kept; the real save reports the rest
    # Only the fields the request carries: the form cleans a missing text field to "", and
    # a client that sends part of the form must not blank the rest (the name, the story).
    values = {
        name: form.cleaned_data[name]
        for name in autosaved_fields()
        if name in request.POST
        and name in form.fields
        and name in form.cleaned_data
        and name not in form.errors
    }
    try:
        version = autosave_nomination(
            nomination, by=request.user, values=values, seen=request.POST.get("seen", "")
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=409)
    saved_at = timezone.localtime().strftime("%H:%M")
    return JsonResponse(
        {
            "version": version,
            "message": _("Saved in the background at %(time)s.") % {"time": saved_at},
        }
    )
