"""Emulation movements (phong trào thi đua) and the plans (kế hoạch) that run them."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dienhinh.core.history import CachedHistoryManager
from dienhinh.core.models import TimeStampedModel
from dienhinh.core.text import fold, nfc
from dienhinh.orgs.models import OrgUnit, UnitKind

# Reports are taken from every level down to grassroots unions; union groups (tổ công đoàn)
# report only when a plan lists them.
DEFAULT_REPORTING_KINDS = tuple(kind for kind in UnitKind.values if kind != UnitKind.GROUP)
# A late report is taken until this many days after the deadline unless the plan says.
DEFAULT_CUTOFF_DAYS = 15


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    THEMATIC = "thematic", _("Thematic")


class MovementQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MovementQuerySet":
        """Movements launched inside the user's scope or by a unit above one of theirs."""
        from dienhinh.accounts.scope import unit_and_ancestors_filter

        return self.filter(unit_and_ancestors_filter(user, prefix="launched_by__"))


class Movement(TimeStampedModel):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    launched_by = models.ForeignKey(
        OrgUnit, verbose_name=_("launched by"), on_delete=models.PROTECT, related_name="movements"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class ReviewRoute(models.TextChoices):
    EVERY_LEVEL = "every_level", _("Every level in between that has a reviewer")
    DIRECT = "direct", _("Straight to the issuing unit")


class TargetMode(models.TextChoices):
    SUBTREE = "subtree", _("Every unit under the issuing unit")
    CHOSEN = "chosen", _("Chosen units and the units under them")


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans issued inside the user's scope, and issued plans addressed to their units."""
        from dienhinh.plans.visibility import plan_filter

        return self.filter(plan_filter(user))

    def taking_nominations(self, day) -> "PlanQuerySet":
        """Issued plans that take new dossiers on ``day``: no nomination deadline (open until
        closed) or one not passed. See Plan.takes_nominations_on."""
        return self.filter(status=PlanStatus.ISSUED).filter(
            models.Q(nomination_deadline__isnull=True) | models.Q(nomination_deadline__gte=day)
        )


class Plan(TimeStampedModel):
    """A kế hoạch such as "57/KH-LĐLĐ": number and symbol are unique per issuer and year."""

    issuing_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=40, default="KH-LĐLĐ")
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement"),
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
    )
    purposes = models.TextField(_("purposes and requirements"), blank=True)
    allow_collective = models.BooleanField(_("collectives may be nominated"), default=True)
    allow_individual = models.BooleanField(_("individuals may be nominated"), default=True)
    target_mode = models.CharField(
        _("target units"), max_length=10, choices=TargetMode.choices, default=TargetMode.SUBTREE
    )
    target_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("chosen target units"), related_name="targeted_plans", blank=True
    )
    review_route = models.CharField(
        _("review route"),
        max_length=12,
        choices=ReviewRoute.choices,
        default=ReviewRoute.EVERY_LEVEL,
    )
    # Empty: the plan takes dossiers until it is closed (plan 57 gives no nomination deadline).
    nomination_deadline = models.DateField(_("nomination deadline"), null=True, blank=True)
    report_deadline = models.DateField(_("report deadline"))
    # Who reports and when (the reports app reads these; see reports/timing.py).
    # Empty means the default: every kind of the target units down to grassroots unions,
    # union groups (tổ công đoàn) only when listed.
    reporting_kinds = models.JSONField(_("unit kinds that report"), default=list, blank=True)
    report_grace_days = models.PositiveSmallIntegerField(
        _("grace days after the report deadline"), default=0
    )
    # Empty means the default: the report deadline plus DEFAULT_CUTOFF_DAYS.
    report_cutoff = models.DateField(_("last day a late report is accepted"), null=True, blank=True)
    # The document itself (Decree 30 layout, see the documents app): the superior body as
    # documents name it above the issuing unit (empty: the issuer stands alone), the
    # recipients ("Nơi nhận", one per line) and the signature block.
    superior_name = models.CharField(_("superior body in the header"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    authority_line = models.CharField(_("authority line"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    search_text = models.CharField(max_length=700, editable=False, default="", db_index=True)

    objects = PlanQuerySet.as_manager()
    # Who changed which field (see core.history); derived columns are left out.
    history = HistoricalRecords(
        excluded_fields=["search_text", "updated_at"], history_manager=CachedHistoryManager
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number", "symbol"],
                name="unique_plan_number_per_issuer_year",
            )
        ]
        indexes = [models.Index(fields=["status", "nomination_deadline"])]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}"

    @property
    def targets_chosen_units(self) -> bool:
        """Whether the plan goes to chosen units (else to every unit under the issuer)."""
        return self.target_mode == TargetMode.CHOSEN

    @property
    def subject_kinds(self) -> list[str]:
        kinds = []
        if self.allow_collective:
            kinds.append(SubjectKind.COLLECTIVE)
        if self.allow_individual:
            kinds.append(SubjectKind.INDIVIDUAL)
        return kinds

    @property
    def report_kinds(self) -> list[str]:
        """The unit kinds that report on this plan (the default when none are set)."""
        return list(self.reporting_kinds or DEFAULT_REPORTING_KINDS)

    @property
    def report_last_day(self):
        """The last day a (late) report is taken: the cut-off date, by default the report
        deadline plus DEFAULT_CUTOFF_DAYS, never before the end of the grace days."""
        import datetime

        if self.report_deadline is None:
            return None
        grace_end = self.report_deadline + datetime.timedelta(days=self.report_grace_days or 0)
        cutoff = self.report_cutoff or self.report_deadline + datetime.timedelta(
            days=DEFAULT_CUTOFF_DAYS
        )
        return max(cutoff, grace_end)

    def takes_nominations_on(self, day) -> bool:
        """Whether the plan takes new dossiers on ``day``: issued, and the nomination deadline
        (when it has one) not passed."""
        if self.status != PlanStatus.ISSUED:
            return False
        return self.nomination_deadline is None or day <= self.nomination_deadline

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if (
            self.report_cutoff
            and self.report_deadline
            and self.report_cutoff < (self.report_deadline)
        ):
            errors["report_cutoff"] = _("The cut-off date is before the report deadline.")
        unknown = set(self.reporting_kinds or ()) - set(UnitKind.values)
        if unknown:
            errors["reporting_kinds"] = _("Unknown unit kind.")
        if not (self.allow_collective or self.allow_individual):
            errors["allow_individual"] = _("Allow collectives, individuals or both.")
        if (
            self.nomination_deadline
            and self.report_deadline
            and self.report_deadline < self.nomination_deadline
        ):
            errors["report_deadline"] = _("The report deadline is before the nomination deadline.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.title = nfc(self.title)
        self.symbol = nfc(self.symbol)
        self.place = nfc(self.place)
        for name in ("superior_name", "authority_line", "signer_title", "signer_name"):
            setattr(self, name, nfc(getattr(self, name)))
        self.recipients = unicodedata.normalize("NFC", self.recipients or "")
        self.search_text = fold(f"{self.reference} {self.title}")
        super().save(*args, **kwargs)


class PlanBasis(models.Model):
    """One legal basis (căn cứ) the plan cites, in order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bases")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("legal basis"))

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class PlanSection(models.Model):
    """One section of the plan's text as written ("I. MỤC ĐÍCH YÊU CẦU" and its paragraphs).

    The body is plain paragraphs, one per line; ``**words**`` marks bold words as the
    document has them. A section without a heading is a paragraph of its own (the opening
    "Thực hiện …" sentence). The structured fields, criteria and deadlines stay on the plan.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading or self.body[:80]

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class SharedFieldQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SharedFieldQuerySet":
        """Fields of units in the user's scope or above one of theirs (like movements)."""
        from dienhinh.accounts.scope import unit_and_ancestors_filter

        return self.filter(unit_and_ancestors_filter(user, prefix="unit__"))


class SharedField(models.Model):
    """A field (lĩnh vực) of a federation across its plans: "Dạy tốt" of 2017 and of this year
    are one field, which the portal's field pages and feeds and the reports' counts use.

    Each plan's ``PlanField`` rows link here (see plans.fields.shared_field_for): one shared
    field per owning unit (the plans' issuing unit) and name, compared in NFC, case aside.
    The slug is unique across the whole site, as it names the portal's /linh-vuc/<slug>/.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="shared_fields"
    )
    name = models.CharField(_("name"), max_length=255)
    # The identity of the name within the unit: NFC, case folded (not diacritic-folded:
    # "Dạy tốt" and "Dậy tốt" are different words).
    key = models.CharField(max_length=255, editable=False)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SharedFieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared field")
        verbose_name_plural = _("shared fields")
        ordering = ["unit_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="unique_shared_field_per_unit")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.key = self.name.casefold()
        super().save(*args, **kwargs)


class PlanField(models.Model):
    """A field (lĩnh vực) in which the plan looks for examples."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_fields")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("field"), max_length=255)
    # The same field in the unit's other plans (kept by plan editing, copy and the demo).
    shared = models.ForeignKey(
        SharedField,
        verbose_name=_("shared field"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_fields",
    )

    class Meta:
        ordering = ["position", "pk"]
        # The dossier list filters by a field's name across plans.
        indexes = [models.Index(fields=["name"], name="plans_planfield_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Every field belongs to a shared field of its plan's issuing unit, whoever saves it
        # (the editing functions name it themselves; bulk_create must too).
        if self.shared_id is None and self.name:
            from dienhinh.plans.fields import shared_field_for

            self.shared = shared_field_for(self.plan.issuing_unit_id, self.name)
        super().save(*args, **kwargs)


class Criterion(models.Model):
    """A criterion (tiêu chí) dossiers are assessed and scored against."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(_("group"), max_length=255, blank=True)
    text = models.TextField(_("criterion"))
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
