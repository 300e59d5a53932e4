"""The dossier's subject as the achievement-report forms ask for it (Decree 98/2023/NĐ-CP):
the details beyond name and year of birth, and the past titles and awards; mixed into the
dossier schemas of api.schemas.nominations.

Sensitive fields (nominations.privacy.SENSITIVE: ethnicity, Party membership and its date)
are null for a caller who may not see them; ``sensitive_shown`` says which case it is, since
null also means "not recorded".
"""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from dienhinh.api.schemas.common import Line, Paragraphs
from dienhinh.nominations.editing import MAX_HEADCOUNT, MAX_PAST_AWARDS
from dienhinh.nominations.ethnicities import NAMES, ethnicity_name

# The official two-digit codes of the 54 ethnic groups (nominations.ethnicities).
EthnicityCode = Literal[tuple(NAMES)]  # type: ignore[valid-type]
_SUBJECT_TEXT = 20_000


class PastAwardOut(Schema):
    title: str
    year: int | None
    decision_number: str
    decision_date: date | None
    issued_by: str


class PastAwardIn(Schema):
    title: Line = Field(max_length=255, min_length=1, description="The title or award.")
    year: int | None = Field(None, ge=1900, le=2100)
    decision_number: Line = Field("", max_length=100, description="e.g. 1234/QĐ-UBND.")
    decision_date: date | None = None
    issued_by: Line = Field("", max_length=255, description="e.g. UBND tỉnh Trà Vinh.")


def _shown(obj) -> bool:
    return bool(getattr(obj, "sensitive_shown", False))


class SubjectOut(Schema):
    """The subject's details, as NominationDetail shows them."""

    date_of_birth: date | None
    home_town: str
    residence: str
    party_position: str
    government_position: str
    union_position: str
    professional_level: str
    political_theory_level: str
    academic_titles: str
    sensitive_shown: bool = Field(
        description="Whether the caller may see ethnicity and Party membership (the "
        "nominating unit, the dossier's reviewers); when false those fields are null."
    )
    ethnicity: EthnicityCode | Literal[""] | None = Field(
        description='Official code of the ethnic group; "" not recorded; null hidden.'
    )
    ethnicity_name: str | None
    party_member: bool | None = Field(
        description="Member of the Communist Party; null when not recorded or hidden."
    )
    party_joined_on: date | None
    collective_address: str
    collective_phone: str
    collective_email: str
    founded_year: int | None
    women_count: int | None = Field(description="Of the headcount, how many are women.")
    organisation_structure: str
    functions_and_tasks: str
    past_awards: list[PastAwardOut]

    @staticmethod
    def resolve_sensitive_shown(obj) -> bool:
        return _shown(obj)

    @staticmethod
    def resolve_ethnicity(obj) -> str | None:
        return obj.ethnicity if _shown(obj) else None

    @staticmethod
    def resolve_ethnicity_name(obj) -> str | None:
        return ethnicity_name(obj.ethnicity) if _shown(obj) else None

    @staticmethod
    def resolve_party_member(obj) -> bool | None:
        return obj.party_member if _shown(obj) else None

    @staticmethod
    def resolve_party_joined_on(obj) -> date | None:
        return obj.party_joined_on if _shown(obj) else None


class SubjectFields(Schema):
    """The subject's details a client sends to create a dossier."""

    date_of_birth: date | None = Field(None, description="When given, sets birth_year.")
    ethnicity: EthnicityCode | Literal[""] = ""
    home_town: Line = Field("", max_length=255)
    residence: Line = Field("", max_length=255)
    party_position: Line = Field("", max_length=255)
    government_position: Line = Field("", max_length=255)
    union_position: Line = Field("", max_length=255)
    professional_level: Line = Field("", max_length=255)
    political_theory_level: Line = Field("", max_length=100)
    academic_titles: Line = Field("", max_length=255)
    party_member: bool | None = None
    party_joined_on: date | None = None
    collective_address: Line = Field("", max_length=255)
    collective_phone: Line = Field("", max_length=30)
    collective_email: Line = Field("", max_length=254)
    founded_year: int | None = Field(None, ge=1000, le=2100)
    women_count: int | None = Field(None, ge=0, le=MAX_HEADCOUNT)
    organisation_structure: Paragraphs = Field("", max_length=_SUBJECT_TEXT)
    functions_and_tasks: Paragraphs = Field("", max_length=_SUBJECT_TEXT)
    past_awards: list[PastAwardIn] = Field(default_factory=list, max_length=MAX_PAST_AWARDS)


class SubjectPatch(Schema):
    """Only the fields sent change; ``past_awards`` replaces the list."""

    date_of_birth: date | None = None
    ethnicity: EthnicityCode | Literal[""] = None
    home_town: Line = Field(None, max_length=255)
    residence: Line = Field(None, max_length=255)
    party_position: Line = Field(None, max_length=255)
    government_position: Line = Field(None, max_length=255)
    union_position: Line = Field(None, max_length=255)
    professional_level: Line = Field(None, max_length=255)
    political_theory_level: Line = Field(None, max_length=100)
    academic_titles: Line = Field(None, max_length=255)
    party_member: bool | None = None
    party_joined_on: date | None = None
    collective_address: Line = Field(None, max_length=255)
    collective_phone: Line = Field(None, max_length=30)
    collective_email: Line = Field(None, max_length=254)
    founded_year: int | None = Field(None, ge=1000, le=2100)
    women_count: int | None = Field(None, ge=0, le=MAX_HEADCOUNT)
    organisation_structure: Paragraphs = Field(None, max_length=_SUBJECT_TEXT)
    functions_and_tasks: Paragraphs = Field(None, max_length=_SUBJECT_TEXT)
    past_awards: list[PastAwardIn] = Field(None, max_length=MAX_PAST_AWARDS)
