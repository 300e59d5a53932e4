"""Creating and editing nomination dossiers (hồ sơ điển hình), their photos and attachments.

Pages and the API call these functions. Each one checks the user's permission itself, runs
in one transaction and either saves everything or nothing. State never changes here: that
is ``workflow.transition_nomination``'s job.

``data`` is a plain dict with the dossier's fields (see ``DOSSIER_FIELDS``; ``field`` is a
PlanField and ``movement`` a Movement instance or None; years and headcount are ints), plus
``initiatives`` (a list of dicts: title, year, benefit, recognised_by) and ``assessments``
(a list of dicts: criterion (a Criterion or its id), met, evidence). Both lists replace
what was there.
"""

import os
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dienhinh.accounts.scope import unit_filter
from dienhinh.core.text import nfc
from dienhinh.nominations.enums import Gender, State
from dienhinh.nominations.files import clean_document, clean_photo
from dienhinh.nominations.models import (
    Attachment,
    Initiative,
    Nomination,
    Photo,
    SelfAssessment,
)
from dienhinh.nominations.richtext import sanitize
from dienhinh.nominations.workflow import WRITER_ROLES
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Criterion, Movement, Plan, PlanStatus, SubjectKind
from dienhinh.plans.targets import target_units

MAX_PHOTOS = 20
MAX_ATTACHMENTS = 10
MAX_INITIATIVES = 30
EARLIEST_BIRTH_YEAR = 1930
# Union membership starts at working age: nobody joins before turning 15.
MEMBER_MIN_AGE = 15
EARLIEST_INITIATIVE_YEAR = 1950

INDIVIDUAL_FIELDS = ("full_name", "gender", "birth_year", "position", "workplace", "member_since")
COLLECTIVE_FIELDS = ("collective_name", "headcount")
MAX_HEADCOUNT = 10_000_000
DOSSIER_FIELDS = (
    "subject_kind",
    *INDIVIDUAL_FIELDS,
    *COLLECTIVE_FIELDS,
    "field",
    "movement",
    "headline",
    "achievements",
    "contact_name",
    "contact_phone",
    "contact_email",
)
_LINE_FIELDS = (
    "full_name",
    "position",
    "workplace",
    "collective_name",
    "headline",
    "contact_name",
    "contact_phone",
)


# --- Plans and units -----------------------------------------------------------------------


def plan_closed_reason(plan: Plan) -> str | None:
    """Why the plan takes no new dossiers now, or None when it does."""
    if plan.status == PlanStatus.DRAFT:
        return _("The plan %(plan)s is not open for nominations: it has not been issued.") % {
            "plan": plan.reference
        }
    if plan.status != PlanStatus.ISSUED:
        return _("The plan %(plan)s is closed and takes no more nominations.") % {
            "plan": plan.reference
        }
    if timezone.localdate() > plan.nomination_deadline:
        return _("The nomination deadline of the plan %(plan)s (%(date)s) has passed.") % {
            "plan": plan.reference,
            "date": date_format(plan.nomination_deadline, "SHORT_DATE_FORMAT"),
        }
    return None


def nominating_units(plan: Plan, user):
    """Active units the plan is addressed to where ``user`` may file dossiers.

    The same rule as the ``nominations.add_nomination`` permission, as a query.
    """
    return (
        target_units(plan).filter(unit_filter(user, WRITER_ROLES), is_active=True).order_by("path")
    )


def open_plans(user):
    """Issued plans visible to ``user`` whose nomination deadline has not passed."""
    return (
        Plan.objects.visible_to(user)
        .filter(status=PlanStatus.ISSUED, nomination_deadline__gte=timezone.localdate())
        .select_related("issuing_unit")
        .order_by("nomination_deadline", "pk")
    )


# --- Validation ----------------------------------------------------------------------------


