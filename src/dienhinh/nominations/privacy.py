"""The fields that never reach a public page, feed, share tag or the public API.

ONE list, ``NEVER_PUBLIC``: model label → field names. The portal's serializers and
templates declare what they show and check it here at import time (``assert_public``,
``assert_public_schema``), and the tests of every public surface look for the values of
these fields in what they answer (``private_values``). Some fields are planned by later
issues (the officer's day adds date of birth, ethnicity, party membership and residence to
the dossier): they are listed now by their planned names, so nothing can expose them the
day they appear.

Personal data under Law 91/2025/QH15: year and date of birth, ethnicity and party
membership (sensitive), residence, the contact person's details, the scan of the signed
consent; and the reviewers' internal notes and scores, which are never public either.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured

# Every field of the model: nothing of it is public (scores are the reviewers' working data).
WHOLE_MODEL = "*"

NEVER_PUBLIC: dict[str, frozenset[str]] = {
    "nominations.nomination": frozenset(
        {
            "birth_year",
            "date_of_birth",
            "ethnicity",
            "party_member",
            "residence",
            "contact_name",
            "contact_phone",
            "contact_email",
            "consent_scan",
            "consent_scan_type",
            "consent_recorded_by",
        }
    ),
    "nominations.review": frozenset({"internal_note"}),
    "nominations.reviewscore": frozenset({WHOLE_MODEL}),
    "accounts.user": frozenset({"email", "phone"}),
}

# Listed before the fields exist (see the module docstring); the test of the list checks
# that every other name is a real field.
PLANNED = frozenset({"date_of_birth", "ethnicity", "party_member", "residence"})


class NeverPublicError(ImproperlyConfigured):
    """A public serializer or template names a field that must never be public."""


def never_public(model_label: str) -> frozenset[str]:
    """The never-public fields of ``model_label`` ("nominations.nomination")."""
    return NEVER_PUBLIC.get(model_label.lower(), frozenset())


def assert_public(fields: Iterable[str], *, model: str, where: str = "") -> None:
    """Raise NeverPublicError if ``fields`` (the attributes a public surface shows of
    ``model``) include a never-public one. Call it where the surface is defined (a schema
    class, a template's list of fields) so that a mistake stops the program from starting.

    A dotted name ("nomination.birth_year") is checked by its last part against ``model``.
    """
    banned = never_public(model)
    names = {field.split(".")[-1] for field in fields}
    leaked = sorted(names & banned) if WHOLE_MODEL not in banned else sorted(names)
    if leaked:
        place = f" in {where}" if where else ""
        raise NeverPublicError(
            f"{model} field(s) {', '.join(leaked)}{place} must never be public "
            "(see dienhinh.nominations.privacy.NEVER_PUBLIC)."
        )


def assert_public_schema(schema, *, models: Mapping[str, str]) -> None:
    """Check a public API schema (a ninja/pydantic class): ``models`` maps each of its
    attributes that holds a model's data ("" for the schema's own fields) to the model
    label, e.g. ``{"": "publishing.story", "dossiers": "nominations.nomination"}``; nested
    schemas are checked against the label of the attribute that holds them."""

    def fields_of(cls) -> dict:
        return getattr(cls, "model_fields", {})

    own = fields_of(schema)
    if "" in models:
        assert_public(own, model=models[""], where=schema.__name__)
    for attribute, label in models.items():
        if not attribute or attribute not in own:
            continue
        nested = _schema_of(own[attribute].annotation)
        if nested is not None:
            assert_public(fields_of(nested), model=label, where=f"{schema.__name__}.{attribute}")


def _schema_of(annotation):
    """The schema class inside ``list[X]``, ``X | None`` and the like, or None."""
    if hasattr(annotation, "model_fields"):
        return annotation
    for inner in getattr(annotation, "__args__", ()):
        found = _schema_of(inner)
        if found is not None:
            return found
    return None


def private_values(instance) -> list[str]:
    """The text of ``instance``'s never-public fields that is worth looking for in a public
    answer (non-empty, at least four characters: "1985", a phone number, an email)."""
    label = instance._meta.label_lower
    banned = never_public(label)
    names = (
        [f.attname for f in instance._meta.concrete_fields]
        if WHOLE_MODEL in banned
        else [name for name in banned if name not in PLANNED]
    )
    found = []
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname, None)
        if field.is_relation:
            continue  # an id says nothing; the related user's own fields are listed
        text = str(getattr(value, "name", value) or "")
        if len(text) >= 4:
            found.append(text)
    return found
