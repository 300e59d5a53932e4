"""Background emails of the accounts app. They take ids and are safe to run twice
(core.mail.send_once)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.context import as_task
from dienhinh.core.mail import send_once
from dienhinh.core.worker import rerun_if_lost


@task
@rerun_if_lost
@as_task
def send_unlock_email(user_id: int, window: int) -> bool:
    """Email the owner of a locked account a link to unlock it, once per lockout window."""
    from dienhinh.accounts.unlock import unlock_url

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "url": unlock_url(user),
            "hours": settings.UNLOCK_LINK_MAX_AGE // 3600,
            "minutes": settings.LOGIN_THROTTLE_WINDOW // 60,
        }
        subject = _("Logins to your Dienhinh account were locked")
        body = render_to_string("accounts/email/unlock.txt", context)
    return send_once(key=f"unlock:{user.pk}:{window}", to=user.email, subject=subject, body=body)


@task
@rerun_if_lost
@as_task
def send_invitation_email(invitation_id: int, sending: int) -> bool:
    """Send (or resend: ``sending`` counts them) one invitation, in the inviter's language."""
    from dienhinh.accounts.invitations import invitation_message

    message = invitation_message(invitation_id)
    if message is None:
        return False
    to, subject, body = message
    return send_once(key=f"invitation:{invitation_id}:{sending}", to=to, subject=subject, body=body)


@task
@rerun_if_lost
@as_task
def send_password_reset_email(user_id: int, language: str, nonce: str) -> bool:
    """Email one "choose a new password" link (``nonce`` tells one request from another)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    site = urlsplit(settings.SITE_URL)
    with translation.override(language):
        context = {
            "email": user.email,
            "domain": site.netloc,
            "site_name": site.netloc,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": site.scheme or "https",
        }
        subject = "".join(
            render_to_string("registration/password_reset_subject.txt", context).splitlines()
        )
        body = render_to_string("registration/password_reset_email.html", context)
    return send_once(
        key=f"password_reset:{user.pk}:{nonce}", to=user.email, subject=subject, body=body
    )
