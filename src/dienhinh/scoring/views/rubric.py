"""The rubric page (items, classes, tie-break) and its editing: thin views over
scoring.rubric."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.nominations.workflow import TransitionConflict
from dienhinh.scoring import rubric as domain
from dienhinh.scoring.compute import formula_text, tree
from dienhinh.scoring.enums import ItemKind, TieBreak
from dienhinh.scoring.forms import CopyForm, ItemForm, SchemeForm, SettingsForm
from dienhinh.scoring.models import Rubric
from dienhinh.scoring.roles import edits_rubric
from dienhinh.scoring.views.common import visible_item, visible_plan, visible_rubric


def _groups(rubric):
    return [i for i in rubric.items.all() if i.kind == ItemKind.GROUP]


def _sources(user, rubric):
    return list(
        Rubric.objects.visible_to(user)
        .exclude(pk=rubric.pk)
        .select_related("plan")
        .order_by("-plan__year", "plan__number")[:50]
    )


def _page(request, plan, rubric, *, item_form=None, settings_form=None, status=200):
    user = request.user
    can_edit = edits_rubric(user, plan) and (rubric is None or rubric.is_open)
    context = {"plan": plan, "rubric": rubric, "can_edit": can_edit}
    if rubric is not None:
        items = tree(list(rubric.items.all()))
        context.update(
            items=[(item, depth, formula_text(item)) for item, depth in items],
            classes=list(rubric.classes.all()),
            tie_break=[TieBreak(key).label for key in rubric.tie_break],
            max_total=sum((i.max_points for i, d in items if d == 0), 0),
        )
        if can_edit:
            groups = [i for i, _d in items if i.kind == ItemKind.GROUP]
            context.update(
                item_form=item_form or ItemForm(groups=groups),
                settings_form=settings_form
                or SettingsForm(initial=SettingsForm.initial_for(rubric)),
                scheme_form=SchemeForm(initial={"scheme": rubric.class_scheme}),
                copy_form=CopyForm(sources=_sources(user, rubric)),
            )
    return render(request, "scoring/rubric.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rubric_page(request, plan_id: int):
    plan = visible_plan(request.user, plan_id)
    rubric = domain.rubric_for(plan)
    if request.method == "POST":
        # Starting the rubric: the default classes of the union's current grading.
        # Started meanwhile (another tab, another monitor): the page shows that one.
        with contextlib.suppress(TransitionConflict):
            domain.start_rubric(plan, by=request.user)
        messages.success(request, _("The rubric was started with the current grading."))
        return redirect("scoring:rubric", plan.pk)
    return _page(request, plan, rubric)


def _editable(request, plan_id):
    rubric = visible_rubric(request.user, plan_id)
    if not edits_rubric(request.user, rubric.plan):
        raise PermissionDenied
    return rubric


@login_required
@require_POST
@once_per_submission
def item_add(request, plan_id: int):
    rubric = _editable(request, plan_id)
    form = ItemForm(request.POST, groups=_groups(rubric))
    if form.is_valid():
        try:
            domain.add_item(rubric, by=request.user, **form.domain_data())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The item was added."))
            return redirect("scoring:rubric", rubric.plan_id)
    return _page(request, rubric.plan, rubric, item_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, item_id: int):
    item = visible_item(request.user, item_id)
    rubric = item.rubric
    if not edits_rubric(request.user, rubric.plan):
        raise PermissionDenied
    groups = [g for g in _groups(rubric) if g.pk != item.pk]
    initial = {name: getattr(item, name) for name in domain.ITEM_FIELDS}
    initial["parent"] = item.parent_id
    form = ItemForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_item(item, by=request.user, **form.domain_data())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The item was changed."))
            return redirect("scoring:rubric", rubric.plan_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "scoring/item_edit.html",
        {"item": item, "rubric": rubric, "plan": rubric.plan, "form": form},
        status=status,
    )


@login_required
@require_POST
def item_delete(request, item_id: int):
    item = visible_item(request.user, item_id)
    try:
        domain.delete_item(item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The item was deleted."))
    return redirect("scoring:rubric", item.rubric.plan_id)


@login_required
@require_POST
def item_move(request, item_id: int):
    item = visible_item(request.user, item_id)
    try:
        domain.move_item(item, by=request.user, up=request.POST.get("direction") != "down")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("scoring:rubric", item.rubric.plan_id)


@login_required
@require_POST
def settings(request, plan_id: int):
    rubric = _editable(request, plan_id)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            domain.save_settings(rubric, by=request.user, **form.domain_data())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The classes and the tie-break were saved."))
            return redirect("scoring:rubric", rubric.plan_id)
    return _page(request, rubric.plan, rubric, settings_form=form, status=400)


@login_required
@require_POST
def scheme(request, plan_id: int):
    rubric = _editable(request, plan_id)
    form = SchemeForm(request.POST)
    if form.is_valid():
        try:
            domain.use_scheme(rubric, by=request.user, scheme=form.cleaned_data["scheme"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The classes of the grading were set."))
    return redirect("scoring:rubric", rubric.plan_id)


@login_required
@require_POST
@once_per_submission
def copy(request, plan_id: int):
    rubric = _editable(request, plan_id)
    sources = _sources(request.user, rubric)
    form = CopyForm(request.POST, sources=sources)
    if not form.is_valid():
        messages.error(request, _("Choose a plan whose rubric you see."))
        return redirect("scoring:rubric", rubric.plan_id)
    source = next(r for r in sources if r.pk == form.cleaned_data["source"])
    try:
        domain.copy_rubric(rubric, source=source, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The rubric of plan %(ref)s was copied.") % {"ref": source.plan.reference}
        )
    return redirect("scoring:rubric", rubric.plan_id)
