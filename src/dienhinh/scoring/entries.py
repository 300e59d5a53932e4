"""What units and reviewers type: the unit's self-score and evidence per entered item, and
the reviewing level's official score with the explanation of any difference. Computed
items are never typed (scoring.compute). Everything is checked first and saved at once:
an error on one item saves nothing."""

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core.files import delete_after_commit
from dienhinh.core.text import clean_field
from dienhinh.nominations.editing.uploads import safe_filename
from dienhinh.nominations.files import clean_document
from dienhinh.orgs.models import OrgUnit
from dienhinh.reports.enums import ReportState
from dienhinh.reports.expected import expected_units
from dienhinh.reports.models import Report
from dienhinh.scoring.compute import _n, entered_points
from dienhinh.scoring.enums import ENTERED_KINDS, ItemKind
from dienhinh.scoring.models import Rubric, RubricItem, ScoreEntry, UnitScore
from dienhinh.scoring.roles import enters_official_score, enters_self_score
from dienhinh.scoring.rubric import ResultsFinalised

TEXT_LIMIT = 4000
MAX_OCCURRENCES = 10_000


@dataclass
class SelfInput:
    value: Decimal | None
    evidence: str = ""
    upload: object = None
    remove_file: bool = False


@dataclass
class OfficialInput:
    value: Decimal | None
    explanation: str = ""
    # The item's evidence text, which the reviewing level may also record (what the unit
    # sent on paper, say): None leaves the unit's as it is.
    evidence: str | None = None
    # ``evidence_digest`` of the evidence the reviewer was shown (the page sends it): the same
    # text comes back as "unchanged", so the unit's later edit stays; a changed text over
    # a later edit of the unit's is refused rather than silently written over it.
    evidence_seen: str | None = None


def evidence_digest(text: str) -> str:
    """A short fingerprint of an evidence text, carried by the official form."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def current_self_input(rubric: Rubric, unit: OrgUnit, item_id: int) -> SelfInput:
    """The unit's self-score of the item as it stands (to change only its file)."""
    entry = ScoreEntry.objects.filter(score__rubric=rubric, score__unit=unit, item_id=item_id)
    found = entry.values("self_value", "evidence").first() or {"self_value": None}
    return SelfInput(value=found["self_value"], evidence=found.get("evidence", ""))


def is_scored(rubric: Rubric, unit: OrgUnit) -> bool:
    """Whether ``unit`` is scored: one of the plan's reporting units, not exempted."""
    plan = rubric.plan
    exempt = Report.objects.filter(plan=plan, unit=unit, state=ReportState.EXEMPT).exists()
    return not exempt and expected_units(plan).filter(pk=unit.pk).exists()


def check_value(item: RubricItem, value: Decimal | None) -> str | None:
    """Why ``value`` is not a valid entry for ``item``, or None."""
    if value is None:
        return None
    value = Decimal(value)
    if item.kind == ItemKind.PASS_FAIL and value not in (0, 1):
        return _("Choose met or not met.")
    if item.kind == ItemKind.POINTS and not 0 <= value <= item.max_points:
        return _("Between 0 and %(max)s points.") % {"max": _n(item.max_points)}
    if item.kind == ItemKind.PER_OCCURRENCE and (
        value != value.to_integral_value() or not 0 <= value <= MAX_OCCURRENCES
    ):
        return _("A whole number of occurrences, 0 or more.")
    if item.kind == ItemKind.ADJUSTMENT and not item.min_points <= value <= item.max_points:
        return _("Between %(min)s and %(max)s points.") % {
            "min": _n(item.min_points),
            "max": _n(item.max_points),
        }
    return None


def _score_row(rubric: Rubric, unit: OrgUnit) -> UnitScore:
    found = UnitScore.objects.filter(rubric=rubric, unit=unit).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return UnitScore.objects.create(rubric=rubric, unit=unit)
    except IntegrityError:
        return UnitScore.objects.get(rubric=rubric, unit=unit)


def _locked_open(rubric: Rubric) -> Rubric:
    locked = (
        Rubric.objects.select_for_update().select_related("plan__issuing_unit").get(pk=rubric.pk)
    )
    if not locked.is_open:
        raise ResultsFinalised(_("The results are finalised; scores can no longer change."))
    return locked


def _items(rubric: Rubric, ids) -> dict[int, RubricItem]:
    items = {i.pk: i for i in rubric.items.filter(pk__in=list(ids), kind__in=ENTERED_KINDS)}
    if len(items) != len(set(ids)):
        raise ValidationError(_("Only the rubric's entered items can be scored."))
    return items


