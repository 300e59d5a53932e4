from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")
    EXEMPT = "exempt", _("Exempt")
    MISSING = "missing", _("Closed as missing")


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RECORD_RECEIVED = "record_received", _("Record a report received by email")
    ACCEPT = "accept", _("Accept")
    RETURN = "return", _("Return for revision")
    EXEMPT = "exempt", _("Exempt")
    CLOSE_MISSING = "close_missing", _("Close as missing")


class ExemptReason(models.TextChoices):
    NEWLY_FOUNDED = "newly_founded", _("Newly founded")
    DISSOLVED = "dissolved", _("Dissolved")
    MERGED = "merged", _("Merged")
    OTHER = "other", _("Other")


class Timeliness(models.TextChoices):
    """Where a report stands against the plan's dates (the monitors' list)."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    EXEMPT = "exempt", _("Exempt")
    CLOSED = "closed", _("Closed as missing")


# A report in these states has a submitted (frozen) version the upper unit reads.
HAS_VERSION = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED})
# What the unit may still edit and submit.
EDITABLE = frozenset({ReportState.DRAFT, ReportState.RETURNED})
# A child in one of these lets its upper unit's report be accepted.
SETTLED = frozenset({ReportState.ACCEPTED, ReportState.EXEMPT, ReportState.MISSING})
