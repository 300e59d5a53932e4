"""Invitations to a role at a unit, sent through the task queue.

A new email gets an account (without a password) holding the role at once, and an email
with a link to choose a password. An email that already has an account gets an email asking
its owner to accept the role: the role is granted only when they accept, logged in. The
inviter is told the same in both cases, so an invitation never tells whether an account
exists (and the audit entry of an invitation names only the email that was typed).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.formats import time_format
from django.utils.http import urlsafe_base64_encode
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.domain import ROLE_GRANT, check_role, grant, role_details
from dienhinh.accounts.models import Invitation, User
from dienhinh.accounts.tasks import send_invitation_email
from dienhinh.core import audit, throttle
from dienhinh.core.context import current_address
from dienhinh.core.text import clean_attributes, clean_field
from dienhinh.orgs.models import OrgUnit

_SALT = "dienhinh.accounts.invitation"

INVITATION_SEND = audit.define_action(
    "invitation.send", gettext_lazy("Invitation sent"), details=role_details
)


def set_password_url(user: User) -> str:
    """An absolute link that lets ``user`` choose a password (valid PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def accept_url(invitation: Invitation) -> str:
    token = signing.dumps({"i": invitation.pk, "u": invitation.user_id}, salt=_SALT)
    return f"{settings.SITE_URL}{reverse('accounts:invitation_accept', args=[token])}"


def invitation_of_token(token: str, *, user) -> Invitation | None:
    """The pending invitation of ``user`` that the link names; None when the link is forged,
    expired, for someone else, or already used."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    return (
        Invitation.objects.select_related("unit", "invited_by")
        .filter(pk=data.get("i"), user=user, new_account=False, accepted_at__isnull=True)
        .first()
    )


def _check_may_invite(*, unit, role: str, covers_subtree: bool, by: User) -> None:
    if not by.has_perm("accounts.add_user", unit):
        raise PermissionDenied(_("You may not invite users to this unit."))
    check_role(role, by=by)
    if covers_subtree and not by.has_perm("accounts.grant_subtree_role", unit):
        raise PermissionDenied(
            _("You administer this unit only, so you may not grant roles over its subtree.")
        )


def _take_passes(email: str) -> None:
    """Count one invitation to ``email`` from the current address, or refuse it."""
    per_email = throttle.Rate(settings.INVITE_PER_EMAIL, settings.INVITE_WINDOW)
    per_address = throttle.Rate(settings.INVITE_PER_ADDRESS, settings.INVITE_WINDOW)
    taken = throttle.take(f"invite:email:{email}", per_email)
    if not taken.allowed:
        raise ValidationError(
            {
                "email": _(
                    "This email has been sent enough invitations for now. Try again after %(time)s."
                )
                % {"time": time_format(localtime(taken.retry_at), "H:i")}
            }
        )
    taken = throttle.take(f"invite:address:{current_address() or 'unknown'}", per_address)
    if not taken.allowed:
        raise ValidationError(
            _("Too many invitations were sent from this address. Try again after %(time)s.")
            % {"time": time_format(localtime(taken.retry_at), "H:i")}
        )


def _queue(invitation: Invitation) -> None:
    """Count one more sending and queue the email after the commit."""
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_count=F("sent_count") + 1, last_sent_at=timezone.now()
    )
    invitation.refresh_from_db(fields=["sent_count", "last_sent_at"])
    if not invitation.user.is_active:
        return  # nobody could accept it; the inviter is told the same all the same
    pk, sending = invitation.pk, invitation.sent_count
    transaction.on_commit(lambda: send_invitation_email.enqueue(pk, sending))


def _entry(invitation: Invitation, email: str, **more) -> dict:
    return {
        "email": email,
        "role": invitation.role,
        "covers_subtree": invitation.covers_subtree,
        **more,
    }


@transaction.atomic
def invite_user(
    *, email: str, full_name: str, unit, role: str, covers_subtree: bool, by: User, phone: str = ""
) -> Invitation:
    """Invite ``email`` to ``role`` at ``unit``: a new account holds the role at once and is
    emailed a link to choose a password; an existing account is emailed a request to accept
    the role (its name and details are left as they are).

    Throttled per invited email and per client address (ValidationError when over).
    Side effects: an Invitation row; for a new email a User (without a usable password) and
    a RoleAssignment with its "role.grant" entry, for an existing one an "invitation.send"
    entry; the email, queued after the commit.
    """
    _check_may_invite(unit=unit, role=role, covers_subtree=covers_subtree, by=by)
    email = User.objects.normalize_email(clean_field(email, field="email")).lower()
    user = User.objects.filter(email=email).first()
    new_account = user is None
    if new_account:
        user = User(email=email, full_name=full_name, phone=phone)
        clean_attributes(user, lines=("full_name", "phone"))
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
    _take_passes(email)
    invitation = Invitation(
        unit=unit,
        role=role,
        covers_subtree=covers_subtree,
        new_account=new_account,
        invited_by=by,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if new_account:
        user.save()
        assignment = grant(user=user, unit=unit, role=role, covers_subtree=covers_subtree, by=by)
        audit.record(
            ROLE_GRANT,
            actor=by,
            target=user,
            unit=unit,
            extra={"role": role, "covers_subtree": assignment.covers_subtree, "invited": True},
        )
    invitation.user = user
    invitation.save()
    if not new_account:
        # Nothing is granted yet: the entry names the typed email only, never the account.
        audit.record(
            INVITATION_SEND, actor=by, target=None, unit=unit, extra=_entry(invitation, email)
        )
    _queue(invitation)
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation, *, by: User) -> None:
    """Send a pending invitation again (throttled like a new one).

    Side effects: raises its sent count; one "invitation.send" entry; the email after commit.
    """
    if not by.has_perm("accounts.add_user", invitation.unit):
        raise PermissionDenied(_("You may not invite users to this unit."))
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has been accepted already."))
    _take_passes(invitation.user.email)
    audit.record(
        INVITATION_SEND,
        actor=by,
        target=None,
        unit=invitation.unit,
        extra=_entry(invitation, invitation.user.email, resent=True),
    )
    _queue(invitation)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, by: User):
    """``by``, the invited person, accepts the role. The inviter's rights are checked again:
    an invitation from someone who has since lost them is no longer valid.

    Side effects: the RoleAssignment (created by the inviter), ``accepted_at``, and one
    "role.grant" entry by the person accepting.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != by.pk or invitation.new_account:
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been accepted already."))
    inviter = invitation.invited_by
    try:
        if inviter is None or not inviter.is_active:
            raise PermissionDenied
        _check_may_invite(
            unit=invitation.unit,
            role=invitation.role,
            covers_subtree=invitation.covers_subtree,
            by=inviter,
        )
    except PermissionDenied as exc:
        raise ValidationError(_("This invitation is no longer valid: ask for a new one.")) from exc
    assignment = grant(
        user=by,
        unit=invitation.unit,
        role=invitation.role,
        covers_subtree=invitation.covers_subtree,
        by=inviter,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        ROLE_GRANT,
        actor=by,
        target=by,
        unit=invitation.unit,
        extra={
            "role": assignment.role,
            "covers_subtree": assignment.covers_subtree,
            "accepted": True,
            "invited_by": str(inviter),
        },
    )
    return assignment


def invitation_message(invitation_id: int) -> tuple[str, str, str] | None:
    """Recipient, subject and body of a pending invitation, in the inviter's language; None
    when there is nothing to send any more."""
    invitation = (
        Invitation.objects.select_related("user", "unit", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending or not invitation.user.is_active:
        return None
    user, unit = invitation.user, invitation.unit
    with translation.override(invitation.language):
        context = {
            "user": user,
            "unit": unit,
            "inviter": invitation.invited_by,
            "role": invitation.get_role_display(),
            "site_url": settings.SITE_URL,
        }
        if invitation.new_account:
            context["url"] = set_password_url(user)
            context["days"] = settings.PASSWORD_RESET_TIMEOUT // 86400
            template = "accounts/email/invitation.txt"
            subject = _("Invitation to Dienhinh — %(unit)s") % {"unit": unit.name}
        else:
            context["url"] = accept_url(invitation)
            context["days"] = settings.INVITATION_MAX_AGE // 86400
            template = "accounts/email/invitation_role.txt"
            subject = _("A new role for you in Dienhinh — %(unit)s") % {"unit": unit.name}
        body = render_to_string(template, context)
    return user.email, subject, body


def pending_invitations(viewer, *, user: User | None = None):
    """Pending invitations at units ``viewer`` manages (of ``user`` only, when given),
    newest first."""
    invitations = Invitation.objects.filter(
        unit__in=OrgUnit.objects.managed_by(viewer)
    ).select_related("user", "unit")
    if user is not None:
        invitations = invitations.filter(user=user)
    pending = invitations.filter(new_account=False, accepted_at__isnull=True) | invitations.filter(
        new_account=True, user__last_login__isnull=True
    )
    return pending.order_by("-created_at", "-pk")
