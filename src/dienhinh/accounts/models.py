"""Users (log in by email), their role assignments on units, API tokens, invitations, and
what two-factor authentication and the session list keep."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.agents import describe_agent
from dienhinh.core.text import collation_key, fold, nfc


class Role(models.TextChoices):
    OFFICER = "officer", _("Unit officer")
    REVIEWER = "reviewer", _("Reviewer")
    EDITOR = "editor", _("Editor")
    MONITOR = "monitor", _("Monitor")
    SUBTREE_ADMIN = "subtree_admin", _("Subtree administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        """The user themself and everyone holding a role on a unit ``user`` can see."""
        from dienhinh.accounts.scope import is_system_admin, unit_filter
        from dienhinh.orgs.models import OrgUnit

        if not user.is_authenticated:
            return self.none()
        if is_system_admin(user):
            return self
        units = OrgUnit.objects.filter(unit_filter(user))
        in_scope = RoleAssignment.objects.filter(unit__in=units).values("user")
        return self.filter(models.Q(pk=user.pk) | models.Q(pk__in=in_scope))

    def search(self, text: str) -> "UserQuerySet":
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    search_text = models.CharField(max_length=400, editable=False, default="", db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        # Only system administrators reach the Django admin.
        from dienhinh.accounts.scope import is_system_admin

        return self.is_active and is_system_admin(self)

    def has_module_perms(self, app_label: str) -> bool:
        from dienhinh.accounts.scope import is_system_admin

        return is_system_admin(self) or super().has_module_perms(app_label)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.email

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        self.full_name = nfc(self.full_name)
        self.search_text = fold(f"{self.full_name} {self.email}")
        self.sort_name = collation_key(self.full_name, person=True)
        super().save(*args, **kwargs)


class RoleAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RoleAssignmentQuerySet":
        from dienhinh.accounts.scope import unit_filter
        from dienhinh.orgs.models import OrgUnit

        if not user.is_authenticated:
            return self.none()
        units = OrgUnit.objects.filter(unit_filter(user))
        return self.filter(models.Q(user=user) | models.Q(unit__in=units))


class RoleAssignment(models.Model):
    """``user`` holds ``role`` at ``unit``; with ``covers_subtree`` also in every unit below."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    covers_subtree = models.BooleanField(
        _("covers the subtree"),
        default=True,
        help_text=_("The role also applies to every unit below this one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_per_unit")
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class TokenKind(models.TextChoices):
    LOGIN = "login", _("Password login")
    PERSONAL = "personal", _("Named token")


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token. Only a SHA-256 hash is stored; the key is shown once, so a login can
    only ever hand out a new token. Every token expires."""

    PREFIX = "dh_"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TokenKind.choices, default=TokenKind.PERSONAL
    )
    key_hash = models.CharField(max_length=64, unique=True)
    key_start = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash_key(key: str) -> str:
        # The key has 256 bits of entropy, so a plain SHA-256 is enough (no slow hash needed).
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(
        cls, *, user, name: str, kind: str = TokenKind.PERSONAL, days: int | None = None
    ) -> tuple["ApiToken", str]:
        """Create a token for ``user`` valid ``days`` (API_LOGIN_TOKEN_DAYS by default);
        return it with the clear key, which is never stored."""
        key = cls.PREFIX + secrets.token_urlsafe(32)
        days = days or settings.API_LOGIN_TOKEN_DAYS
        token = cls.objects.create(
            user=user,
            name=nfc(name)[:100],
            kind=kind,
            key_hash=cls.hash_key(key),
            key_start=key[:10],
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, key


class Invitation(models.Model):
    """An invitation to a role at a unit. For a new account the role is granted at once and
    the email lets the person choose a password; an existing account is asked to accept the
    role, which is granted only when they do (``accepted_at``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    covers_subtree = models.BooleanField(default=True)
    new_account = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_count = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["user", "accepted_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def is_pending(self) -> bool:
        if self.new_account:
            # Pending until the person has chosen a password and logged in once.
            return self.user.last_login is None
        return self.accepted_at is None


class SessionRecord(models.Model):
    """What the profile page shows of one of a person's sessions: the browser and device,
    the address and when it was last seen. Keyed by the session key; the session itself
    lives in the session store."""

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_records"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.last_seen_at:%Y-%m-%d %H:%M}"

    @property
    def device(self) -> str:
        return describe_agent(self.user_agent)


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator app. Shown once; only a
    SHA-256 hash is stored (each code holds 80 random bits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"
