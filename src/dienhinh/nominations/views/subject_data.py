"""The person's data in a dossier, for system administrators (nominations.erasure): what is
held, a ZIP export, and erasing it with a reason. For everyone else these pages do not
exist (404)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from dienhinh.accounts.scope import is_system_admin
from dienhinh.core.web import Form, add_domain_errors
from dienhinh.nominations import erasure
from dienhinh.nominations.views.detail import visible_nomination


class EraseForm(Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the data is erased (the request, its date)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _nomination(request, pk: int):
    if not is_system_admin(request.user):
        raise Http404
    return visible_nomination(request.user, pk)


@login_required
@require_http_methods(["GET", "POST"])
def subject_data(request, pk: int):
    nomination = _nomination(request, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.anonymise_subject(
                nomination, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The person's data was erased from the dossier."))
            return redirect("nominations:detail", pk=nomination.pk)
    return render(
        request,
        "nominations/subject_data.html",
        {
            "nomination": nomination,
            "data": erasure.subject_data(nomination),
            "form": form,
            "open": nomination.state in erasure.OPEN_STATES,
            "person_query": urlencode(
                {"full_name": nomination.full_name, "birth_year": nomination.birth_year or ""}
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def subject_export(request, pk: int):
    nomination = _nomination(request, pk)
    filename, content = erasure.export_subject(nomination, by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
