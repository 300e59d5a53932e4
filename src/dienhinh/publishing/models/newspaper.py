"""The newspaper column: a federation's column in a newspaper ("Lao động và Công đoàn" of the
provincial paper), the stories proposed to it and the batches sent to the paper."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.scope import unit_filter
from dienhinh.orgs.models import OrgUnit
from dienhinh.publishing.enums import ProposalState
from dienhinh.publishing.models.stories import Story, StoryVersion
from dienhinh.publishing.roles import EDITOR_ROLES

_USER = settings.AUTH_USER_MODEL


class ColumnQuerySet(models.QuerySet):
    def managed_by(self, user) -> "ColumnQuerySet":
        """Columns whose unit ``user`` edits stories for: they receive its proposals and send
        them to the paper."""
        return self.filter(unit_filter(user, EDITOR_ROLES, prefix="unit__"))

    def open_to(self, story: Story) -> "ColumnQuerySet":
        """Active columns a story may be proposed to: those of its own unit or a unit above
        it (a provincial column prints the province's stories, not a neighbour's)."""
        path, step = story.unit.path, OrgUnit.steplen
        paths = [path[:n] for n in range(step, len(path) + 1, step)]
        return self.filter(is_active=True, unit__path__in=paths)


class NewspaperColumn(models.Model):
    """A column of a newspaper that a unit's editors fill. Both names are settings: the
    provincial paper's title changed with the 2025 merger of provinces, the column's may too."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="newspaper_columns"
    )
    newspaper = models.CharField(_("newspaper"), max_length=150)
    name = models.CharField(_("column"), max_length=150)
    is_active = models.BooleanField(_("takes proposals"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = _("newspaper column")
        verbose_name_plural = _("newspaper columns")
        ordering = ["newspaper", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "newspaper", "name"], name="unique_newspaper_column"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.newspaper}"


class NewspaperBatch(models.Model):
    """What was sent to the paper together: one ZIP (a Word file of the texts and captions,
    and the full-size photos), rebuilt identically on every download since each proposal
    points at an immutable story version."""

    column = models.ForeignKey(NewspaperColumn, on_delete=models.PROTECT, related_name="batches")
    created_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("batch sent to the newspaper")
        verbose_name_plural = _("batches sent to the newspaper")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["column", "-created_at"], name="newspaper_batch_idx")]

    def __str__(self) -> str:
        return timezone.localtime(self.created_at).strftime("%d/%m/%Y %H:%M")


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProposalQuerySet":
        """Proposals of stories the user sees, and every proposal to a column they manage."""
        return self.filter(
            models.Q(story__in=Story.objects.visible_to(user).values("pk"))
            | models.Q(column__in=NewspaperColumn.objects.managed_by(user).values("pk"))
        )


class NewspaperProposal(models.Model):
    """A story proposed to a column, as the version live when it was proposed (what the
    paper gets even if the story is edited later). Only publishing.newspaper.workflow
    changes ``state``:

        proposed ─send (in a batch)→ sent ─printed (issue number, date)→ printed
           │  └─withdraw→ withdrawn    └─decline (reason)→ declined
           └─decline (reason)→ declined
    """

    column = models.ForeignKey(NewspaperColumn, on_delete=models.PROTECT, related_name="proposals")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="newspaper_proposals")
    version = models.ForeignKey(StoryVersion, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    note = models.TextField(_("note to the column's editors"), blank=True)
    proposed_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    batch = models.ForeignKey(
        NewspaperBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    position = models.PositiveSmallIntegerField(default=0)  # the order within its batch
    issue_number = models.CharField(_("issue number"), max_length=40, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal to the newspaper")
        verbose_name_plural = _("proposals to the newspaper")
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            models.Index(fields=["column", "state", "-proposed_at"], name="newspaper_state_idx")
        ]
        constraints = [
            # One open proposal of a story per column: a second click proposes nothing new.
            models.UniqueConstraint(
                fields=["column", "story"],
                condition=models.Q(state__in=["proposed", "sent"]),
                name="one_open_proposal_per_column",
            )
        ]

    def __str__(self) -> str:
        return self.version.headline
