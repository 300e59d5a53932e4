"""The unit tree browser: the user's top units, lazily expanded children, and search."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from dienhinh.accounts.scope import top_units
from dienhinh.core.web import is_htmx, page_query, paginate
from dienhinh.orgs.forms import UnitSearchForm
from dienhinh.orgs.models import OrgUnit
from dienhinh.orgs.queries import attach_visible_ancestors, search_units, visible_children


@require_GET
@login_required
def unit_tree(request):
    """Top units with expandable children, or search results when ``q`` is given.

    An HTMX request (live search) gets only the results block.
    """
    form = UnitSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "query": query}
    if query:
        page = paginate(request, search_units(request.user, query))
        attach_visible_ancestors(page.object_list, request.user)
        context.update(page_obj=page, page_query=page_query(request))
    else:
        context["top_units"] = top_units(request.user)
    template = "orgs/_tree_results.html" if is_htmx(request) else "orgs/tree.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@login_required
def unit_children(request, pk: int):
    """The visible children of a unit as an HTML fragment for the tree (HTMX).

    ``?collapse=1`` returns an empty fragment and the toggle in its closed state.
    Later pages (``?page=2``) return just the next list items.
    """
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if request.GET.get("collapse"):
        return render(request, "orgs/_tree_children.html", {"unit": unit, "collapsed": True})
    page = paginate(request, visible_children(unit, request.user))
    return render(
        request,
        "orgs/_tree_children.html",
        {"unit": unit, "page_obj": page, "first_page": page.number == 1},
    )
