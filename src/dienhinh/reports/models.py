"""Implementation reports (báo cáo kết quả thực hiện): one ``Report`` per plan and reporting
unit, and its immutable ``ReportVersion`` rows, one per submission.

A version freezes what was reported: the figures (JSON with a schema version), the narrative
sections, the attachments then attached and the unit's name and place in the tree at that
moment. Later moves, mergers or new data never rewrite it. Only reports.workflow changes a
report's state.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.core.models import TimeStampedModel
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.document import reference_line
from dienhinh.plans.models import Plan
from dienhinh.reports.enums import ExemptReason, ReportAction, ReportState

_USER = settings.AUTH_USER_MODEL
NARRATIVE_FIELDS = ("work_done", "results", "difficulties", "proposals")
# The report's fields as an issued document (Decree 30), edited with the narrative.
DOCUMENT_FIELDS = (
    "number",
    "symbol",
    "place",
    "issued_on",
    "recipients",
    "authority_line",
    "signer_title",
    "signer_name",
)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """Reports of units in the user's scope (reports.visibility)."""
        from dienhinh.reports.visibility import report_filter

        return self.filter(report_filter(user))


def _upload_path(instance, filename: str) -> str:
    report_id = getattr(instance, "report_id", None) or "x"
    return f"reports/{report_id}/{uuid.uuid4().hex}"


class Report(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    # The unit that reports; a FK set once, never recomputed.
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # The draft's narrative: what the next submission freezes.
    work_done = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    # As an issued document: "Số: 05/BC-CĐCS", place and date, "Nơi nhận", signature block
    # (prefilled from the unit when the draft starts: reports.domain.document_defaults).
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    authority_line = models.CharField(_("authority line"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # The first submission's moment: what timeliness is judged on, kept through returns.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    # A report the monitor recorded from an email counts from the day it was received.
    received_on = models.DateField(null=True, blank=True)
    last_version = models.ForeignKey(
        "ReportVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)  # of the last return or exemption
    exempt_reason = models.CharField(
        _("exemption"), max_length=20, choices=ExemptReason.choices, blank=True
    )
    decided_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        ordering = ["plan_id", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="unique_report_per_plan_unit")
        ]
        indexes = [models.Index(fields=["plan", "state"], name="report_plan_state_idx")]

    def __str__(self) -> str:
        return f"{self.plan.reference} — {self.unit.name}"

    @property
    def reference(self) -> str:
        """ "05/BC-CĐCS" (the blank a paper draft leaves without a number)."""
        return reference_line(self.number, self.symbol) if self.symbol else ""

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def counted_from(self):
        """What timeliness is judged on: the first submission, or the day received."""
        return self.first_submitted_at or self.received_on


class ReportVersion(models.Model):
    """One submission, immutable: reports.workflow writes it, nothing updates it, except the
    signed and stamped scan, which the office adds once it has one (its own step)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    # "web", "api" or "email" (recorded by a monitor from an email received on received_on).
    channel = models.CharField(max_length=10, default="web")
    received_on = models.DateField(null=True, blank=True)
    figures = models.JSONField(default=dict)
    # The unit as it was: the frozen version names it so even after a move or merger.
    unit_name = models.CharField(max_length=255)
    unit_path = models.CharField(max_length=255)
    work_done = models.TextField(blank=True)
    results = models.TextField(blank=True)
    difficulties = models.TextField(blank=True)
    proposals = models.TextField(blank=True)
    attachments = models.ManyToManyField("ReportAttachment", related_name="versions", blank=True)
    scan = models.FileField(upload_to=_upload_path, max_length=200, blank=True)
    scan_name = models.CharField(max_length=255, blank=True)
    scan_type = models.CharField(max_length=100, blank=True)
    scan_added_at = models.DateTimeField(null=True, blank=True)
    scan_added_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportAttachment(models.Model):
    """A document attached to the report's draft. Once a version holds it, it is never
    deleted; removing it from the draft only hides it from the next submission."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_upload_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ReportStep(models.Model):
    """One transition of a report: who, when, from, to, why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20, choices=ReportAction.choices)
    from_state = models.CharField(max_length=12, choices=ReportState.choices)
    to_state = models.CharField(max_length=12, choices=ReportState.choices)
    by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "d-7", _("7 days before the deadline")
    DAY_BEFORE = "d-1", _("1 day before the deadline")
    DAY_AFTER = "d+1", _("The day after the deadline")
    MANUAL = "manual", _("Reminder sent by hand")


class ReportReminder(models.Model):
    """The sent-log of reminders: one row per plan, unit, kind and day, so each reminder is
    sent once. ``on`` is the deadline it was about (scheduled kinds: a moved deadline gets
    its own reminders) or the day it was sent (by hand: at most once a day per unit)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_reminders")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="report_reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "kind", "on"], name="unique_report_reminder"
            )
        ]


