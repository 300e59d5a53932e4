from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from dienhinh.nominations.models import Nomination
from dienhinh.nominations.workflow import allowed_actions


@login_required
def nomination_detail(request, pk: int):
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related(
            "plan", "nominating_unit", "current_unit", "field"
        ),
        pk=pk,
    )
    transitions = nomination.transitions.select_related("by", "from_unit", "to_unit")
    return render(
        request,
        "nominations/detail.html",
        {
            "nomination": nomination,
            "transitions": transitions,
            "photos": nomination.photos.all(),
            "actions": allowed_actions(nomination, request.user),
        },
    )
