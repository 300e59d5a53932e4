"""Limits and field lists of a dossier, shared by validation, forms and the API."""

MAX_PHOTOS = 20
MAX_ATTACHMENTS = 10
MAX_INITIATIVES = 30
EARLIEST_BIRTH_YEAR = 1930
# Union membership starts at working age: nobody joins before turning 15.
MEMBER_MIN_AGE = 15
EARLIEST_INITIATIVE_YEAR = 1950

MAX_PAST_AWARDS = 30
# The age of a person nominated, in the plan's year, when a date of birth is given.
MIN_AGE, MAX_AGE = 16, 100
EARLIEST_FOUNDED_YEAR = 1800
EARLIEST_AWARD_YEAR = 1945
# Party membership is open from 18 (Điều lệ Đảng, Điều 1).
PARTY_MIN_AGE = 18
MAX_SUBJECT_TEXT = 20_000

# The subject as the achievement-report forms of Decree 98/2023/NĐ-CP ask for it.
INDIVIDUAL_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "birth_year",
    "ethnicity",
    "home_town",
    "residence",
    "position",
    "workplace",
    "party_position",
    "government_position",
    "union_position",
    "professional_level",
    "political_theory_level",
    "academic_titles",
    "party_member",
    "party_joined_on",
    "member_since",
)
COLLECTIVE_FIELDS = (
    "collective_name",
    "collective_address",
    "collective_phone",
    "collective_email",
    "founded_year",
    "headcount",
    "women_count",
    "organisation_structure",
    "functions_and_tasks",
)
# Multi-line text of the subject (paragraphs kept).
SUBJECT_TEXT_FIELDS = ("organisation_structure", "functions_and_tasks")
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
LINE_FIELDS = (
    "full_name",
    "position",
    "workplace",
    "home_town",
    "residence",
    "party_position",
    "government_position",
    "union_position",
    "professional_level",
    "political_theory_level",
    "academic_titles",
    "collective_name",
    "collective_address",
    "collective_phone",
    "headline",
    "contact_name",
    "contact_phone",
)
