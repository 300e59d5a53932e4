"""A unit's own DOCX template for a kind of document (the built-in one otherwise)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.models import OrgUnit


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    REPORT = "report", _("Implementation report")
    SUMMARY = "summary", _("Summary of the reports")
    ACHIEVEMENT = "achievement", _("Achievement report")
    SCORES = "scores", _("Score table")


class UnitTemplate(models.Model):
    """A template uploaded by a unit; it serves the unit's documents and those of the units
    under it that have none of their own. Checked like every upload before it is kept."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="one_template_per_unit_kind")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"


class PlanDocumentKind(models.TextChoices):
    """The documents a plan's issuing unit issues about it, besides the plan itself."""

    SUMMARY = "summary", _("Summary of the reports")
    SCORES = "scores", _("Score table")


class PlanDocumentFields(models.Model):
    """The issuing fields the office gave a summary or score table of a plan (number and
    symbol, place and date, recipients, signature block), kept per plan; without a row the
    fields come from the plan (documents.fields)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("document"), max_length=12, choices=PlanDocumentKind.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    authority_line = models.CharField(_("authority line"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document fields")
        verbose_name_plural = _("document fields")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="one_fields_per_plan_document")
        ]
