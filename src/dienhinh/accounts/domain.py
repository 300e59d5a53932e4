"""Rules for users, role assignments and API tokens. Views and the API call these."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import ApiToken, Role, RoleAssignment, User
from dienhinh.accounts.scope import forget_assignments
from dienhinh.core import audit
from dienhinh.core.text import clean_attributes, clean_field


def _role_details(entry, sees_unit) -> str:
    extra = entry.extra
    roles = dict(Role.choices)
    text = str(roles.get(extra.get("role"), extra.get("role", "")))
    if extra.get("covers_subtree"):
        text = _("%(role)s, with the units below") % {"role": text}
    if extra.get("invited"):
        text = _("%(role)s (invitation of a new account)") % {"role": text}
    return text


def _user_details(entry, sees_unit) -> str:
    return ", ".join(entry.extra.get("changed", []))


ROLE_GRANT = audit.define_action("role.grant", gettext_lazy("Role granted"), details=_role_details)
ROLE_REVOKE = audit.define_action(
    "role.revoke", gettext_lazy("Role removed"), details=_role_details
)
USER_UPDATE = audit.define_action(
    "user.update", gettext_lazy("User's details changed"), details=_user_details
)
# The token's name and key start are its label (the entry's target_label) already.
TOKEN_CREATE = audit.define_action("token.create", gettext_lazy("API token created"))
TOKEN_REVOKE = audit.define_action("token.revoke", gettext_lazy("API token revoked"))


def _role_extra(assignment: RoleAssignment, **more) -> dict:
    return {"role": assignment.role, "covers_subtree": assignment.covers_subtree, **more}


def set_password_url(user: User) -> str:
    """An absolute link that lets ``user`` choose a password (valid PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def _check_role(role: str, *, by: User) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.SYSTEM_ADMIN and not by.has_perm("accounts.grant_system_admin"):
        raise PermissionDenied(_("Only system administrators may grant that role."))


def _grant(*, user: User, unit, role: str, covers_subtree: bool, by: User) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={"covers_subtree": covers_subtree},
        create_defaults={"covers_subtree": covers_subtree, "created_by": by},
    )
    forget_assignments(user)
    return assignment


@transaction.atomic
def assign_role(*, user: User, unit, role: str, covers_subtree: bool, by: User) -> RoleAssignment:
    """Give ``user`` a role at ``unit``; an existing identical role has its coverage updated.

    Side effects: writes one RoleAssignment row and one audit entry.
    """
    if not by.has_perm("accounts.add_roleassignment", unit):
        raise PermissionDenied(_("You may not assign roles in this unit."))
    _check_role(role, by=by)
    if covers_subtree and not by.has_perm("accounts.grant_subtree_role", unit):
        raise PermissionDenied(
            _("You administer this unit only, so you may not grant roles over its subtree.")
        )
    assignment = _grant(user=user, unit=unit, role=role, covers_subtree=covers_subtree, by=by)
    audit.record(ROLE_GRANT, actor=by, target=user, unit=unit, extra=_role_extra(assignment))
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by: User) -> None:
    """Remove a role assignment. An administrator cannot remove their own last admin role,
    so a subtree is never left without anyone able to manage it by accident.

    Side effects: deletes the RoleAssignment row and writes one audit entry.
    """
    if not by.has_perm("accounts.delete_roleassignment", assignment):
        raise PermissionDenied(_("You may not remove this role."))
    if assignment.user_id == by.pk and assignment.role in (Role.SUBTREE_ADMIN, Role.SYSTEM_ADMIN):
        raise ValidationError(_("You cannot remove your own administrator role."))
    user, unit, extra = assignment.user, assignment.unit, _role_extra(assignment)
    assignment.delete()
    forget_assignments(user)
    audit.record(ROLE_REVOKE, actor=by, target=user, unit=unit, extra=extra)


