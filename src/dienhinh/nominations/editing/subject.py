"""The subject's details as the achievement-report forms ask for them (Decree 98/2023/NĐ-CP,
Mẫu số 01 and 02): checks, normalised values, past titles and awards.

``validation.subject_errors`` calls ``detail_errors``; ``validation.clean_dossier`` calls
``clean_past_awards`` and ``subject_values``. Dates come as ``datetime.date`` (forms, API)
or ISO text; ``party_member`` as True, False or None (not recorded).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core.text import clean_text, refusal
from dienhinh.nominations.editing._limits import (
    COLLECTIVE_FIELDS,
    EARLIEST_AWARD_YEAR,
    EARLIEST_FOUNDED_YEAR,
    INDIVIDUAL_FIELDS,
    MAX_AGE,
    MAX_HEADCOUNT,
    MAX_PAST_AWARDS,
    MAX_SUBJECT_TEXT,
    MIN_AGE,
    PARTY_MIN_AGE,
    SUBJECT_TEXT_FIELDS,
)
from dienhinh.nominations.ethnicities import NAMES as ETHNICITIES
from dienhinh.nominations.models import PastAward
from dienhinh.plans.models import Plan, SubjectKind

_DATE_FIELDS = ("date_of_birth", "party_joined_on")


def _add(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def as_date(value) -> datetime.date | None:
    """A date from a date or ISO text ("1985-03-12"); raises ValueError for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _date(data: dict, key: str, errors: dict) -> datetime.date | None:
    try:
        day = as_date(data.get(key))
    except (TypeError, ValueError):
        _add(errors, key, _("Enter a date as day/month/year, for example 12/05/2016."))
        return None
    if day is not None and day > timezone.localdate():
        _add(errors, key, _("The date is in the future."))
        return None
    return day


def _count(data: dict, key: str, errors: dict) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = int(value)
        if not 0 <= number <= MAX_HEADCOUNT:
            raise ValueError
    except (TypeError, ValueError):
        _add(
            errors,
            key,
            _("Enter a whole number between 0 and %(max)s.") % {"max": MAX_HEADCOUNT},
        )
        return None
    return number


def date_of_birth_errors(plan: Plan, data: dict, errors: dict) -> datetime.date | None:
    """Check the date of birth (a person of 16 to 100 in the plan's year); return it or None."""
    born = _date(data, "date_of_birth", errors)
    if born is None:
        return None
    age = plan.year - born.year
    if not MIN_AGE <= age <= MAX_AGE:
        _add(
            errors,
            "date_of_birth",
            _(
                "With this date of birth the person is %(age)s in %(year)s, the plan's year: "
                "a person nominated is between %(min)s and %(max)s years old."
            )
            % {"age": age, "year": plan.year, "min": MIN_AGE, "max": MAX_AGE},
        )
        return None
    return born


def detail_errors(plan: Plan, data: dict, errors: dict, *, born: datetime.date | None) -> None:
    """Add the errors of the subject's details (of the dossier's kind) to ``errors``."""
    kind = data.get("subject_kind") or ""
    for name in SUBJECT_TEXT_FIELDS:
        message = refusal(data.get(name))
        if message:
            _add(errors, name, message)
        elif len(clean_text(data.get(name), multiline=True)) > MAX_SUBJECT_TEXT:
            _add(errors, name, _("Use at most %(limit)s characters.") % {"limit": MAX_SUBJECT_TEXT})
    if kind == SubjectKind.INDIVIDUAL:
        _individual_errors(data, errors, born=born)
    elif kind == SubjectKind.COLLECTIVE:
        _collective_errors(data, errors)


def _individual_errors(data: dict, errors: dict, *, born: datetime.date | None) -> None:
    ethnicity = data.get("ethnicity") or ""
    if ethnicity and ethnicity not in ETHNICITIES:
        _add(errors, "ethnicity", _("Choose an ethnic group from the list."))
    member = data.get("party_member")
    if member not in (None, True, False):
        _add(errors, "party_member", _("Answer yes or no, or leave it unrecorded."))
    joined = _date(data, "party_joined_on", errors)
    if joined is None:
        return
    if member is False:
        _add(
            errors,
            "party_joined_on",
            _("A date of admission is given, but the person is marked as not a Party member."),
        )
    elif born is not None and joined.year - born.year < PARTY_MIN_AGE:
        _add(
            errors,
            "party_joined_on",
            _("A person is admitted to the Party at %(age)s at the earliest.")
            % {"age": PARTY_MIN_AGE},
        )


