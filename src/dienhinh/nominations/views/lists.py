"""The dossier list (filters, search, pagination) and the reviewers' "waiting for me" inbox."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dienhinh.core.web import page_query, paginate, query_without
from dienhinh.nominations.bulk import BULK_ACTIONS
from dienhinh.nominations.queries import (
    counts_by_plan,
    counts_by_state,
    scoped_nominations_for,
    scoped_returned_to_writer,
    scoped_waiting_for,
    writes_dossiers,
)
from dienhinh.nominations.tables import ScopedTable
from dienhinh.plans.models import Plan

# Beyond this many open plans the "new dossier" buttons would crowd the page; the newest win.
MAX_NEW_BUTTONS = 5


def open_plans_for(user) -> list[Plan]:
    """Issued plans still taking dossiers, for the "new dossier" buttons of users who write
    dossiers (the create page checks the unit itself)."""
    if not writes_dossiers(user):
        return []
    plans = Plan.objects.visible_to(user).taking_nominations(timezone.localdate())
    return list(plans.order_by("-year", "-number")[:MAX_NEW_BUTTONS])


@require_GET
@login_required
def nomination_list(request):
    # Scoped: the queries' SQL is built once per scope and filters (nominations.queries).
    form, nominations = scoped_nominations_for(request.user, request.GET)
    page = paginate(request, ScopedTable(nominations))
    context = {
        "form": form,
        "page_obj": page,
        "page_query": page_query(request),
        "filter_query": query_without(request, "page"),
        "new_plans": open_plans_for(request.user),
    }
    return render(request, "nominations/list.html", context)


def _newest_first(scoped):
    # The order is part of the SQL, so of the key.
    ordered = lambda: scoped.build().order_by("-updated_at", "-pk")  # noqa: E731
    return type(scoped)((*scoped.key, "newest-first"), ordered)


@require_GET
@login_required
def inbox(request):
    user = request.user
    # Scoped: the queries' SQL is built once per scope (nominations.queries).
    waiting = scoped_waiting_for(user)
    by_state = counts_by_state(waiting)
    # Every dossier has one state: the counts per state add up to the page's total.
    total = sum(row["count"] for row in by_state)
    page = paginate(request, ScopedTable(_newest_first(waiting)), count=total)
    returned = ScopedTable(_newest_first(scoped_returned_to_writer(user)))
    context = {
        "page_obj": page,
        "page_query": page_query(request),
        "returned_query": page_query(request, "returned_page"),
        "by_plan": counts_by_plan(waiting),
        "by_state": by_state,
        "writes_dossiers": writes_dossiers(user),
        "returned_page": paginate(request, returned, param="returned_page"),
        "bulk_actions": [(a.value, a.label) for a in BULK_ACTIONS],
    }
    return render(request, "nominations/inbox.html", context)
