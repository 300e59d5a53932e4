"""A story's photos and their renditions, preview links and each unit's publishing settings."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.models import Photo
from dienhinh.orgs.models import OrgUnit
from dienhinh.publishing.enums import RenditionFormat
from dienhinh.publishing.models.stories import Story

_USER = settings.AUTH_USER_MODEL


def _photo_path(instance, filename: str) -> str:
    # Random names: the original name is kept in a column, never trusted as a path.
    return f"stories/{instance.story_id}/{uuid.uuid4().hex}"


def _rendition_path(instance, filename: str) -> str:
    # ``filename`` is "<hash of the content>-<width>.<ext>": a public rendition's name
    # changes with its content, so it may be cached for ever (core.serving.PUBLIC_CACHE).
    return f"stories/{instance.photo.story_id}/renditions/{filename}"


class StoryPhoto(models.Model):
    """A photo of a story: uploaded (checked and re-encoded like a dossier photo, EXIF gone)
    or imported from a linked dossier. Caption and description here are the current ones;
    each version keeps its own in its ``photos`` list. ``people_consent`` is a fact about
    the picture, whichever version shows it."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    alt_text = models.CharField(_("description for screen readers"), max_length=255, blank=True)
    people_consent = models.CharField(
        _("consent of the people shown"),
        max_length=12,
        choices=PeopleConsent.choices,
        default=PeopleConsent.NOT_RECORDED,
    )
    # Who is in the picture, left to right, one "Full name – position" a line: the
    # newspaper's caption names them so (publishing.newspaper), the portal does not.
    people = models.TextField(_("people in the photo, left to right"), blank=True)
    source_photo = models.ForeignKey(
        Photo, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_copies"
    )
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story photo")
        verbose_name_plural = _("story photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"#{self.pk}"


class StoryRendition(models.Model):
    """One resized copy of a story photo (made once, in the background: publishing.renditions)."""

    photo = models.ForeignKey(StoryPhoto, on_delete=models.CASCADE, related_name="renditions")
    format = models.CharField(max_length=4, choices=RenditionFormat.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=_rendition_path, max_length=200)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["photo", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "format", "width"], name="unique_story_rendition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.photo_id} {self.format} {self.width}"

    @property
    def content_type(self) -> str:
        return f"image/{self.format}"


class PreviewLinkQuerySet(models.QuerySet):
    def valid(self, now=None) -> "PreviewLinkQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class PreviewLink(models.Model):
    """A signed link that lets the people in a story read its unpublished draft without an
    account. Only a SHA-256 hash of the key is stored (like API tokens); the link is shown
    once, when it is made. Valid for PreviewLink.LIFETIME unless revoked."""

    LIFETIME = timezone.timedelta(days=7)
    PREFIX = "xem_"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="preview_links")
    label = models.CharField(_("for whom"), max_length=150, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    key_start = models.CharField(max_length=12)
    created_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label or self.key_start}…"

    @staticmethod
    def hash_key(key: str) -> str:
        # 256 random bits: a plain SHA-256 is enough, as for API tokens.
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return PreviewLink.PREFIX + secrets.token_urlsafe(32)

    def is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class PublishingSettings(models.Model):
    """How one unit publishes: whether a second editor must approve each story."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="publishing_settings"
    )
    requires_review = models.BooleanField(
        _("a second editor approves every story"),
        default=False,
        help_text=_(
            "When ticked, a story (or a change to a published story) is published only by "
            "another editor than the one who wrote its version."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("publishing settings")
        verbose_name_plural = _("publishing settings")

    def __str__(self) -> str:
        return str(self.unit)
