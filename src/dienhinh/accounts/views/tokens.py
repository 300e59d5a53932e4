"""Creating and revoking the user's own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.accounts.domain import issue_token, revoke_token
from dienhinh.accounts.forms import TokenForm
from dienhinh.accounts.login_flow import is_verified, second_factor_due
from dienhinh.accounts.models import ApiToken
from dienhinh.accounts.second_factor import requires_second_factor
from dienhinh.accounts.views.profile import render_profile
from dienhinh.core.web import add_domain_errors


@login_required
@require_POST
def token_create(request):
    """Create a named token and show its key on this response only (it is never stored).
    Someone with two-factor authentication (or whose roles require it) needs a session that
    gave its code."""
    form = TokenForm(request.POST)
    if second_factor_due(request) or (
        requires_second_factor(request.user) and not is_verified(request)
    ):
        form.add_error(None, _("Confirm this session with your authenticator code first."))
    if form.is_valid():
        try:
            _token, key = issue_token(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            return render_profile(request, new_key=key)
    return render_profile(request, token_form=form)


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Another user's token does not exist for the viewer.
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    revoke_token(token, by=request.user)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("accounts:profile")
