"""Emulation groups (cụm / khối thi đua): list, page, add, edit and delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from dienhinh.accounts.scope import ADMIN_ROLES, covers, top_units
from dienhinh.core.web import add_domain_errors, id_param, once_per_submission, page_query, paginate
from dienhinh.orgs import domain
from dienhinh.orgs.forms import CopyGroupsForm, GroupFilterForm, GroupForm
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.orgs.queries import group_members, group_years, groups_for_list

_GROUP_FIELD_MAP = {"members": "member_codes", "leader": "leader_code"}
# Beyond this many top units (a system administrator sees every province), the "add" buttons
# live on each unit's page instead.
_MAX_ADD_BUTTONS = 5


def _visible_group(request, pk: int) -> EmulationGroup:
    groups = EmulationGroup.objects.visible_to(request.user).select_related("organizer", "leader")
    return get_object_or_404(groups, pk=pk)


def _require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@require_GET
@login_required
def group_list(request):
    user = request.user
    form = GroupFilterForm(request.GET, years=group_years(user))
    groups = groups_for_list(
        user,
        year=form.value("year"),
        kind=form.value("kind"),
        organizer_id=form.value("organizer"),
        text=form.value("q") or "",
    )
    page = paginate(request, groups)
    organizers = top_units(user, ADMIN_ROLES)
    for group in page.object_list:
        # Names of organiser and leader are part of the group; links only where in scope.
        group.organizer_visible = covers(user, group.organizer)
        group.leader_visible = covers(user, group.leader)
    context = {
        "form": form,
        "page_obj": page,
        "page_query": page_query(request),
        "organizer_choices": organizers[:_MAX_ADD_BUTTONS],
        "can_copy": bool(organizers),
        "too_many_organizers": len(organizers) > _MAX_ADD_BUTTONS,
    }
    return render(request, "orgs/group_list.html", context)


@require_GET
@login_required
def group_detail(request, pk: int):
    user = request.user
    group = _visible_group(request, pk)
    members_page = paginate(request, group_members(group))
    for unit in members_page.object_list:
        # Every member is named; only those in the user's scope link to their page.
        unit.in_scope = covers(user, unit)
    context = {
        "group": group,
        "members_page": members_page,
        "organizer_visible": covers(user, group.organizer),
        "leader_visible": covers(user, group.leader),
        "can_change": user.has_perm("orgs.change_emulationgroup", group),
        "can_delete": user.has_perm("orgs.delete_emulationgroup", group),
    }
    return render(request, "orgs/group_detail.html", context)


def _save(request, form: GroupForm, group: EmulationGroup | None, organizer: OrgUnit):
    """Save through the domain; return the group, or None after putting errors on the form."""
    try:
        return domain.save_emulation_group(
            group,
            by=request.user,
            members=form.cleaned_data["member_codes"],
            organizer=organizer,
            **form.group_fields(),
        )
    except ValidationError as error:
        add_domain_errors(form, error, _GROUP_FIELD_MAP)
        return None


@login_required
@once_per_submission
def group_add(request):
    """Add a group organised by the unit given as ``?organizer=<pk>``."""
    organizer_pk = id_param(request, "organizer")
    organizer = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=organizer_pk)
    _require(request, "orgs.add_emulationgroup", organizer)
    if request.method == "POST":
        form = GroupForm(request.POST, user=request.user)
        if form.is_valid() and (group := _save(request, form, None, organizer)):
            messages.success(request, _("The group %(name)s was added.") % {"name": group.name})
            return redirect("orgs:group_detail", pk=group.pk)
    else:
        form = GroupForm(user=request.user)
    return render(request, "orgs/group_form.html", {"form": form, "organizer": organizer})


@login_required
def group_edit(request, pk: int):
    group = _visible_group(request, pk)
    _require(request, "orgs.change_emulationgroup", group)
    if request.method == "POST":
        form = GroupForm(request.POST, user=request.user)
        if form.is_valid() and _save(request, form, group, group.organizer):
            messages.success(request, _("The group %(name)s was saved.") % {"name": group.name})
            return redirect("orgs:group_detail", pk=group.pk)
        # The domain call rolled back; show the group as it still is.
        group.refresh_from_db()
    else:
        form = GroupForm(initial=GroupForm.initial_from(group), user=request.user)
    context = {"form": form, "group": group, "organizer": group.organizer}
    return render(request, "orgs/group_form.html", context)


@login_required
def group_delete(request, pk: int):
    """Ask for confirmation (GET), then delete the group (POST)."""
    group = _visible_group(request, pk)
    _require(request, "orgs.delete_emulationgroup", group)
    if request.method == "POST":
        name = group.name
        try:
            domain.delete_emulation_group(group, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("orgs:group_detail", group.pk)
        messages.success(request, _("The group %(name)s was deleted.") % {"name": name})
        return redirect("orgs:group_list")
    return render(request, "orgs/group_confirm_delete.html", {"group": group})


_MAX_ORGANIZERS = 200


@login_required
@once_per_submission
def groups_copy(request):
    """Copy an organiser's groups of one year to another in one step (orgs.domain)."""
    user = request.user
    organizers = list(
        OrgUnit.objects.managed_by(user)
        .filter(organized_groups__isnull=False)
        .distinct()
        .order_by("path")[:_MAX_ORGANIZERS]
    )
    if not organizers:
        raise PermissionDenied
    years = sorted(
        set(EmulationGroup.objects.filter(organizer__in=organizers).values_list("year", flat=True)),
        reverse=True,
    )
    form = CopyGroupsForm(
        request.POST or None,
        organizers=organizers,
        years=years,
        initial={"organizer": organizers[0].pk, "from_year": years[0], "to_year": years[0] + 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copies = domain.copy_emulation_groups(
                organizer=form.cleaned_data["organizer"],
                from_year=form.cleaned_data["from_year"],
                to_year=form.cleaned_data["to_year"],
                by=user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d group was copied to %(year)d.",
                    "%(count)d groups were copied to %(year)d.",
                    len(copies),
                )
                % {"count": len(copies), "year": form.cleaned_data["to_year"]},
            )
            return redirect(f"{reverse('orgs:group_list')}?year={form.cleaned_data['to_year']}")
    return render(request, "orgs/groups_copy.html", {"form": form})
