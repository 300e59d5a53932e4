"""Checking a dossier's fields: every error at once, keyed by field, nothing saved."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.text import clean_text, nfc, refusal
from dienhinh.nominations.editing import subject
from dienhinh.nominations.editing._limits import (
    DOSSIER_FIELDS,
    EARLIEST_BIRTH_YEAR,
    EARLIEST_INITIATIVE_YEAR,
    LINE_FIELDS,
    MAX_HEADCOUNT,
    MAX_INITIATIVES,
    MEMBER_MIN_AGE,
)
from dienhinh.nominations.enums import Gender
from dienhinh.nominations.models import Initiative, Nomination, SelfAssessment
from dienhinh.nominations.richtext import sanitize
from dienhinh.plans.models import Criterion, Movement, Plan, SubjectKind


def _text(value) -> str:
    """Multi-line text as stored (clean_text), its line structure kept; callers check it
    with ``refusal`` first."""
    return clean_text(value, multiline=True)


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
    # Refused characters (NUL, controls, bidi overrides) first: the checks below and
    # clean_dossier read the fields as clean text.
    for name in (*LINE_FIELDS, "contact_email", "achievements"):
        message = refusal(data.get(name))
        if message:
            _add(errors, name, message)
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
        born = subject.date_of_birth_errors(plan, data, errors)
        if born is not None or "date_of_birth" in errors:
            # The year follows from the date of birth (a typed year is replaced by it).
            birth = born.year if born is not None else None
        else:
            birth = _year(data.get("birth_year"), "birth_year", errors)
        if birth is not None and born is None and not EARLIEST_BIRTH_YEAR <= birth <= this_year:
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
    else:
        born = None
    if kind == SubjectKind.COLLECTIVE:
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
    subject.detail_errors(plan, data, errors, born=born)
    if not nfc(data.get("headline")):
        _add(errors, "headline", _("Write a headline: one sentence on why this is an example."))
    email = (data.get("contact_email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            _add(errors, "contact_email", _("Enter a valid email address."))
    for name in LINE_FIELDS:
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
        where = _("Initiative %(number)s: ") % {"number": number}
        message = refusal(item.get("title"), item.get("recognised_by"))
        if message:
            _add(errors, "initiatives", where + message)
            continue
        title = clean_text(item.get("title"))
        recognised_by = clean_text(item.get("recognised_by"))
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
        message = refusal(item.get("evidence"))
        if message:
            _add(errors, "assessments", message)
            continue
        cleaned[criterion_id] = SelfAssessment(
            criterion=criteria[criterion_id],
            met=bool(item.get("met")),
            evidence=_text(item.get("evidence")),
        )
    return list(cleaned.values())


def _check_movement(movement, *, by: User, plan: Plan, current=None) -> str | None:
    if movement is None or movement.pk in (plan.movement_id, getattr(current, "movement_id", None)):
        return None
    if not Movement.objects.visible_to(by).filter(pk=movement.pk).exists():
        return _("Choose a movement from the list.")
    return None


def clean_dossier(plan: Plan, data: dict, *, by: User, current: Nomination | None = None):
    """Validate ``data`` and return (field values, initiatives, assessments, past awards) or
    raise; the past awards are None when ``data`` has no "past_awards" (keep them)."""
    errors = subject_errors(plan, data)
    message = _check_movement(data.get("movement"), by=by, plan=plan, current=current)
    if message:
        _add(errors, "movement", message)
    initiatives = _clean_initiatives(data.get("initiatives"), errors)
    assessments = _clean_assessments(plan, data.get("assessments"), errors)
    # Callers that do not send the past awards leave them as they are (None).
    awards = (
        subject.clean_past_awards(data["past_awards"], errors) if "past_awards" in data else None
    )
    if errors:
        raise ValidationError(errors)
    values = {name: data.get(name) for name in DOSSIER_FIELDS}
    for name in LINE_FIELDS:
        values[name] = clean_text(values[name])
    values["contact_email"] = clean_text(values["contact_email"]).lower()
    values["gender"] = values["gender"] or ""
    values["achievements"] = sanitize(clean_text(values["achievements"], multiline=True)).strip()
    for name in ("birth_year", "member_since", "headcount"):
        values[name] = None if values[name] in (None, "") else int(values[name])
    values = subject.subject_values(values)
    return values, initiatives, assessments, awards
