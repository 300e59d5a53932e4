"""The newspaper column's pages: the proposals (to send, sent, decided) with the sending form
for the column's editors, one batch and its ZIP, proposing a story from its page, acting on
a proposal, and the unit's columns. Only translates HTTP: publishing.newspaper decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.serving import content_disposition
from dienhinh.core.web import add_domain_errors, id_param, once_per_submission, page_query, paginate
from dienhinh.orgs.models import OrgUnit
from dienhinh.publishing.enums import ProposalAction, ProposalState
from dienhinh.publishing.forms import ColumnForm, ProposalActForm, ProposeForm, SendBatchForm
from dienhinh.publishing.models import NewspaperBatch, NewspaperColumn, NewspaperProposal
from dienhinh.publishing.newspaper.submission import build_submission
from dienhinh.publishing.newspaper.workflow import (
    allowed_actions,
    columns_for,
    propose,
    save_column,
    send_batch,
    transition_proposal,
)
from dienhinh.publishing.roles import writes_stories
from dienhinh.publishing.views.common import visible_story

A, S = ProposalAction, ProposalState
_DONE = {
    A.PRINT: gettext_lazy("Recorded as printed."),
    A.DECLINE: gettext_lazy("The proposal was declined; the unit sees why."),
    A.WITHDRAW: gettext_lazy("The proposal was withdrawn."),
}


def _proposals(user):
    return NewspaperProposal.objects.visible_to(user).select_related(
        "version", "story__unit", "column__unit", "batch", "proposed_by"
    )


@require_GET
@login_required
def proposals(request):
    user = request.user
    managed = list(NewspaperColumn.objects.managed_by(user).select_related("unit"))
    items = _proposals(user)
    state = request.GET.get("state", "")
    if state in S.values:
        items = items.filter(state=state)
    column_id = id_param(request, "column")
    if column_id is not None:
        items = items.filter(column_id=column_id)
    page = paginate(request, items.order_by("-proposed_at", "-pk"))
    # Every proposal waiting in a managed column, not only those on this page of the list.
    waiting = (
        NewspaperProposal.objects.filter(column__in=managed, state=S.PROPOSED)
        .select_related("version")
        .order_by("proposed_at", "pk")
    )
    choices: dict[int, list] = {}
    for proposal in waiting:
        choices.setdefault(proposal.column_id, []).append((proposal.pk, proposal.version.headline))
    to_send = {
        column: SendBatchForm(choices=choices[column.pk], prefix=f"send-{column.pk}")
        for column in managed
        if column.pk in choices
    }
    rows = [(p, allowed_actions(p, user)) for p in page]
    return render(
        request,
        "publishing/newspaper/proposals.html",
        {
            "page_obj": page,
            "rows": rows,
            "managed": managed,
            "to_send": to_send,
            "states": S.choices,
            "state": state,
            "batches": NewspaperBatch.objects.filter(column__in=managed)
            .select_related("column")
            .order_by("-created_at")[:10],
            "page_query": page_query(request),
        },
    )


@require_POST
@login_required
@once_per_submission
def send(request, pk: int):
    column = get_object_or_404(NewspaperColumn.objects.managed_by(request.user), pk=pk)
    waiting = column.proposals.filter(state=S.PROPOSED).select_related("version")
    form = SendBatchForm(
        request.POST,
        choices=[(p.pk, p.version.headline) for p in waiting],
        prefix=f"send-{column.pk}",
    )
    if form.is_valid():
        try:
            batch = send_batch(column, proposal_ids=form.cleaned_data["proposals"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Sent. Download the file for the newspaper from the batch's page.")
            )
            return redirect("publishing:newspaper_batch", pk=batch.pk)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("publishing:newspaper")


def _visible_batch(user, pk: int) -> NewspaperBatch:
    managed = NewspaperColumn.objects.managed_by(user)
    return get_object_or_404(
        NewspaperBatch.objects.filter(column__in=managed).select_related("column__unit"), pk=pk
    )


@require_GET
@login_required
def batch_detail(request, pk: int):
    batch = _visible_batch(request.user, pk)
    items = batch.proposals.select_related("version", "story__unit", "column__unit")
    rows = [(p, allowed_actions(p, request.user)) for p in items.order_by("position", "pk")]
    return render(request, "publishing/newspaper/batch.html", {"batch": batch, "rows": rows})


@require_GET
@login_required
def batch_download(request, pk: int):
    submission = build_submission(_visible_batch(request.user, pk))
    response = HttpResponse(submission.content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(submission.filename, as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
@once_per_submission
def propose_story(request, pk: int):
    story = visible_story(request.user, pk)
    form = ProposeForm(request.POST, columns=columns_for(story))
    if form.is_valid():
        try:
            propose(
                story,
                column=form.cleaned_data["column"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Proposed to the newspaper column."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("publishing:detail", pk=story.pk)


@require_POST
@login_required
@once_per_submission
def act(request, pk: int):
    proposal = get_object_or_404(_proposals(request.user), pk=pk)
    form = ProposalActForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transition_proposal(
                proposal,
                action=data["action"],
                by=request.user,
                reason=data["reason"],
                issue_number=data["issue_number"],
                issue_date=data["issue_date"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _DONE.get(data["action"], _("Done.")))
            if proposal.batch_id and request.POST.get("from") == "batch":
                return redirect("publishing:newspaper_batch", pk=proposal.batch_id)
            return redirect("publishing:newspaper")
    return render(
        request,
        "publishing/newspaper/act.html",
        {"proposal": proposal, "form": form, "actions": allowed_actions(proposal, request.user)},
        status=400,
    )


@login_required
def columns(request, unit_pk: int):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=unit_pk)
    if not writes_stories(request.user, unit):
        raise Http404
    editing = None
    column_id = id_param(request, "column")
    if column_id is not None:
        editing = get_object_or_404(unit.newspaper_columns, pk=column_id)
    if request.method == "POST":
        form = ColumnForm(request.POST)
        if form.is_valid():
            try:
                save_column(unit, by=request.user, column=editing, **form.cleaned_data)
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The newspaper column was saved."))
                return redirect("publishing:newspaper_columns", unit_pk=unit.pk)
    elif editing is not None:
        form = ColumnForm(
            initial={
                "newspaper": editing.newspaper,
                "name": editing.name,
                "is_active": editing.is_active,
            }
        )
    else:
        form = ColumnForm()
    return render(
        request,
        "publishing/newspaper/columns.html",
        {
            "unit": unit,
            "form": form,
            "editing": editing,
            "columns": unit.newspaper_columns.all(),
        },
    )
