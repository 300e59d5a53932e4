from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.context import Channel


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """One email for one purpose (``key``): the outbox (core.mail). ``send_once`` writes the
    row in the caller's transaction; the worker sends it with its ``message_id`` (made from
    the key, so a resend carries the same one and mail clients fold the two) and marks it
    sent, or retries it later with a growing delay, and after the last attempt marks it
    failed until an administrator retries it."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(max_length=255, unique=True)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="email_due")]

    def __str__(self) -> str:
        return self.key


class RateCounter(models.Model):
    """How many times ``key`` was counted in the fixed window starting at ``window_start``
    (see core.throttle). A row per key and window, so that every web process and worker
    shares one count."""

    key = models.CharField(max_length=400)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="unique_rate_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class AuditEntry(models.Model):
    """One change of state: who did what to which object, for which unit, from where.

    Written by ``core.audit.record`` inside the domain function's transaction and never
    changed afterwards. The unit is kept as plain columns (id, materialised path and name as
    they were at the time), not a foreign key: history keeps pointing at the unit as it was,
    through later moves, renames and merges, and core stays below the orgs app.
    """

    at = models.DateTimeField(_("time"), default=timezone.now)
    # Namespaced: "nomination.return", "plan.issue", "role.grant", "token.create", ...
    action = models.CharField(_("action"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=255, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    unit_name = models.CharField(max_length=255, blank=True)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            # The audit list (newest first), time-based retention, and one object's history.
            models.Index(fields=["-at", "-id"], name="audit_recent_idx"),
            models.Index(fields=["action", "at"], name="audit_action_idx"),
            models.Index(fields=["target_type", "target_id", "at"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Audit entries are never changed once written.")
        super().save(*args, **kwargs)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """A job is its owner's alone (it may hold what only they may see)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class Job(models.Model):
    """Long work run by the worker for one person (a big unit import, a bulk action on many
    dossiers): what it is, how far it got, and what came of it. Only its owner sees it.
    Progress while it runs lives in the shared cache (core.jobs), since the work itself runs
    in one transaction whose writes nobody sees before it ends."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped: nothing was saved")

    kind = models.CharField(max_length=40)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 12, "message": "..."}]
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class IdempotencyRecord(models.Model):
    """The first answer to an API request sent with an ``Idempotency-Key`` (api.idempotency):
    a retry with the same key gets it again instead of acting twice.

    ``status`` is empty while the first request runs (a concurrent retry answers 409); a row
    left so by a process that died is taken over once ``locked_until`` has passed. Rows are
    deleted a day after they were made (core.idempotency.purge_expired)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    route = models.CharField(max_length=255)
    # SHA-256 of the method, the address and the body: the same key with another request is
    # refused (422) rather than answered with the first request's result.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key", "method", "route"], name="unique_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.route} {self.key}: {self.status or 'running'}"


class FormSubmission(models.Model):
    """A one-time form token that was used (core.once): its nonce, whose it was and where
    the first submission led, so that a double click or a resubmitted page is sent there
    instead of creating a second record. Deleted a day after it was made."""

    nonce = models.CharField(max_length=32, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    redirect_to = models.CharField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.nonce} → {self.redirect_to}"


class WorkerBeat(models.Model):
    """A task worker that is alive: it writes ``seen_at`` every few seconds (core.worker).
    A task "running" under a worker whose beat stopped was lost with it."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
