"""Creating a dossier for a plan and editing it (with its photos and attachments sections)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import RadioSelect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dienhinh.accounts.scope import assignments
from dienhinh.core.params import parse_id
from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.nominations import editing
from dienhinh.nominations.editing.dossiers import version_of
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.forms import (
    InitiativeFormSet,
    NominationForm,
    assessment_forms,
    dossier_data,
    initiative_initial,
)
from dienhinh.nominations.forms_subject import past_award_summary
from dienhinh.nominations.models import Nomination, PendingUpload
from dienhinh.nominations.queries import last_return
from dienhinh.nominations.views.detail import consent_context
from dienhinh.nominations.views.pending import posted_uploads
from dienhinh.nominations.workflow import WRITER_ROLES
from dienhinh.plans.models import Plan

_PLAN_RELATED = ("issuing_unit", "movement")


def _error_summary(form, formset, assessments) -> list[tuple[str, str]]:
    """Every error on the page as (field id, "Label: message"), in page order, for the
    summary at the top; an empty id when the error belongs to no single field."""
    summary = [("", str(m)) for m in form.non_field_errors()]
    for name, field in form.fields.items():
        summary += [(form[name].auto_id, f"{field.label}: {m}") for m in form.errors.get(name, [])]
    for number, row in enumerate(formset.forms, start=1):
        label = _("Initiative %(number)s") % {"number": number}
        for name, field in row.fields.items():
            prefix = label if name == "title" else f"{label} ({field.label})"
            summary += [(row[name].auto_id, f"{prefix}: {m}") for m in row.errors.get(name, [])]
    summary += [("", str(m)) for m in formset.non_form_errors()]
    summary += past_award_summary(form)
    for assessment in assessments:
        for name, errors in assessment.errors.items():
            anchor = assessment[name].auto_id if name in assessment.fields else ""
            summary += [(anchor, f"{assessment.criterion}: {m}") for m in errors]
    return summary


def _own_unit(user, units):
    """The unit to preselect: the one unit where the user is an officer, if there is one."""
    own = [a.unit_id for a in assignments(user) if a.role in WRITER_ROLES]
    candidates = list(units.filter(pk__in=own)[:2]) if own else list(units[:2])
    return candidates[0] if len(candidates) == 1 else None


def _mark_required(form, plan: Plan) -> None:
    """A visible mark and aria-required on the fields a dossier cannot be saved without
    (the rules in editing.validation; the form's fields stay optional so that all errors
    show at once)."""
    names = ["nominating_unit", "subject_kind", "full_name", "collective_name", "headline"]
    if editing.plan_has_fields(plan):
        names.append("field")
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.label_suffix = " *"
        if not isinstance(field.widget, RadioSelect):  # ARIA allows it on the group only
            field.widget.attrs["aria-required"] = "true"


def _bind(request, plan: Plan, *, units=None, nomination: Nomination | None = None):
    form, formset, assessments = _bind_parts(request, plan, units=units, nomination=nomination)
    _mark_required(form, plan)
    return form, formset, assessments


def _bind_parts(request, plan: Plan, *, units=None, nomination: Nomination | None = None):
    """The three parts of the dossier form, bound to POST or filled from the dossier."""
    criteria = list(plan.criteria.all())
    if request.method == "POST":
        form = NominationForm(
            request.POST, plan=plan, user=request.user, units=units, nomination=nomination
        )
        formset = InitiativeFormSet(request.POST, prefix="initiatives")
        assessments = assessment_forms(criteria, request.POST)
        return form, formset, assessments
    if nomination is not None:
        initial = NominationForm.initial_from(nomination)
        initiatives = initiative_initial(nomination)
    else:
        initial = {"movement": plan.movement_id}
        kinds = plan.subject_kinds
        if len(kinds) == 1:
            initial["subject_kind"] = kinds[0]
        if units is not None:
            initial["nominating_unit"] = _own_unit(request.user, units)
        initiatives = []
    form = NominationForm(
        initial=initial, plan=plan, user=request.user, units=units, nomination=nomination
    )
    formset = InitiativeFormSet(initial=initiatives, prefix="initiatives")
    assessments = assessment_forms(criteria, nomination=nomination)
    return form, formset, assessments


def _all_valid(form, formset, assessments, refusals=()) -> bool:
    # Evaluate every part so that all errors show at once.
    results = [form.is_valid(), formset.is_valid(), *[a.is_valid() for a in assessments]]
    for refusal in refusals:
        form.add_error(None, refusal)
    return all(results) and not refusals


def _saved(request, text: str) -> None:
    # The tag tells the form's script (app.js) that the draft kept in the browser is saved.
    messages.success(request, text, extra_tags="draft-saved")


def _upload_context(shown, *, photos: int, attachments: int) -> dict:
    """What the form's upload sections need: the pending uploads to show again (after a
    refused save), and how many more files of each kind the dossier takes."""
    return {
        "pending_photos": [p for p in shown if p.kind == PendingUpload.Kind.PHOTO],
        "pending_attachments": [p for p in shown if p.kind != PendingUpload.Kind.PHOTO],
        "photos_left": max(editing.MAX_PHOTOS - photos, 0),
        "attachments_left": max(editing.MAX_ATTACHMENTS - attachments, 0),
        "people_consent_choices": PeopleConsent.choices,
    }


def _render(request, context: dict, status: int = 200):
    form, formset, assessments = context["form"], context["formset"], context["assessments"]
    if form.is_bound:
        context["error_summary"] = _error_summary(form, formset, assessments)
    return render(request, "nominations/edit.html", context, status=status)


@login_required
@once_per_submission
def create(request):
    """Start a dossier for the plan given as ``?plan=``; without it, choose an open plan."""
    plan_pk = parse_id(request.GET.get("plan", ""))
    if plan_pk is None:
        plans = editing.open_plans(request.user)[:50]
        return render(request, "nominations/_edit_plan_choice.html", {"plans": plans})
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related(*_PLAN_RELATED), pk=plan_pk
    )
    units = editing.nominating_units(plan, request.user)
    if not units.exists():
        raise PermissionDenied(_("None of your units may file dossiers for this plan."))
    closed = editing.plan_closed_reason(plan)
    if closed:
        return render(request, "nominations/edit.html", {"plan": plan, "closed": closed})
    form, formset, assessments = _bind(request, plan, units=units)
    items, shown = [], []
    if request.method == "POST":
        items, shown, refusals = posted_uploads(request)
        if _all_valid(form, formset, assessments, refusals):
            try:
                nomination = editing.create_nomination(
                    plan=plan,
                    unit=form.cleaned_data["nominating_unit"],
                    by=request.user,
                    data=dossier_data(form, formset, assessments),
                    uploads=items,
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                _saved(
                    request,
                    _("The dossier of %(name)s was saved as a draft.")
                    % {"name": nomination.subject_name},
                )
                return redirect("nominations:detail", pk=nomination.pk)
    context = {
        "plan": plan,
        "form": form,
        "formset": formset,
        "assessments": assessments,
        **_upload_context(shown, photos=0, attachments=0),
    }
    return _render(request, context)


@login_required
@once_per_submission
def edit(request, pk: int):
    """Change a draft or returned dossier; add or remove its photos and attachments."""
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related(
            "plan__issuing_unit",
            "plan__movement",
            "nominating_unit",
            "field",
            "movement",
            "consent_recorded_by",
        ),
        pk=pk,
    )
    if not request.user.has_perm("nominations.change_nomination", nomination):
        raise PermissionDenied(
            _("Only the nominating unit's officers can change a draft or a returned dossier.")
        )
    plan = nomination.plan
    form, formset, assessments = _bind(request, plan, nomination=nomination)
    shown = []
    version = version_of(nomination)
    if request.method == "POST":
        items, shown, refusals = posted_uploads(request)
        version = request.POST.get("seen") or None
        if _all_valid(form, formset, assessments, refusals):
            try:
                nomination = editing.update_nomination(
                    nomination,
                    by=request.user,
                    data=dossier_data(form, formset, assessments),
                    uploads=items,
                    seen=version,
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                _saved(request, _("The dossier was saved."))
                return redirect("nominations:detail", pk=nomination.pk)
    photos = list(nomination.photos.all())
    attachments = list(nomination.attachments.all())
    context = {
        "plan": plan,
        "nomination": nomination,
        "returned": last_return(nomination),
        "form": form,
        "formset": formset,
        "assessments": assessments,
        "photos": photos,
        "attachments": attachments,
        "max_photos": editing.MAX_PHOTOS,
        "max_attachments": editing.MAX_ATTACHMENTS,
        "consent_back": "edit",
        "version": version or "",
        **_upload_context(shown, photos=len(photos), attachments=len(attachments)),
        **consent_context(request.user, nomination),
    }
    return _render(request, context)