def _collective_errors(data: dict, errors: dict) -> None:
    this_year = timezone.localdate().year
    founded = data.get("founded_year")
    if founded not in (None, ""):
        try:
            founded = int(founded)
        except (TypeError, ValueError):
            _add(errors, "founded_year", _("Enter a year such as 1985."))
        else:
            if founded > this_year:
                _add(errors, "founded_year", _("The year founded is in the future."))
            elif founded < EARLIEST_FOUNDED_YEAR:
                _add(
                    errors,
                    "founded_year",
                    _("Enter a year founded between %(first)s and %(last)s.")
                    % {"first": EARLIEST_FOUNDED_YEAR, "last": this_year},
                )
    women = _count(data, "women_count", errors)
    headcount = data.get("headcount")
    if women is not None and isinstance(headcount, int) and women > headcount:
        _add(
            errors,
            "women_count",
            _("There cannot be more women (%(women)s) than members in all (%(all)s).")
            % {"women": women, "all": headcount},
        )
    email = (data.get("collective_email") or "").strip()
    if email:
        message = refusal(email)
        if message:
            _add(errors, "collective_email", message)
            return
        try:
            validate_email(email)
        except ValidationError:
            _add(errors, "collective_email", _("Enter a valid email address."))


def clean_past_awards(items, errors: dict) -> list[PastAward]:
    """The past titles and awards as unsaved rows, or errors under "past_awards"."""
    this_year = timezone.localdate().year
    cleaned = []
    for number, item in enumerate(items or [], start=1):
        where = _("Past title or award %(number)s: ") % {"number": number}
        texts = [item.get(name) for name in ("title", "decision_number", "issued_by")]
        message = refusal(*texts)
        if message:
            _add(errors, "past_awards", where + message)
            continue
        title, decision_number, issued_by = (clean_text(text) for text in texts)
        if not title:
            _add(errors, "past_awards", where + _("name the title or award."))
            continue
        if len(title) > 255 or len(issued_by) > 255 or len(decision_number) > 100:
            _add(errors, "past_awards", where + _("one of its fields is too long."))
            continue
        year = item.get("year")
        if year in (None, ""):
            year = None
        else:
            try:
                year = int(year)
            except (TypeError, ValueError):
                year = -1
            if not EARLIEST_AWARD_YEAR <= year <= this_year:
                _add(
                    errors,
                    "past_awards",
                    where
                    + _("the year must lie between %(first)s and %(last)s.")
                    % {"first": EARLIEST_AWARD_YEAR, "last": this_year},
                )
                continue
        try:
            decided = as_date(item.get("decision_date"))
        except (TypeError, ValueError):
            _add(errors, "past_awards", where + _("the decision date is not a date."))
            continue
        if decided is not None and decided > timezone.localdate():
            _add(errors, "past_awards", where + _("the decision date is in the future."))
            continue
        cleaned.append(
            PastAward(
                title=title,
                year=year,
                decision_number=decision_number,
                decision_date=decided,
                issued_by=issued_by,
            )
        )
    if len(cleaned) > MAX_PAST_AWARDS:
        _add(
            errors,
            "past_awards",
            _("A dossier may list at most %(limit)s past titles and awards.")
            % {"limit": MAX_PAST_AWARDS},
        )
    return cleaned


def subject_values(values: dict) -> dict:
    """``values`` (the dossier's fields, already checked) with the subject's details
    normalised: text cleaned, dates and numbers typed, the year of birth taken from the date
    of birth, and the other kind's fields emptied (a dossier is about one subject)."""
    for name in SUBJECT_TEXT_FIELDS:
        values[name] = clean_text(values.get(name), multiline=True)
    values["collective_email"] = clean_text(values.get("collective_email")).lower()
    values["ethnicity"] = values.get("ethnicity") or ""
    for name in _DATE_FIELDS:
        values[name] = as_date(values.get(name))
    for name in ("founded_year", "women_count"):
        values[name] = None if values.get(name) in (None, "") else int(values[name])
    if values["date_of_birth"] is not None:
        values["birth_year"] = values["date_of_birth"].year
    if values["party_joined_on"] is not None:
        values["party_member"] = True
    if values["subject_kind"] == SubjectKind.INDIVIDUAL:
        drop = COLLECTIVE_FIELDS
    else:
        drop = INDIVIDUAL_FIELDS
    for name in drop:
        values[name] = _EMPTY.get(name, "")
    return values


# The empty value of the fields that are not text.
_EMPTY = {
    "birth_year": None,
    "member_since": None,
    "date_of_birth": None,
    "party_member": None,
    "party_joined_on": None,
    "headcount": None,
    "women_count": None,
    "founded_year": None,
}
