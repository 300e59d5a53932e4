"""A unit's publishing settings: whether a second editor approves every story."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dienhinh.core.web import require_perm
from dienhinh.orgs.models import OrgUnit
from dienhinh.publishing.editing import set_requires_review, settings_of
from dienhinh.publishing.forms import SettingsForm


@login_required
def unit_settings(request, pk: int):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    require_perm(request, "publishing.change_publishingsettings", unit)
    current = settings_of(unit)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            set_requires_review(
                unit, by=request.user, requires_review=form.cleaned_data["requires_review"]
            )
            messages.success(request, _("The publishing settings were saved."))
            return redirect("publishing:settings", pk=unit.pk)
    else:
        form = SettingsForm(initial={"requires_review": current.requires_review})
    return render(request, "publishing/settings.html", {"unit": unit, "form": form})
