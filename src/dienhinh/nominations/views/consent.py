"""Recording and withdrawing a person's consent to be publicised, from the dossier page and
the edit page, and the scan of the signed form (for those who manage consent only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.serving import file_response
from dienhinh.core.web import once_per_submission
from dienhinh.nominations import consent
from dienhinh.nominations.forms import ConsentForm, ConsentWithdrawForm
from dienhinh.nominations.views.detail import visible_nomination


def _back(request, nomination):
    target = request.POST.get("back")
    if target == "edit":
        return redirect(f"{reverse('nominations:edit', args=[nomination.pk])}#consent")
    return redirect(f"{reverse('nominations:detail', args=[nomination.pk])}#consent")


@login_required
@require_POST
@once_per_submission
def record(request, pk: int):
    nomination = visible_nomination(request.user, pk)
    form = ConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _back(request, nomination)
    try:
        consent.record_consent(nomination, by=request.user, scan=form.cleaned_data["scan"])
    except ValidationError as error:
        messages.error(
            request,
            _("The consent was not recorded: %(reason)s") % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The consent was recorded."))
    return _back(request, nomination)


@login_required
@require_POST
def withdraw(request, pk: int):
    nomination = visible_nomination(request.user, pk)
    form = ConsentWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _back(request, nomination)
    try:
        consent.withdraw_consent(nomination, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The consent was withdrawn. Stories about this dossier are no longer public."),
        )
    return _back(request, nomination)


@login_required
@require_GET
def scan(request, pk: int):
    nomination = visible_nomination(request.user, pk)
    if not consent.may_manage_consent(request.user, nomination) or not nomination.consent_scan:
        raise Http404
    extension = "pdf" if nomination.consent_scan_type == "application/pdf" else "jpg"
    if nomination.consent_scan_type in ("image/png", "image/webp"):
        extension = nomination.consent_scan_type.split("/")[1]
    return file_response(
        nomination.consent_scan.name,
        content_type=nomination.consent_scan_type or "application/octet-stream",
        filename=f"dong-y-{nomination.pk}.{extension}",
    )
