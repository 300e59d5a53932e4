"""The signed-in home page (/workspace/) and the site root."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dienhinh.workspace.panels import home_panels


@require_GET
@login_required
def home(request):
    return render(request, "workspace/home.html", {"panels": home_panels(request)})


@require_GET
def root(request):
    """The site root leads to the workspace until the public portal takes it over."""
    return redirect("workspace:home")