def _text(value) -> str:
    """Multi-line text in NFC with its line structure kept."""
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _year(value, key: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.setdefault(key, []).append(_("Enter a year such as 1985."))
        return None


def _add(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def subject_errors(plan: Plan, data: dict) -> dict[str, list[str]]:
    """The errors in the dossier's own fields, keyed by field name (empty when none).

    Pure: reads ``data`` (values already typed, e.g. ints for years) and changes nothing.
    Forms call it to show every error at once; the domain functions call it before saving.
    """
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    kind = data.get("subject_kind") or ""
    if not kind:
        _add(
            errors,
            "subject_kind",
            _("Choose whether the dossier is about a collective or a person."),
        )
    elif kind not in plan.subject_kinds:
        _add(errors, "subject_kind", _("This plan does not take nominations of this kind."))
    if kind == SubjectKind.INDIVIDUAL:
        if not nfc(data.get("full_name")):
            _add(errors, "full_name", _("Enter the person's full name."))
        gender = data.get("gender") or ""
        if gender and gender not in Gender.values:
            _add(errors, "gender", _("Choose female or male."))
        birth = _year(data.get("birth_year"), "birth_year", errors)
        if birth is not None and not EARLIEST_BIRTH_YEAR <= birth <= this_year:
            _add(
                errors,
                "birth_year",
                _("Enter a year of birth between %(first)s and %(last)s.")
                % {"first": EARLIEST_BIRTH_YEAR, "last": this_year},
            )
            birth = None
        since = _year(data.get("member_since"), "member_since", errors)
        if since is not None:
            if since > this_year:
                _add(errors, "member_since", _("The year of joining the union is in the future."))
            elif birth is not None and since < birth + MEMBER_MIN_AGE:
                _add(
                    errors,
                    "member_since",
                    _("A person joins the union at %(age)s at the earliest: %(year)s or later.")
                    % {"age": MEMBER_MIN_AGE, "year": birth + MEMBER_MIN_AGE},
                )
            elif since < EARLIEST_BIRTH_YEAR + MEMBER_MIN_AGE:
                _add(errors, "member_since", _("This year of joining the union is not plausible."))
    elif kind == SubjectKind.COLLECTIVE:
        if not nfc(data.get("collective_name")):
            _add(errors, "collective_name", _("Enter the name of the collective."))
        headcount = data.get("headcount")
        if headcount not in (None, ""):
            try:
                if not 1 <= int(headcount) <= MAX_HEADCOUNT:
                    raise ValueError
            except (TypeError, ValueError):
                _add(
                    errors,
                    "headcount",
                    _("The headcount is a whole number of at least 1 and at most %(max)s.")
                    % {"max": MAX_HEADCOUNT},
                )
    if not nfc(data.get("headline")):
        _add(errors, "headline", _("Write a headline: one sentence on why this is an example."))
    email = (data.get("contact_email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            _add(errors, "contact_email", _("Enter a valid email address."))
    for name in _LINE_FIELDS:
        limit = Nomination._meta.get_field(name).max_length
        if len(nfc(data.get(name))) > limit:
            _add(
                errors,
                name,
                _("Use at most %(limit)s characters.") % {"limit": limit},
            )
    field = data.get("field")
    if field is not None and field.plan_id != plan.pk:
        _add(errors, "field", _("Choose one of the plan's fields."))
    elif field is None and plan_has_fields(plan):
        _add(errors, "field", _("Choose the field of the dossier."))
    return errors


def plan_has_fields(plan: Plan) -> bool:
    cached = getattr(plan, "_prefetched_objects_cache", {}).get("plan_fields")
    if cached is not None:
        return bool(cached)
    return plan.plan_fields.exists()


def _clean_initiatives(items, errors: dict) -> list[Initiative]:
    this_year = timezone.localdate().year
    cleaned = []
    for number, item in enumerate(items or [], start=1):
        title = nfc(item.get("title"))
        recognised_by = nfc(item.get("recognised_by"))
        where = _("Initiative %(number)s: ") % {"number": number}
        if not title:
            _add(errors, "initiatives", where + _("give it a title."))
            continue
        if len(title) > 255 or len(recognised_by) > 255:
            _add(errors, "initiatives", where + _("use at most 255 characters per field."))
            continue
        year = _year(item.get("year"), "initiatives", errors)
        if year is not None and not EARLIEST_INITIATIVE_YEAR <= year <= this_year:
            _add(
                errors,
                "initiatives",
                where
                + _("the year must lie between %(first)s and %(last)s.")
                % {"first": EARLIEST_INITIATIVE_YEAR, "last": this_year},
            )
            continue
        benefit = item.get("benefit")
        if benefit in ("", None):
            benefit = None
        else:
            try:
                benefit = Decimal(benefit)
            except (InvalidOperation, TypeError, ValueError):
                benefit = Decimal(-1)
            if benefit < 0 or benefit != benefit.to_integral_value() or benefit >= 10**16:
                _add(errors, "initiatives", where + _("the benefit is a whole number of đồng."))
                continue
        cleaned.append(
            Initiative(title=title, year=year, benefit=benefit, recognised_by=recognised_by)
        )
    if len(cleaned) > MAX_INITIATIVES:
        _add(
            errors,
            "initiatives",
            _("A dossier may list at most %(limit)s initiatives.") % {"limit": MAX_INITIATIVES},
        )
    return cleaned


def _clean_assessments(plan: Plan, items, errors: dict) -> list[SelfAssessment]:
    criteria = {c.pk: c for c in Criterion.objects.filter(plan=plan)}
    cleaned: dict[int, SelfAssessment] = {}
    for item in items or []:
        criterion = item.get("criterion")
        criterion_id = getattr(criterion, "pk", criterion)
        if criterion_id not in criteria or criterion_id in cleaned:
            _add(errors, "assessments", _("Assess each of the plan's criteria once."))
            continue
        cleaned[criterion_id] = SelfAssessment(
            criterion=criteria[criterion_id],
            met=bool(item.get("met")),
            evidence=_text(item.get("evidence")),
        )
    return list(cleaned.values())


def _check_movement(movement, *, by, plan: Plan, current=None) -> str | None:
    if movement is None or movement.pk in (plan.movement_id, getattr(current, "movement_id", None)):
        return None
    if not Movement.objects.visible_to(by).filter(pk=movement.pk).exists():
        return _("Choose a movement from the list.")
    return None


def _clean(plan: Plan, data: dict, *, by, current: Nomination | None = None):
    """Validate ``data`` and return (field values, initiatives, assessments) or raise."""
    errors = subject_errors(plan, data)
    message = _check_movement(data.get("movement"), by=by, plan=plan, current=current)
    if message:
        _add(errors, "movement", message)
    initiatives = _clean_initiatives(data.get("initiatives"), errors)
    assessments = _clean_assessments(plan, data.get("assessments"), errors)
    if errors:
        raise ValidationError(errors)
    values = {name: data.get(name) for name in DOSSIER_FIELDS}
    for name in _LINE_FIELDS:
        values[name] = nfc(values[name])
    values["contact_email"] = (values["contact_email"] or "").strip().lower()
    values["gender"] = values["gender"] or ""
    values["achievements"] = sanitize(values["achievements"] or "").strip()
    for name in ("birth_year", "member_since", "headcount"):
        values[name] = None if values[name] in (None, "") else int(values[name])
    # A dossier is about one kind of subject: the other kind's fields are dropped.
    if values["subject_kind"] == SubjectKind.INDIVIDUAL:
        values.update(collective_name="", headcount=None)
    else:
        values.update({name: "" for name in ("full_name", "gender", "position", "workplace")})
        values.update(birth_year=None, member_since=None)
    return values, initiatives, assessments


def _save(nomination: Nomination, values: dict, initiatives, assessments) -> Nomination:
    for name, value in values.items():
        setattr(nomination, name, value)
    nomination.save()
    nomination.initiatives.all().delete()
    for initiative in initiatives:
        initiative.nomination = nomination
    Initiative.objects.bulk_create(initiatives)
    nomination.assessments.all().delete()
    for assessment in assessments:
        assessment.nomination = nomination
    SelfAssessment.objects.bulk_create(assessments)
    return nomination


# --- Dossiers ------------------------------------------------------------------------------


@transaction.atomic
def create_nomination(*, plan: Plan, unit: OrgUnit, by, data: dict) -> Nomination:
    """Start a draft dossier of ``unit`` for ``plan``.

    Side effects: inserts the dossier, its initiatives and its self-assessments.
    Raises PermissionDenied (plan not visible, may not write for the unit) or ValidationError
    (plan closed, unit not addressed, bad data) and then saves nothing.
    """
    if not Plan.objects.visible_to(by).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("You cannot see this plan."))
    if not by.has_perm("nominations.add_nomination", unit):
        raise PermissionDenied(_("You may not file dossiers for this unit."))
    reason = plan_closed_reason(plan)
    if reason:
        raise ValidationError(reason, code="plan_closed")
    if not unit.is_active:
        raise ValidationError(
            {"nominating_unit": _("%(unit)s is no longer active.") % {"unit": unit.name}}
        )
    if not target_units(plan).filter(pk=unit.pk).exists():
        raise ValidationError(
            {
                "nominating_unit": _("The plan %(plan)s is not addressed to %(unit)s.")
                % {"plan": plan.reference, "unit": unit.name}
            }
        )
    values, initiatives, assessments = _clean(plan, data, by=by)
    nomination = Nomination(plan=plan, nominating_unit=unit, created_by=by, state=State.DRAFT)
    return _save(nomination, values, initiatives, assessments)


def _lock_editable(nomination: Nomination, by) -> Nomination:
    locked = (
        Nomination.objects.select_for_update()
        .select_related("plan", "nominating_unit")
        .get(pk=nomination.pk)
    )
    if not by.has_perm("nominations.change_nomination", locked):
        raise PermissionDenied(
            _("Only the nominating unit's officers can change a draft or a returned dossier.")
        )
    return locked


@transaction.atomic
def update_nomination(nomination: Nomination, *, by, data: dict) -> Nomination:
    """Change a draft or returned dossier's fields; replace its initiatives and assessments.

    Side effects: locks and saves the dossier, rewrites its initiative and assessment rows.
    Returns the saved dossier (a fresh instance).
    """
    locked = _lock_editable(nomination, by)
    values, initiatives, assessments = _clean(locked.plan, data, by=by, current=locked)
    return _save(locked, values, initiatives, assessments)


# --- Photos and attachments ----------------------------------------------------------------


def safe_filename(name: str | None, default: str) -> str:
    """The last part of an uploaded file's name in NFC, without control characters."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if not base:
        return default
    stem, ext = os.path.splitext(base)
    return stem[: 255 - len(ext[:20])] + ext[:20]


def _short(value, limit: int, label: str) -> str:
    text = nfc(value)
    if len(text) > limit:
        raise ValidationError(
            _("%(label)s: use at most %(limit)s characters.") % {"label": label, "limit": limit}
        )
    return text


def _store(field_file, name: str, content: bytes, stored: list[str]) -> None:
    field_file.save(name, ContentFile(content), save=False)
    stored.append(field_file.name)


def _forget_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def add_photo(
    nomination: Nomination, *, by, upload, caption: str = "", alt_text: str = ""
) -> Photo:
    """Check, clean and store a photo of the dossier with its thumbnail.

    Only the cleaned (re-encoded, EXIF-free) bytes are written, never the upload itself.
    Side effects: writes two files to the default storage and inserts one Photo row; if the
    row cannot be written the files are removed again.
    """
    locked = _lock_editable(nomination, by)
    if locked.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            _("A dossier may have at most %(limit)s photos. Remove one before adding another.")
            % {"limit": MAX_PHOTOS},
            code="too_many",
        )
    caption = _short(caption, 255, _("Caption"))
    alt_text = _short(alt_text, 255, _("Description for screen readers"))
    cleaned = clean_photo(upload)
    position = (locked.photos.aggregate(last=Max("position"))["last"] or 0) + 1
    photo = Photo(
        nomination=locked,
        content_type=cleaned.content_type,
        width=cleaned.width,
        height=cleaned.height,
        caption=caption,
        alt_text=alt_text,
        original_name=safe_filename(getattr(upload, "name", ""), "photo"),
        position=position,
    )
    stored: list[str] = []
    try:
        _store(photo.image, f"photo.{cleaned.extension}", cleaned.content, stored)
        _store(photo.thumbnail, "thumbnail.webp", cleaned.thumbnail, stored)
        photo.save()
    except BaseException:
        _forget_files(stored)
        raise
    return photo


@transaction.atomic
def remove_photo(photo: Photo, *, by) -> None:
    """Delete a photo of a draft or returned dossier.

    Side effects: deletes the Photo row; its files are deleted once the transaction commits.
    """
    _lock_editable(photo.nomination, by)
    names = [photo.image.name, photo.thumbnail.name]
    photo.delete()
    transaction.on_commit(lambda: _forget_files(names))


@transaction.atomic
def add_attachment(nomination: Nomination, *, by, upload, title: str = "") -> Attachment:
    """Check and store a PDF or DOCX document of the dossier.

    Side effects: writes one file to the default storage and inserts one Attachment row; if
    the row cannot be written the file is removed again.
    """
    locked = _lock_editable(nomination, by)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("A dossier may have at most %(limit)s attachments. Remove one before adding another.")
            % {"limit": MAX_ATTACHMENTS},
            code="too_many",
        )
    title = _short(title, 255, _("Title"))
    cleaned = clean_document(upload)
    original = safe_filename(getattr(upload, "name", ""), f"document.{cleaned.extension}")
    stem, ext = os.path.splitext(original)
    if ext.lower() != f".{cleaned.extension}":
        # The name must not promise another type than the content has.
        original = f"{stem[:240]}.{cleaned.extension}"
    attachment = Attachment(
        nomination=locked,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        title=title,
        original_name=original,
    )
    stored: list[str] = []
    try:
        _store(attachment.file, f"document.{cleaned.extension}", cleaned.content, stored)
        attachment.save()
    except BaseException:
        _forget_files(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by) -> None:
    """Delete an attachment of a draft or returned dossier.

    Side effects: deletes the Attachment row; its file is deleted once the transaction commits.
    """
    _lock_editable(attachment.nomination, by)
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: _forget_files([name]))
