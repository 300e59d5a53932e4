"""Import pages: upload → preview (validated, nothing saved) → confirm (validated again, saved)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.params import parse_id
from dienhinh.orgs.importing import store
from dienhinh.orgs.importing.apply import ImportFailed, apply_plan
from dienhinh.orgs.importing.background import in_background, start_import
from dienhinh.orgs.importing.forms import UploadForm
from dienhinh.orgs.importing.kinds import help_rows
from dienhinh.orgs.importing.reader import ImportFileError, read_rows
from dienhinh.orgs.importing.validate import ImportPlan, RowError, build_plan
from dienhinh.orgs.models import OrgUnit

SESSION_KEY = "unit_imports"
PREVIEW_LIMIT = 1000


def _require_importer(user) -> None:
    if not OrgUnit.objects.managed_by(user).exists():
        raise PermissionDenied(_("Only unit administrators may import units."))


def _initial_parent(request) -> str:
    raw = request.GET.get("parent", "")
    if not raw:
        return ""
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=parse_id(raw) or 0)
    if not request.user.has_perm("orgs.import_units", unit):
        raise PermissionDenied(_("You may not import units here."))
    return unit.code


def _shown_rows(plan: ImportPlan) -> list:
    if len(plan.rows) <= PREVIEW_LIMIT:
        return plan.rows
    wrong = [row for row in plan.rows if row.errors][:PREVIEW_LIMIT]
    right = [row for row in plan.rows if not row.errors][: PREVIEW_LIMIT - len(wrong)]
    return sorted([*wrong, *right], key=lambda row: row.number)


def _preview(request, plan: ImportPlan, *, token: str | None, file_name: str, status=200):
    return render(
        request,
        "orgs/import/preview.html",
        {
            "plan": plan,
            "rows": _shown_rows(plan),
            "counts": plan.counts(),
            "token": token,
            "file_name": file_name,
        },
        status=status,
    )


@login_required
def upload(request):
    _require_importer(request.user)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            parent = form.cleaned_data["parent_code"]
            plan = build_plan(form.parsed, user=request.user, default_parent=parent)
            file_name = form.cleaned_data["file"].name[:200]
            token = None
            if not plan.has_errors:
                token = _keep(request, form.data_bytes, form.parsed.format, plan, file_name)
            return _preview(request, plan, token=token, file_name=file_name)
    else:
        form = UploadForm(user=request.user, initial={"parent_code": _initial_parent(request)})
    return render(request, "orgs/import/upload.html", {"form": form, "kinds": help_rows()})


def _keep(request, data: bytes, extension: str, plan: ImportPlan, file_name: str) -> str:
    """Store the file for confirmation; the session holds only its token and what the user
    was shown, so confirmation can tell if the units changed in between."""
    token = store.save_upload(data, extension)
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {
        "parent": plan.default_parent.pk if plan.default_parent else None,
        "file_name": file_name,
        "digest": plan.digest(),
    }
    request.session[SESSION_KEY] = pending
    return token


def _take_pending(request, token) -> dict | None:
    """Remove the token from the session and return what was kept for it."""
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(str(token), None)
    request.session[SESSION_KEY] = pending
    return entry


@login_required
@require_POST
def confirm(request, token):
    _require_importer(request.user)
    entry = _take_pending(request, token)
    data = store.load_upload(str(token)) if entry is not None else None
    if entry is not None:  # a token of someone else's session must not touch their file
        store.delete_upload(str(token))
    if data is None:
        messages.error(request, _("This import has expired or was already done. Upload again."))
        return redirect("unit_import:upload")
    file_name = entry.get("file_name", "")
    parent = None
    if entry.get("parent") is not None:
        parent = OrgUnit.objects.managed_by(request.user).filter(pk=entry["parent"]).first()
    try:
        parsed = read_rows(data)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("unit_import:upload")
    plan = build_plan(parsed, user=request.user, default_parent=parent)
    if entry.get("parent") is not None and parent is None:
        plan.file_errors.append(
            RowError(None, "", _("The chosen unit no longer exists or is outside your scope."))
        )
    if not plan.has_errors and plan.digest() != entry.get("digest"):
        token = _keep(request, data, parsed.format, plan, file_name)
        messages.warning(
            request,
            _("The units changed since the preview. Check this new preview and confirm again."),
        )
        return _preview(request, plan, token=token, file_name=file_name)
    if not plan.has_errors and in_background(plan):
        job = start_import(
            plan, data=data, extension=parsed.format, file_name=file_name, by=request.user
        )
        return redirect("job", pk=job.pk)
    try:
        result = apply_plan(plan, by=request.user)
    except ImportFailed as failed:
        if not plan.has_errors:
            plan.file_errors.extend(failed.errors)
        return _preview(request, plan, token=None, file_name=file_name)
    return render(request, "orgs/import/result.html", {"result": result, "file_name": file_name})


@login_required
@require_POST
def cancel(request, token):
    _require_importer(request.user)
    if _take_pending(request, token) is not None:
        store.delete_upload(str(token))
    messages.info(request, _("The import was cancelled; nothing was saved."))
    return redirect("unit_import:upload")