class RollupRow(models.Model):
    """The key and the figures shared by the roll-up's counts and deltas. Plain integers,
    no foreign keys: a row outlives nothing it must follow."""

    plan_id = models.BigIntegerField()
    prefix = models.CharField(max_length=32)
    what = models.CharField(max_length=10)  # "dossier" or the activity's kind; "g…" per group
    field_id = models.BigIntegerField(default=0)  # the dossier's plan field, 0 for none
    state = models.CharField(max_length=20, default="")  # the dossier's state
    month = models.CharField(max_length=7, default="")  # YYYY-MM, local time; "" for none
    group_id = models.BigIntegerField(default=0)  # group rows: the emulation group
    n = models.BigIntegerField(default=0)
    people = models.BigIntegerField(default=0)  # activities: the sum of participants

    class Meta:
        abstract = True


class RollupCount(RollupRow):
    """The plan's dossiers and activities counted per path prefix of the unit — at two
    levels: the first two steps (a root's children) and the first three (theirs) —, dossier
    field and state, activity kind and month, and again per emulation group of the unit:
    what the boards of a root and of its children read instead of counting a country's
    records. Kept by database triggers and folded from ``RollupDelta`` (reports.rollup has
    the rule)."""

    level = models.PositiveSmallIntegerField(default=2)  # steps of the path in ``prefix``

    class Meta:
        verbose_name = _("monitoring count")
        verbose_name_plural = _("monitoring counts")
        # In the readers' order: a plan, plain rows or one group's, then the prefix.
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "plan_id",
                    "level",
                    "what",
                    "group_id",
                    "prefix",
                    "field_id",
                    "state",
                    "month",
                ],
                name="unique_rollup_count_level",
            )
        ]
        # The readers' index: a prefix LIKE 'path%' bounds the scan whatever the
        # database's collation (PostgreSQL; SQLite has no classes).
        indexes = [
            models.Index(
                fields=["plan_id", "level", "what", "group_id", "prefix"],
                name="rollup_count_read_idx",
                opclasses=[
                    "int8_ops",
                    "int2_ops",
                    "varchar_pattern_ops",
                    "int8_ops",
                    "varchar_pattern_ops",
                ],
            )
        ]


class RollupDelta(RollupRow):
    """One signed change of ``RollupCount``, appended by a trigger in the writing
    transaction (never an UPDATE of a shared row, so writers never wait for each other);
    its prefix has the finest level's steps, and a fold adds it to every level."""

    class Meta:
        verbose_name = _("monitoring count change")
        verbose_name_plural = _("monitoring count changes")
        indexes = [models.Index(fields=["plan_id"], name="rollup_delta_plan_idx")]


class StatusCell(models.Model):
    """The expected units of a plan counted per cell — the first three steps of the unit's
    path (a root's child's child: a district), the unit's depth, its emulation group (0:
    the plain count) — and per what of its report does not change with the clock: exempt,
    closed as missing, or neither, with the local day it counts from (first submitted or
    received; none if it has not reported). On time, late, missing and not yet due are
    derived from that day and the clock when the board reads it (reports.status_rollup),
    so a deadline day ending or the plan's grace days changing never leaves a count
    stale. Recomputed cell by cell from the records (never a running total)."""

    plan_id = models.BigIntegerField()
    # 3: a cell (its prefix three steps, or a unit's shorter path); 2: the cells of one
    # root's child summed (its prefix two steps), what a root's board reads.
    level = models.PositiveSmallIntegerField(default=3)
    prefix = models.CharField(max_length=32)
    depth = models.PositiveIntegerField()
    group_id = models.BigIntegerField(default=0)
    klass = models.CharField(max_length=10, default="")  # "exempt", "closed" or ""
    day = models.DateField(null=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("monitoring status count")
        verbose_name_plural = _("monitoring status counts")
        # In the readers' order: a plan, plain rows or one group's, then the prefix.
        indexes = [
            # The pattern class: a prefix LIKE 'path%' bounds the scan whatever the
            # database's collation (PostgreSQL; SQLite has no classes).
            models.Index(
                fields=["plan_id", "level", "group_id", "prefix"],
                name="status_cell_read_idx",
                opclasses=["int8_ops", "int2_ops", "int8_ops", "varchar_pattern_ops"],
            ),
            # A recount's DELETE of its cells names no group: the readers' index cannot
            # bound its prefix (it scanned the plan's whole level: 29-70 ms at national
            # scale).
            models.Index(fields=["plan_id", "prefix"], name="status_cell_prefix_idx"),
        ]


class StatusDirty(models.Model):
    """A cell of ``StatusCell`` that a write changed (a report, a unit, a membership),
    appended by a trigger in the writing transaction; the next board read under it
    recomputes the cell and deletes the mark."""

    plan_id = models.BigIntegerField()
    prefix = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("monitoring status change")
        verbose_name_plural = _("monitoring status changes")
        indexes = [models.Index(fields=["plan_id", "prefix"], name="status_dirty_idx")]


class StatusPlan(models.Model):
    """A plan whose statuses are kept in ``StatusCell``, with the rules they were counted
    under (deadline, reporting kinds, targets): the triggers mark cells of these plans only,
    and a board read that finds other rules counts the plan again."""

    plan_id = models.BigIntegerField(unique=True)
    rules = models.TextField(blank=True)

    class Meta:
        verbose_name = _("monitoring status plan")
        verbose_name_plural = _("monitoring status plans")
