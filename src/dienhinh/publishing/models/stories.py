"""Stories (bài tuyên truyền), their versions, the dossiers they tell about and old slugs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.models import TimeStampedModel
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
from dienhinh.publishing.enums import StoryState

_USER = settings.AUTH_USER_MODEL


class StoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "StoryQuerySet":
        """The editors' side: stories of units in the user's scope (any role), and for
        officers the stories told about their units' dossiers (publishing.visibility)."""
        from dienhinh.publishing.visibility import story_filter

        return self.filter(story_filter(user))

    def public(self) -> "StoryQuerySet":
        """What the public portal shows: published stories with a live version. The only
        queryset the portal may start from."""
        return self.filter(state=StoryState.PUBLISHED, live_version__isnull=False)


class Story(TimeStampedModel):
    """A story published by one unit (a federation, a district, an industry or a grassroots
    union), told in immutable versions: ``live_version`` is what the public reads while the
    story is published, ``draft_version`` the newest saved version (pending changes when it
    is not the live one). Only ``publishing.workflow.transition_story`` changes ``state``."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("publishing unit"), on_delete=models.PROTECT, related_name="stories"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=StoryState.choices, default=StoryState.DRAFT
    )
    # From the published headline; the old ones stay in StorySlug so their links redirect.
    slug = models.SlugField(_("address name"), max_length=120, blank=True)
    field = models.ForeignKey(
        SharedField,
        verbose_name=_("field"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )
    dossiers = models.ManyToManyField(
        Nomination,
        through="StoryDossier",
        related_name="stories",
        verbose_name=_("dossiers"),
        blank=True,
    )
    live_version = models.ForeignKey(
        "StoryVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    draft_version = models.ForeignKey(
        "StoryVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    scheduled_version = models.ForeignKey(
        "StoryVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scheduled_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set while the draft waits for a second editor (state in_review, or pending changes of
    # a published story, which stays published meanwhile).
    review_requested_at = models.DateTimeField(null=True, blank=True)
    review_requested_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    featured = models.BooleanField(_("on the home page"), default=False)
    featured_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    featured_at = models.DateTimeField(null=True, blank=True)
    taken_down_reason = models.TextField(_("reason for taking down"), blank=True)
    taken_down_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_down_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Derived: the LIVE version folded (headline, lead, body), for the portal's search;
    # empty while the story is not public. The draft's headline and lead, folded, for the
    # editors' list.
    search_text = models.TextField(editable=False, default="")
    draft_search_text = models.TextField(editable=False, default="")

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="story_public_idx"),
            # With the date: a unit's, field's or movement's newest stories by the index alone.
            models.Index(fields=["unit", "state", "-published_at"], name="story_unit_date_idx"),
            models.Index(fields=["field", "state", "-published_at"], name="story_field_date_idx"),
            models.Index(
                fields=["movement", "state", "-published_at"], name="story_movement_date_idx"
            ),
            models.Index(fields=["-published_at", "-id"], name="story_published_idx"),
            models.Index(fields=["featured", "-published_at"], name="story_featured_idx"),
            # Exactly the public stories (Story.objects.public()), newest first: the portal's
            # lists, counts and home page read this index alone.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(state=StoryState.PUBLISHED, live_version__isnull=False),
                name="story_public_date_idx",
            ),
            models.Index(fields=["-updated_at", "-id"], name="story_recent_idx"),
        ]

    def __str__(self) -> str:
        version = self.draft_version or self.live_version
        return version.headline if version else f"#{self.pk}"

    @property
    def has_pending_changes(self) -> bool:
        """A published story whose newest version is not the one the public reads."""
        return self.live_version_id is not None and self.draft_version_id != self.live_version_id


class StoryDossier(models.Model):
    """A dossier a story tells about, in the story's order."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="story_dossiers")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="story_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["story", "nomination"], name="unique_story_dossier")
        ]

    def __str__(self) -> str:
        return f"{self.story_id}/{self.nomination_id}"


class StoryVersion(models.Model):
    """One saved state of a story's text and photos. Never changed once written: editing
    saves a new one, restoring copies an old one into a new one.

    ``photos`` is the ordered list the version shows: ``{"photo": StoryPhoto id, "caption",
    "alt_text", "cover": bool}`` (captions and descriptions as they were in this version).
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    headline = models.CharField(_("headline"), max_length=255)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)  # sanitised HTML (nominations.richtext)
    photos = models.JSONField(default=list, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("story version")
        verbose_name_plural = _("story versions")
        ordering = ["story", "number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="unique_story_version")
        ]

    def __str__(self) -> str:
        return f"{self.headline} (v{self.number})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Story versions are never changed once written.")
        super().save(*args, **kwargs)

    @property
    def photo_ids(self) -> list[int]:
        return [item["photo"] for item in self.photos]

    def same_content(self, *, headline: str, lead: str, body: str, photos: list) -> bool:
        return (self.headline, self.lead, self.body, self.photos) == (headline, lead, body, photos)


class StorySlug(models.Model):
    """A slug the story was published under before: its old links redirect to the new one."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "slug"], name="unique_story_old_slug")
        ]

    def __str__(self) -> str:
        return self.slug
