"""Emulation scoring (điểm thi đua) of a plan: its ``Rubric`` (a tree of ``RubricItem``s and
its ``ScoreClass``es), each scored unit's ``UnitScore`` with a ``ScoreEntry`` per entered
item (the unit's self-score and evidence, the reviewing level's official score), and the
immutable ``ScoringVersion`` each finalisation writes.

Computed items have no entry: they are computed from the system's data (scoring.sources)
until the results are finalised, and then read from the version, which copies every score,
class, rank and the records behind each computed point. Only scoring.workflow changes the
rubric's state.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.core.models import TimeStampedModel
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.scoring.enums import (
    DEFAULT_TIE_BREAK,
    ClassScheme,
    Formula,
    ItemKind,
    ScoringState,
    Source,
)

_USER = settings.AUTH_USER_MODEL
POINTS = {"max_digits": 7, "decimal_places": 2}


def _default_tie_break() -> list[str]:
    return list(DEFAULT_TIE_BREAK)


class RubricQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RubricQuerySet":
        """Rubrics of the plans the user sees (scoring.visibility)."""
        from dienhinh.scoring.visibility import rubric_filter

        return self.filter(rubric_filter(user))


class Rubric(TimeStampedModel):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="rubric")
    state = models.CharField(
        _("state"), max_length=12, choices=ScoringState.choices, default=ScoringState.OPEN
    )
    class_scheme = models.CharField(
        _("grading"), max_length=10, choices=ClassScheme.choices, default=ClassScheme.CURRENT
    )
    # The order of the keys that break ties after the official total (enums.TieBreak).
    tie_break = models.JSONField(default=_default_tie_break)
    # The year of the emulation groups ranked (the plan's year when empty).
    group_year = models.PositiveSmallIntegerField(_("year of the emulation groups"), null=True)
    last_version = models.ForeignKey(
        "ScoringVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring rubric")
        verbose_name_plural = _("scoring rubrics")

    def __str__(self) -> str:
        return f"{self.plan.reference}"

    @property
    def is_open(self) -> bool:
        return self.state == ScoringState.OPEN

    @property
    def groups_year(self) -> int:
        return self.group_year or self.plan.year


class RubricItem(models.Model):
    """A heading (``GROUP``) or a scored item. ``max_points`` is the item's maximum (the
    cap of a per-occurrence item, a group's ceiling, a bonus's upper limit); ``min_points``
    the lower limit of a bonus or penalty (negative for a penalty)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=255)
    guidance = models.TextField(_("guidance"), blank=True)
    max_points = models.DecimalField(_("maximum points"), **POINTS, default=0)
    min_points = models.DecimalField(_("lowest points"), **POINTS, default=0)
    points_each = models.DecimalField(_("points each"), **POINTS, null=True, blank=True)
    source = models.CharField(_("counts"), max_length=30, choices=Source.choices, blank=True)
    formula = models.CharField(_("formula"), max_length=20, choices=Formula.choices, blank=True)
    # At least this many occurrences for full points (AT_LEAST); points per this many (PER_…).
    threshold = models.PositiveIntegerField(_("occurrences"), default=1)
    late_points = models.DecimalField(_("points when late"), **POINTS, null=True, blank=True)

    class Meta:
        ordering = ["rubric_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_group(self) -> bool:
        return self.kind == ItemKind.GROUP

    @property
    def is_computed(self) -> bool:
        return self.kind == ItemKind.COMPUTED


class ScoreClass(models.Model):
    """A class (xếp loại) from ``min_total`` points of the official total upwards."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("name"), max_length=100)
    min_total = models.DecimalField(_("from (points)"), **POINTS)

    class Meta:
        ordering = ["rubric_id", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "min_total"], name="unique_class_limit")
        ]

    def __str__(self) -> str:
        return self.name


class UnitScoreQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UnitScoreQuerySet":
        """Scores of units in the user's scope: never a sibling's (scoring.visibility)."""
        from dienhinh.scoring.visibility import score_filter

        return self.filter(score_filter(user))


class UnitScore(TimeStampedModel):
    """The entries of one scored unit; started at its first self or official score."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="emulation_scores")

    objects = UnitScoreQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rubric", "unit"], name="unique_score_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.rubric} — {self.unit.name}"


def _evidence_path(instance, filename: str) -> str:
    return f"scoring/{instance.score_id}/{uuid.uuid4().hex}"


class ScoreEntry(models.Model):
    """One entered item of one unit. The value's meaning follows the item's kind: 1 or 0
    (pass/fail), points (points, bonus or penalty) or a number of occurrences."""

    score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(RubricItem, on_delete=models.CASCADE, related_name="entries")
    self_value = models.DecimalField(**POINTS, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(upload_to=_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    self_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    self_at = models.DateTimeField(null=True, blank=True)
    official_value = models.DecimalField(**POINTS, null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    official_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    official_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "item"], name="unique_entry_per_item")
        ]


class ScoringVersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ScoringVersionQuerySet":
        from dienhinh.scoring.visibility import rubric_filter

        return self.filter(rubric_filter(user, prefix="rubric__"))


class ScoringVersion(models.Model):
    """One finalisation, immutable: the rubric as it was and every unit's breakdown, total,
    class and ranks, copied (schema ``results["schema"]``), never recomputed."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    finalised_at = models.DateTimeField()
    finalised_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)  # why the results were reopened before this one
    results = models.JSONField(default=dict)

    objects = ScoringVersionQuerySet.as_manager()

    class Meta:
        ordering = ["rubric_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="unique_scoring_version")
        ]

    def __str__(self) -> str:
        return f"{self.rubric} v{self.number}"
