"""Ending one's own sessions from the profile page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dienhinh.accounts import sessions
from dienhinh.accounts.models import SessionRecord


@login_required
@require_POST
def session_revoke(request, pk: int):
    # Another person's session does not exist for the viewer; the current one is ended by
    # logging out.
    record = get_object_or_404(
        SessionRecord.objects.filter(user=request.user).exclude(
            session_key=request.session.session_key or ""
        ),
        pk=pk,
    )
    sessions.end_session(record, by=request.user)
    messages.success(request, _("The session has been ended."))
    return redirect("accounts:profile")


@login_required
@require_POST
def session_revoke_others(request):
    count = sessions.end_other_sessions(
        request.user, keep=request.session.session_key, by=request.user, why="profile"
    )
    messages.success(
        request,
        ngettext(
            "%(count)d other session has been ended.",
            "%(count)d other sessions have been ended.",
            count,
        )
        % {"count": count},
    )
    return redirect("accounts:profile")