def send_invitation(user: User, *, unit, by: User) -> None:
    """Email ``user`` a link to set their password, in the inviter's language."""
    context = {
        "user": user,
        "unit": unit,
        "inviter": by,
        "url": set_password_url(user),
        "site_url": settings.SITE_URL,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = _("Invitation to Dienhinh — %(unit)s") % {"unit": unit.name}
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def invite_user(
    *, email: str, full_name: str, unit, role: str, covers_subtree: bool, by: User, phone: str = ""
) -> tuple[User, RoleAssignment]:
    """Create (or find) the account for ``email``, give it ``role`` at ``unit`` and email it a
    link to set its password. An existing account just gains the role and is not emailed.

    Side effects: writes a User (without a usable password), a RoleAssignment and one audit
    entry (the role grant, marked as an invitation when the account is new); sends one email
    after the transaction commits.
    """
    if not by.has_perm("accounts.add_user", unit):
        raise PermissionDenied(_("You may not invite users to this unit."))
    _check_role(role, by=by)
    if covers_subtree and not by.has_perm("accounts.grant_subtree_role", unit):
        raise PermissionDenied(
            _("You administer this unit only, so you may not grant roles over its subtree.")
        )
    email = User.objects.normalize_email(clean_field(email, field="email")).lower()
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User(email=email, full_name=full_name, phone=phone)
        clean_attributes(user, lines=("full_name", "phone"))
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    assignment = _grant(user=user, unit=unit, role=role, covers_subtree=covers_subtree, by=by)
    audit.record(
        ROLE_GRANT,
        actor=by,
        target=user,
        unit=unit,
        extra=_role_extra(assignment, invited=created),
    )
    if created:
        language = translation.get_language()

        def _send() -> None:
            with translation.override(language):
                send_invitation(user, unit=unit, by=by)

        # robust: a failing mail server is logged, not turned into a 500 after the commit; the
        # invitee can still ask for a link with "forgot password".
        transaction.on_commit(_send, robust=True)
    return user, assignment


USER_FIELDS = ("full_name", "phone", "is_active")


@transaction.atomic
def update_user(user: User, *, by: User, **fields) -> User:
    """Change another user's name, phone or active flag (administrators of all their units).

    Side effects: saves the user; one audit entry naming the changed fields, if any.
    """
    if not by.has_perm("accounts.change_user", user):
        raise PermissionDenied(_("You may not change this user."))
    before = {key: getattr(user, key) for key in USER_FIELDS}
    for key in USER_FIELDS:
        if key in fields:
            setattr(user, key, fields[key])
    clean_attributes(user, lines=("full_name", "phone"))
    user.full_clean(exclude=["password"])
    user.save()
    changed = [key for key in USER_FIELDS if getattr(user, key) != before[key]]
    if changed:
        audit.record(USER_UPDATE, actor=by, target=user, extra={"changed": changed})
    return user


def _token_extra(token: ApiToken) -> dict:
    return {"name": token.name, "key_start": token.key_start}


@transaction.atomic
def issue_token(*, user: User, name: str, by: User | None = None) -> tuple[ApiToken, str]:
    """Create a named API token for ``user`` (``by`` is ``user`` unless said otherwise); the
    clear key is returned once and never stored.

    Side effects: inserts the ApiToken row (only its hash) and one audit entry.
    """
    name = clean_field(name, field="name")
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    token, key = ApiToken.issue(user=user, name=name)
    audit.record(TOKEN_CREATE, actor=by or user, target=token, extra=_token_extra(token))
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> None:
    """Revoke a token; only its owner may.

    Side effects: sets ``revoked_at`` and writes one audit entry (nothing when it already was).
    """
    if token.user_id != by.pk:
        raise PermissionDenied(_("You may not revoke this token."))
    now = timezone.now()
    # Conditional update: two revocations at once write one entry, not two.
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        audit.record(TOKEN_REVOKE, actor=by, target=token, extra=_token_extra(token))


def user_for_token(key: str) -> User | None:
    """The active user owning the bearer token ``key``, recording its use; None if invalid."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write at most once a minute so that busy API clients do not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
