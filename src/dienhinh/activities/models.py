"""Activities where examples were spread: union meetings of one unit (sinh hoạt công đoàn)
and seminars or experience exchanges of an emulation cluster or block (tọa đàm, giao lưu).

Every activity points at the unit that held it (``unit``: the meeting's unit, the seminar's
host), a foreign key set when it is recorded and never recomputed, so a later move or merger
of the unit does not move the activity to another branch's figures.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.core.models import TimeStampedModel
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.publishing.models import Story


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Union meeting")
    SEMINAR = "seminar", _("Seminar or experience exchange")


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ActivityQuerySet":
        """Activities of units in the user's scope; a seminar also to the scopes of its
        participating units (see activities.visibility)."""
        from dienhinh.activities.visibility import activity_filter

        return self.filter(activity_filter(user))


def _upload_path(instance, filename: str) -> str:
    # Random names: the original name is kept in a column, never trusted as a path.
    activity_id = getattr(instance, "activity_id", None) or instance.pk or "new"
    return f"activities/{activity_id}/{uuid.uuid4().hex}"


class Activity(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    # The unit's name as it was when the activity was recorded (history keeps it).
    unit_name = models.CharField(max_length=255, editable=False, default="")
    group = models.ForeignKey(
        EmulationGroup,
        verbose_name=_("emulation group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    participating_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("participating units"),
        related_name="seminars_joined",
        blank=True,
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    stories = models.ManyToManyField(
        Story, verbose_name=_("stories featured"), related_name="activities", blank=True
    )
    dossiers = models.ManyToManyField(
        Nomination, verbose_name=_("examples featured"), related_name="activities", blank=True
    )
    minutes = models.FileField(upload_to=_upload_path, max_length=200, blank=True)
    minutes_name = models.CharField(max_length=255, blank=True)
    minutes_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["plan", "kind", "held_on"], name="activity_plan_idx"),
            models.Index(fields=["unit", "held_on"], name="activity_unit_idx"),
            # The monitoring board counts a subtree's activities of a plan unit by unit
            # (covering, as the dossiers' nomination_unit_plan_idx).
            models.Index(
                fields=["unit", "plan"],
                include=["id", "kind", "held_on", "participants"],
                name="activity_unit_plan_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_seminar(self) -> bool:
        return self.kind == ActivityKind.SEMINAR


class ActivityPhoto(models.Model):
    """A photo of the activity, checked and stripped of EXIF like a dossier's photos."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_upload_path, max_length=200)
    thumbnail = models.FileField(upload_to=_upload_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name
