"""Rules for users, role assignments and API tokens. Views and the API call these."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import ApiToken, Role, RoleAssignment, TokenKind, User
from dienhinh.accounts.scope import forget_assignments
from dienhinh.core import audit
from dienhinh.core.text import clean_attributes, clean_field


def role_details(entry, sees_unit) -> str:
    extra = entry.extra
    roles = dict(Role.choices)
    text = str(roles.get(extra.get("role"), extra.get("role", "")))
    if extra.get("covers_subtree"):
        text = _("%(role)s, with the units below") % {"role": text}
    if extra.get("invited"):
        text = _("%(role)s (invitation of a new account)") % {"role": text}
    if extra.get("accepted"):
        text = _("%(role)s (invitation accepted)") % {"role": text}
    if extra.get("resent"):
        text = _("%(role)s (sent again)") % {"role": text}
    if extra.get("email"):
        text = f"{extra['email']}: {text}"
    return text


def _user_details(entry, sees_unit) -> str:
    return ", ".join(entry.extra.get("changed", []))


ROLE_GRANT = audit.define_action("role.grant", gettext_lazy("Role granted"), details=role_details)
ROLE_REVOKE = audit.define_action("role.revoke", gettext_lazy("Role removed"), details=role_details)
USER_UPDATE = audit.define_action(
    "user.update", gettext_lazy("User's details changed"), details=_user_details
)
# The token's name and key start are its label (the entry's target_label) already.
TOKEN_CREATE = audit.define_action("token.create", gettext_lazy("API token created"))
TOKEN_REVOKE = audit.define_action("token.revoke", gettext_lazy("API token revoked"))


def _role_extra(assignment: RoleAssignment, **more) -> dict:
    return {"role": assignment.role, "covers_subtree": assignment.covers_subtree, **more}


def check_role(role: str, *, by: User) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.SYSTEM_ADMIN and not by.has_perm("accounts.grant_system_admin"):
        raise PermissionDenied(_("Only system administrators may grant that role."))


def grant(*, user: User, unit, role: str, covers_subtree: bool, by: User) -> RoleAssignment:
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
    check_role(role, by=by)
    if covers_subtree and not by.has_perm("accounts.grant_subtree_role", unit):
        raise PermissionDenied(
            _("You administer this unit only, so you may not grant roles over its subtree.")
        )
    assignment = grant(user=user, unit=unit, role=role, covers_subtree=covers_subtree, by=by)
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


def _token_extra(token: ApiToken, **more) -> dict:
    return {"name": token.name, "key_start": token.key_start, **more}


def _revoke(tokens, *, by: User, reason: str = "") -> int:
    """Revoke ``tokens`` (a queryset) and write one entry each; how many were revoked."""
    now = timezone.now()
    revoked = 0
    for token in tokens:
        # Conditional update: two revocations at once write one entry, not two.
        if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
            token.revoked_at = now
            extra = _token_extra(token, **({"reason": reason} if reason else {}))
            audit.record(TOKEN_REVOKE, actor=by, target=token, extra=extra)
            revoked += 1
    return revoked


@transaction.atomic
def issue_token(
    *,
    user: User,
    name: str,
    by: User | None = None,
    kind: str = TokenKind.PERSONAL,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create an API token for ``user`` (``by`` is ``user`` unless said otherwise), valid
    ``days`` (API_LOGIN_TOKEN_DAYS by default, at most API_TOKEN_MAX_DAYS); the clear key is
    returned once and never stored. A login token (``kind``) beyond the API_LOGIN_TOKEN_CAP
    newest of the person's revokes the oldest, so repeated logins cannot pile tokens up.

    Side effects: inserts the ApiToken row (only its hash) and one audit entry; for a login
    token, revokes the oldest active ones past the cap, with an entry each.
    """
    name = clean_field(name, field="name")
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if days is not None and not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("A token lives from 1 to %(max)s days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    # The person's row is locked so that parallel logins count the same tokens.
    User.objects.select_for_update().filter(pk=user.pk).first()
    token, key = ApiToken.issue(user=user, name=name, kind=kind, days=days)
    audit.record(TOKEN_CREATE, actor=by or user, target=token, extra=_token_extra(token))
    if kind == TokenKind.LOGIN:
        active = ApiToken.objects.active().filter(user=user, kind=TokenKind.LOGIN)
        oldest = active.order_by("-created_at", "-pk")[settings.API_LOGIN_TOKEN_CAP :]
        _revoke(list(oldest), by=by or user, reason="cap")
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> None:
    """Revoke a token; only its owner may.

    Side effects: sets ``revoked_at`` and writes one audit entry (nothing when it already was).
    """
    if token.user_id != by.pk:
        raise PermissionDenied(_("You may not revoke this token."))
    _revoke([token], by=by)


def user_for_token(key: str) -> User | None:
    """The active user owning the bearer token ``key`` (neither revoked nor expired),
    recording its use; None otherwise."""
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
