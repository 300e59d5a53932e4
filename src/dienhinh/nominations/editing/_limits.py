"""Limits and field lists of a dossier, shared by validation, forms and the API."""

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
LINE_FIELDS = (
    "full_name",
    "position",
    "workplace",
    "collective_name",
    "headline",
    "contact_name",
    "contact_phone",
)
