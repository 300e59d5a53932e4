"""Activity pages: list with filters, create (prefilled from a story or a dossier), detail,
edit, delete. Thin: lookups through visibility, rules in activities.domain."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dienhinh.activities import domain, queries
from dienhinh.activities.forms import ActivityForm, FilterForm, PhotoForm
from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.activities.rules import records_activities_anywhere
from dienhinh.core.web import (
    add_domain_errors,
    id_param,
    once_per_submission,
    page_query,
    paginate,
    query_without,
)
from dienhinh.nominations.models import Nomination
from dienhinh.publishing.models import Story


def visible_activity(user, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.visible_to(user).select_related("unit", "plan", "group", "created_by"),
        pk=pk,
    )


@login_required
@require_GET
def activity_list(request):
    user = request.user
    form = FilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    items = queries.filtered(user, **{k: v for k, v in filters.items() if v})
    page = paginate(request, items)
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "page_obj": page,
            "page_query": page_query(request),
            "query": query_without(request, "page"),
            "can_record": records_activities_anywhere(user),
        },
    )


def _prefill(request) -> dict:
    """Initial values from ``?story=`` or ``?dossier=`` (only what the user sees)."""
    user = request.user
    initial = {"kind": request.GET.get("kind") or ActivityKind.MEETING}
    if initial["kind"] not in ActivityKind.values:
        initial["kind"] = ActivityKind.MEETING
    dossier_id, story_id = id_param(request, "dossier"), id_param(request, "story")
    if dossier_id:
        dossier = Nomination.objects.visible_to(user).filter(pk=dossier_id).first()
        if dossier is not None:
            initial.update(
                dossiers=[dossier.pk],
                plan=dossier.plan_id,
                title=_("Union meeting spreading the example of %(name)s")
                % {"name": dossier.full_name or dossier.headline},
            )
    if story_id:
        story = Story.objects.visible_to(user).filter(pk=story_id).first()
        if story is not None:
            initial.update(
                stories=[story.pk], title=_("Union meeting: %(title)s") % {"title": story}
            )
            linked = story.story_dossiers.select_related("nomination").first()
            if linked is not None:
                initial.setdefault("plan", linked.nomination.plan_id)
    from dienhinh.accounts.scope import assignments
    from dienhinh.activities.rules import ACTIVITY_WRITER_ROLES

    own = [a.unit_id for a in assignments(user) if a.role in ACTIVITY_WRITER_ROLES]
    if own:
        initial["unit"] = own[0]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def create(request):
    user = request.user
    if not records_activities_anywhere(user):
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None, request.FILES or None, user=user, initial=_prefill(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = domain.create_activity(
                form.activity_input(), by=user, minutes=form.cleaned_data.get("minutes")
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/edit.html", {"form": form, "activity": None})


@login_required
@require_GET
def detail(request, pk: int):
    activity = visible_activity(request.user, pk)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "photos": list(activity.photos.all()),
            "stories": list(activity.stories.select_related("live_version", "draft_version")),
            "dossiers": list(activity.dossiers.all()),
            "participating": list(activity.participating_units.order_by("path")),
            "can_change": request.user.has_perm("activities.change_activity", activity),
            "photo_form": PhotoForm(),
        },
    )


def _initial(activity: Activity) -> dict:
    return {
        "kind": activity.kind,
        "unit": activity.unit_id,
        "title": activity.title,
        "held_on": activity.held_on,
        "participants": activity.participants,
        "notes": activity.notes,
        "plan": activity.plan_id,
        "group": activity.group_id,
        "participating_units": list(activity.participating_units.values_list("pk", flat=True)),
        "stories": list(activity.stories.values_list("pk", flat=True)),
        "dossiers": list(activity.dossiers.values_list("pk", flat=True)),
    }


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def edit(request, pk: int):
    user = request.user
    activity = visible_activity(user, pk)
    if not user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None, request.FILES or None, user=user, initial=_initial(activity)
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_activity(
                activity, form.activity_input(), by=user, minutes=form.cleaned_data.get("minutes")
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/edit.html", {"form": form, "activity": activity})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    user = request.user
    activity = visible_activity(user, pk)
    if not user.has_perm("activities.delete_activity", activity):
        raise PermissionDenied
    if request.method == "POST":
        domain.delete_activity(activity, by=user)
        messages.success(request, _("The activity was deleted."))
        return redirect("activities:list")
    return render(request, "activities/delete.html", {"activity": activity})
