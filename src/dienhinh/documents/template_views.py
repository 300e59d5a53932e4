"""The page of a unit's own document templates: which template each kind of document uses
(the unit's, one inherited from above, or the built-in one), download it, upload a new one
(checked: documents.templates), or go back to the one above. For the unit's subtree
administrators (OrgUnit.objects.managed_by); a 404 for anyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh.core.web import once_per_submission
from dienhinh.documents import templates
from dienhinh.documents.forms import TemplateUploadForm
from dienhinh.documents.models import DocumentKind
from dienhinh.documents.service import DOCX_TYPE
from dienhinh.orgs.models import OrgUnit


def managed_unit(user, unit_id: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.managed_by(user), pk=unit_id)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def unit_templates(request, unit_id: int):
    unit = managed_unit(request.user, unit_id)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            templates.upload_template(
                unit,
                form.cleaned_data["kind"],
                name=upload.name,
                data=upload.read(templates.MAX_TEMPLATE_BYTES + 1),
                by=request.user,
            )
        except ValidationError as error:
            # The checks' message (which placeholder, which line) goes under the file.
            form.add_error(None if hasattr(error, "error_dict") else "file", error)
        else:
            messages.success(request, _("The template was uploaded; the unit's documents use it."))
            return redirect("documents:templates", unit.pk)
    return render(
        request,
        "documents/templates.html",
        {"unit": unit, "current": templates.current_templates(unit), "form": form},
    )


@login_required
@require_GET
def template_download(request, unit_id: int, kind: str):
    unit = managed_unit(request.user, unit_id)
    if kind not in DocumentKind.values:
        raise Http404
    data, name = templates.template_file(unit, kind, builtin="builtin" in request.GET)
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def template_revert(request, unit_id: int, kind: str):
    unit = managed_unit(request.user, unit_id)
    if kind not in DocumentKind.values:
        raise Http404
    if templates.revert_template(unit, kind, by=request.user):
        messages.success(request, _("The unit's own template was removed."))
    return redirect("documents:templates", unit.pk)
