"""Personal data in dossiers: the fields that never reach a public surface, and the sensitive
ones that reach only the people the dossier is for.

``NEVER_PUBLIC``: model label → field names that never reach a public page, feed, share tag
or the public API. The portal's serializers and templates declare what they show and check
it here at import time (``assert_public``, ``assert_public_schema``), and the tests of every
public surface look for the values of these fields in what they answer (``private_values``).

Personal data under Law 91/2025/QH15: year and date of birth, residence, the contact
person's details and the collective's contacts, the scan of the signed consent; and the
reviewers' internal notes and scores, which are never public either.

``SENSITIVE``: sensitive personal data (Decree 13/2023/NĐ-CP art. 2, Law 91/2025/QH15):
the subject's ethnicity and Party membership. Never public, and inside the system shown
only to those ``may_see_sensitive`` names. Pages leave them out, the API answers null
for them, the XLSX export includes them only when the exporter may see them for every row
(and its audit entry says so). They are not copied into the dossier's history rows.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured

from dienhinh.accounts.models import User
from dienhinh.accounts.scope import assignments, covers, is_system_admin

# Every field of the model: nothing of it is public (scores are the reviewers' working data).
WHOLE_MODEL = "*"

NEVER_PUBLIC: dict[str, frozenset[str]] = {
    "nominations.nomination": frozenset(
        {
            "birth_year",
            "date_of_birth",
            "ethnicity",
            "party_member",
            "party_joined_on",
            "residence",
            "collective_address",
            "collective_phone",
            "collective_email",
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

# Fields listed before they exist (a later issue's planned names, so that nothing can expose
# them the day they appear); the test of the list checks that every other name is a field.
PLANNED: frozenset[str] = frozenset()

SENSITIVE: dict[str, frozenset[str]] = {
    "nominations.nomination": frozenset({"ethnicity", "party_member", "party_joined_on"}),
}
SENSITIVE_FIELDS = SENSITIVE["nominations.nomination"]

# Sensitive data is never public: the public list holds it whatever is edited above.
for _label, _names in SENSITIVE.items():
    NEVER_PUBLIC[_label] = NEVER_PUBLIC.get(_label, frozenset()) | _names


def may_see_sensitive(user, nomination) -> bool:
    """Whether ``user`` (who can see ``nomination``) may see its sensitive fields.

    Yes for: system administrators; whoever writes dossiers for the nominating unit (its
    officers and the subtree administrators above it, who may edit the dossier and so see
    its form); and the dossier's reviewers, those who act at one of its review levels as
    the workflow defines them (``workflow.review_levels``, ``acts_at``): a reviewer role held
    at a unit between the nominating unit and the plan's issuing unit (unless the plan goes
    straight to the issuer), and a reviewer or editor role at the issuing unit itself.

    No for every other reader: a monitor of the federation, a reviewer or editor of a level
    the dossier does not pass through (an upper unit above the issuer, another branch), an
    editor who publishes its story. They read the dossier but have no need of these fields.

    Needs ``nomination.nominating_unit`` and ``nomination.plan.issuing_unit`` (loaded with
    the dossier by its pages and API); no query of its own beyond the user's cached roles.
    """
    plan = nomination.plan
    return sees_sensitive_at(
        user,
        unit=nomination.nominating_unit,
        issuer=plan.issuing_unit,
        every_level=plan.review_route != "direct",
    )


def sees_sensitive_at(user, *, unit, issuer, every_level: bool = True) -> bool:
    """``may_see_sensitive`` for a dossier of ``unit`` under a plan issued by ``issuer`` (both
    need only ``pk`` and ``path``), for lists that decide once per unit and plan."""
    from dienhinh.nominations.workflow import DECIDER_ROLES, REVIEWER_ROLES, WRITER_ROLES
    from dienhinh.orgs.models import OrgUnit

    if is_system_admin(user):
        return True
    if covers(user, unit, WRITER_ROLES):
        return True
    step = OrgUnit.steplen
    between = set()
    if every_level and unit.path.startswith(issuer.path):
        between = {unit.path[:end] for end in range(len(issuer.path) + step, len(unit.path), step)}
    for assignment in assignments(user):
        if assignment.unit_id == issuer.pk and assignment.role in DECIDER_ROLES:
            return True
        if assignment.role in REVIEWER_ROLES and assignment.unit.path in between:
            return True
    return False


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
        if field.is_relation or isinstance(value, bool):
            continue  # an id or a yes/no says nothing; the related user's fields are listed
        text = str(getattr(value, "name", value) or "")
        if len(text) >= 4:
            found.append(text)
    return found


def log_personal_data_opened(nomination, *, by: User, sensitive: bool) -> bool:
    """Record in the audit log that ``by`` opened the personal data of ``nomination`` (its
    page or its API record) from outside the nominating unit: anyone without a role at that
    unit itself (reviewers, monitors, editors, administrators above, system administrators).
    Kept two years
    (SECURITY_LOG_RETENTION_DAYS). Returns whether an entry was written.

    Side effects: inserts one AuditEntry (accounts.security.VIEW_PERSONAL_DATA).
    """
    from django.db import transaction

    from dienhinh.accounts.security import VIEW_PERSONAL_DATA
    from dienhinh.core import audit

    # Inside: a role held at the nominating unit itself. A subtree administrator above it
    # may edit the dossier, but reads it from outside the unit and is logged.
    if any(a.unit_id == nomination.nominating_unit_id for a in assignments(by)):
        return False
    extra = {"sensitive": sorted(SENSITIVE_FIELDS)} if sensitive else {}
    with transaction.atomic():
        audit.record(
            VIEW_PERSONAL_DATA,
            actor=by,
            target=nomination,
            unit=nomination.nominating_unit,
            extra=extra,
        )
    return True