@transaction.atomic
def save_self_scores(rubric: Rubric, unit: OrgUnit, *, by, entries: dict[int, SelfInput]):
    """The unit's self-score, evidence and evidence files for the items in ``entries``.
    Side effects: the UnitScore row (started on first use), ScoreEntry rows, stored files."""
    locked = _locked_open(rubric)
    if not enters_self_score(by, unit):
        raise PermissionDenied(_("Only the unit's officers can enter its self-score."))
    if not is_scored(locked, unit):
        raise ValidationError(_("This unit is not scored on this plan."))
    items = _items(locked, entries)
    errors: dict[str, str] = {}
    cleaned = {}
    for item_id, given in entries.items():
        problem = check_value(items[item_id], given.value)
        if problem:
            errors[f"value_{item_id}"] = problem
        evidence = _evidence(given.evidence, item_id, errors)
        document = None
        if given.upload is not None:
            try:
                document = clean_document(given.upload)
            except ValidationError as error:
                errors[f"file_{item_id}"] = error.messages[0]
        cleaned[item_id] = (given, evidence, document)
    if errors:
        raise ValidationError(errors)
    score = _score_row(locked, unit)
    now = timezone.now()
    for item_id, (given, evidence, document) in cleaned.items():
        entry, _new = ScoreEntry.objects.get_or_create(score=score, item_id=item_id)
        entry.self_value, entry.evidence = given.value, evidence
        entry.self_by, entry.self_at = by, now
        # A replaced or removed file goes only once the new row is committed.
        old_file = entry.evidence_file.name if entry.evidence_file else ""
        if given.remove_file and entry.evidence_file:
            entry.evidence_file = None
            entry.evidence_name = entry.evidence_type = ""
        if document is not None:
            entry.evidence_file.save(
                f"evidence.{document.extension}", ContentFile(document.content), save=False
            )
            entry.evidence_name = _file_name(given.upload, document.extension)
            entry.evidence_type = document.content_type
        entry.save()
        if old_file and old_file != entry.evidence_file.name:
            delete_after_commit(old_file, storage=entry.evidence_file.storage)
    return score


def _evidence(text: str | None, item_id: int, errors: dict) -> str:
    """The evidence text as stored, or its error in ``errors`` (either side's form)."""
    evidence = clean_field(text or "", field=f"evidence_{item_id}", multiline=True)
    if len(evidence) > TEXT_LIMIT:
        errors[f"evidence_{item_id}"] = _("At most %(n)s characters.") % {"n": TEXT_LIMIT}
    return evidence


def _file_name(upload, extension: str) -> str:
    name = safe_filename(getattr(upload, "name", ""), f"minh-chung.{extension}")
    stem, ext = os.path.splitext(name)
    return name if ext.lower() == f".{extension}" else f"{stem[:240]}.{extension}"


@transaction.atomic
def save_official_scores(
    rubric: Rubric, unit: OrgUnit, *, by, entries: dict[int, OfficialInput]
) -> UnitScore:
    """The reviewing level's official scores. Where an official score differs from the
    self-score, its explanation is required. An entry's ``evidence``, when given, replaces
    the item's evidence text (checked as the unit's). Side effects: UnitScore and ScoreEntry
    rows."""
    locked = _locked_open(rubric)
    if not enters_official_score(by, locked.plan, unit):
        raise PermissionDenied(_("Only the reviewing level can enter the official score."))
    if not is_scored(locked, unit):
        raise ValidationError(_("This unit is not scored on this plan."))
    items = _items(locked, entries)
    score = _score_row(locked, unit)
    existing = {e.item_id: e for e in score.entries.filter(item_id__in=list(entries))}
    errors: dict[str, str] = {}
    cleaned = {}
    for item_id, given in entries.items():
        item = items[item_id]
        problem = check_value(item, given.value)
        if problem:
            errors[f"official_{item_id}"] = problem
        text = clean_field(given.explanation or "", field=f"explanation_{item_id}", multiline=True)
        if len(text) > TEXT_LIMIT:
            errors[f"explanation_{item_id}"] = _("At most %(n)s characters.") % {"n": TEXT_LIMIT}
        entry = existing.get(item_id)
        own = entered_points(item, entry.self_value) if entry else None
        mine = entered_points(item, given.value) if not problem else None
        if mine is not None and own is not None and mine != own and not text:
            errors[f"explanation_{item_id}"] = _(
                "The official score differs from the self-score: explain why."
            )
        evidence = None if given.evidence is None else _evidence(given.evidence, item_id, errors)
        if evidence is not None and given.evidence_seen is not None:
            if evidence_digest(evidence) == given.evidence_seen:
                evidence = None  # as shown: whatever the unit has now stays
            elif evidence_digest(entry.evidence if entry else "") != given.evidence_seen:
                errors[f"evidence_{item_id}"] = _(
                    "The unit changed this evidence after the page was opened: reload the "
                    "page to see its text, then change it again."
                )
        cleaned[item_id] = (given.value, text, evidence)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for item_id, (value, text, evidence) in cleaned.items():
        entry = existing.get(item_id) or ScoreEntry(score=score, item_id=item_id)
        entry.official_value, entry.explanation = value, text
        if evidence is not None:
            entry.evidence = evidence
        entry.official_by, entry.official_at = by, now
        entry.save()
    return score
