"""The signed-in home page (/workspace/)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dienhinh.workspace.panels import home_panels


@require_GET
@login_required
def home(request):
    return render(request, "workspace/home.html", {"panels": home_panels(request)})
