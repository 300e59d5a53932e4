"""The editors' story list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dienhinh.core.web import page_query, paginate
from dienhinh.publishing.queries import stories_for
from dienhinh.publishing.roles import edits_anywhere


@require_GET
@login_required
def story_list(request):
    form, stories = stories_for(request.user, request.GET)
    context = {
        "form": form,
        "page_obj": paginate(request, stories),
        "page_query": page_query(request),
        "can_write": edits_anywhere(request.user),
    }
    return render(request, "publishing/list.html", context)
