"""Security events in the audit log: logins and their failures, lockouts, two-factor changes,
sessions ended, passwords changed, exports and downloads of personal data.

They have no unit, so only system administrators see them in the audit list (and each
person sees their own on their user page). Most of them happen outside any domain
transaction (a login changes no row of its own), so ``record_event`` writes each in its own.
The client address and channel come from core.context, like every entry.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit

_METHODS = {
    "password": gettext_lazy("password"),
    "totp": gettext_lazy("password and authenticator code"),
    "recovery": gettext_lazy("password and recovery code"),
}
_STEPS = {
    "password": gettext_lazy("wrong password"),
    "code": gettext_lazy("wrong code"),
}


def _email(entry) -> str:
    return str(entry.extra.get("email", ""))


def _login_details(entry, sees_unit) -> str:
    method = _METHODS.get(entry.extra.get("method", ""), "")
    return _("with %(method)s") % {"method": method} if method else ""


def _failure_details(entry, sees_unit) -> str:
    step = _STEPS.get(entry.extra.get("step", ""), "")
    return ", ".join(part for part in (_email(entry), str(step)) if part)


def _file_details(entry, sees_unit) -> str:
    parts = [str(entry.extra[key]) for key in ("filename", "path") if entry.extra.get(key)]
    if entry.extra.get("sensitive"):
        # extra["sensitive"] names the fields (nominations.privacy.SENSITIVE) for the record.
        parts.append(_("with sensitive personal data"))
    return ", ".join(parts)


def _count_details(entry, sees_unit) -> str:
    count = entry.extra.get("count")
    return _("%(count)s sessions") % {"count": count} if count else ""


AUTH_LOGIN = audit.define_action("auth.login", gettext_lazy("Logged in"), details=_login_details)
AUTH_LOGIN_FAILED = audit.define_action(
    "auth.login_failed", gettext_lazy("Failed login"), details=_failure_details
)
AUTH_LOCKOUT = audit.define_action(
    "auth.lockout",
    gettext_lazy("Logins locked after too many tries from one address"),
    details=lambda entry, sees: _email(entry),
)
AUTH_UNLOCK = audit.define_action(
    "auth.unlock", gettext_lazy("Logins unlocked by the owner's email link")
)
PASSWORD_CHANGE = audit.define_action("password.change", gettext_lazy("Password changed"))
PASSWORD_RESET = audit.define_action(
    "password.reset", gettext_lazy("Password chosen from an emailed link")
)
OTP_ENABLE = audit.define_action("otp.enable", gettext_lazy("Two-factor authentication on"))
OTP_DISABLE = audit.define_action("otp.disable", gettext_lazy("Two-factor authentication off"))
OTP_RECOVERY_USED = audit.define_action("otp.recovery_used", gettext_lazy("Recovery code used"))
OTP_RECOVERY_RENEW = audit.define_action(
    "otp.recovery_renew", gettext_lazy("New recovery codes made")
)
SESSION_REVOKE = audit.define_action(
    "session.revoke", gettext_lazy("Session ended"), details=_count_details
)
# extra: path, filename, and "sensitive" (field names) when sensitive personal data went out.
EXPORT_PERSONAL_DATA = audit.define_action(
    "export.personal_data", gettext_lazy("Export with personal data"), details=_file_details
)
DOWNLOAD_PERSONAL_DATA = audit.define_action(
    "download.personal_data",
    gettext_lazy("File with personal data downloaded"),
    details=_file_details,
)
# extra: the fields shown ("sensitive" too when they were); the entry's unit is the dossier's.
VIEW_PERSONAL_DATA = audit.define_action(
    "view.personal_data",
    gettext_lazy("Dossier's personal data opened from outside its unit"),
    details=_file_details,
)


# The namespaces of security events: those above, and role grants and API tokens, which
# accounts.domain records with the change itself.
SECURITY_NAMESPACES = (
    "auth.",
    "otp.",
    "session.",
    "password.",
    "export.",
    "download.",
    "view.",
    "role.",
    "token.",
    "invitation.",
)


def security_events() -> Q:
    """A filter on AuditEntry for the security events."""
    q = Q(pk__in=[])
    for namespace in SECURITY_NAMESPACES:
        q |= Q(action__startswith=namespace)
    return q


def record_event(action: str, *, actor, target=None, extra: dict | None = None) -> None:
    """Write one security event in its own transaction (or the caller's, when there is one).

    Side effects: inserts one AuditEntry.
    """
    with transaction.atomic():
        audit.record(action, actor=actor, target=target, extra=extra)


def purge_old_events(*, now=None) -> int:
    """Delete the security events (logins, personal data opened, exported, downloaded, …)
    older than SECURITY_LOG_RETENTION_DAYS; workflow entries stay with their records.
    Returns how many were deleted.

    Side effects: deletes AuditEntry rows.
    """
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from dienhinh.core.models import AuditEntry

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    deleted, _by_model = AuditEntry.objects.filter(security_events(), at__lt=cutoff).delete()
    return deleted
