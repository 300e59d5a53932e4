from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    GROUP = "group", _("Group of items")
    COMPUTED = "computed", _("Computed from the system's data")
    PASS_FAIL = "pass_fail", _("Pass or fail")
    POINTS = "points", _("Points up to the maximum")
    PER_OCCURRENCE = "per_occurrence", _("Points per occurrence, with a cap")
    ADJUSTMENT = "adjustment", _("Bonus or penalty within limits")


# Items scored by a value typed by the unit (self-score) and by the reviewing level.
ENTERED_KINDS = frozenset(
    {ItemKind.PASS_FAIL, ItemKind.POINTS, ItemKind.PER_OCCURRENCE, ItemKind.ADJUSTMENT}
)


class Source(models.TextChoices):
    """What a computed item counts, over the scored unit's subtree (as the reports do)."""

    REPORT = "report", _("Report timeliness")
    DOSSIERS_SUBMITTED = "dossiers_submitted", _("Dossiers submitted")
    DOSSIERS_SELECTED = "dossiers_selected", _("Dossiers selected for propagation")
    STORIES = "stories", _("Stories published")
    MEETINGS = "meetings", _("Union meetings held")
    SEMINARS = "seminars", _("Seminars hosted or joined")
    PARTICIPANTS = "participants", _("Participants in meetings and seminars held")


class Formula(models.TextChoices):
    PER_OCCURRENCE = "per_occurrence", _("Points per occurrence, up to the maximum")
    AT_LEAST = "at_least", _("Full points from a number of occurrences")
    ON_TIME = "on_time", _("Full points when on time, fewer when late")


class ScoringState(models.TextChoices):
    OPEN = "open", _("Open: scores are being entered")
    FINALISED = "finalised", _("Finalised")


class ScoringAction(models.TextChoices):
    FINALISE = "finalise", _("Finalise the results")
    REOPEN = "reopen", _("Reopen for changes")


class ClassScheme(models.TextChoices):
    CURRENT = "current", _("The union's current grading")
    OLDER = "older", _("Older grading (excellent, good, fair, average)")


class TieBreak(models.TextChoices):
    """Keys that order units with the same official total, in the order the plan sets."""

    COMPUTED = "computed", _("Higher computed total")
    REPORT = "report", _("Earlier report submission")
    SELF_GAP = "self_gap", _("Self-score closer to the official score")
    NAME = "name", _("Unit name in Vietnamese order")


DEFAULT_TIE_BREAK = [TieBreak.COMPUTED.value, TieBreak.REPORT.value, TieBreak.NAME.value]

# The classes of each scheme: (name, lowest official total). Names are the union's own
# grading terms, stored as data (each plan may rename them); the current grading follows
# the VGCL's evaluation of union organisations (four levels), the older one the scorecards
# of the 2010s. The lowest class starts at 0: a negative total is below every class.
CLASS_SCHEMES = {
    ClassScheme.CURRENT: [
        ("Hoàn thành xuất sắc nhiệm vụ", 90),
        ("Hoàn thành tốt nhiệm vụ", 70),
        ("Hoàn thành nhiệm vụ", 50),
        ("Không hoàn thành nhiệm vụ", 0),
    ],
    ClassScheme.OLDER: [
        ("Xuất sắc", 90),
        ("Tốt", 80),
        ("Khá", 65),
        ("Trung bình", 50),
    ],
}
