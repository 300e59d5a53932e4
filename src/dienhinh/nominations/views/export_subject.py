"""The subject's sheets of the dossier export: the details the achievement-report forms ask for
(Decree 98/2023/NĐ-CP) and the past titles and awards, one row per dossier and per award.

Sensitive personal data (nominations.privacy.SENSITIVE: ethnicity, Party membership) goes
into the workbook only when the exporter may see it for EVERY dossier of the export; the
columns are then there and the export's audit entry records it ("sensitive" in its extra).
Otherwise the columns are left out altogether, with a line saying so: a column blanked for
some rows would read as "not recorded". Deciding takes one query over the distinct pairs of
nominating unit and plan, not one check per row.
"""

from collections import namedtuple

from django.utils.translation import gettext as _

from dienhinh.accounts.scope import is_system_admin
from dienhinh.nominations.privacy import SENSITIVE_FIELDS, sees_sensitive_at
from dienhinh.plans.models import ReviewRoute, SubjectKind

_Unit = namedtuple("_Unit", "pk path")


def exports_sensitive(user, nominations) -> bool:
    """Whether ``user`` may see the sensitive fields of every dossier in ``nominations``
    (False when there is none)."""
    if is_system_admin(user):
        return nominations.exists()
    pairs = (
        nominations.order_by()
        .values_list(
            "nominating_unit_id",
            "nominating_unit__path",
            "plan__issuing_unit_id",
            "plan__issuing_unit__path",
            "plan__review_route",
        )
        .distinct()
    )
    found = False
    for unit_id, unit_path, issuer_id, issuer_path, route in pairs.iterator():
        found = True
        if not sees_sensitive_at(
            user,
            unit=_Unit(unit_id, unit_path),
            issuer=_Unit(issuer_id, issuer_path),
            every_level=route != ReviewRoute.DIRECT,
        ):
            return False
    return found


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


class SubjectSheets:
    """The "Subjects" and "Past awards" sheets of an XlsxBuilder; ``add`` one dossier at a
    time (its ``past_awards`` prefetched)."""

    def __init__(self, builder, *, title_lines, sensitive: bool):
        self.sensitive = sensitive
        lines = list(title_lines)
        if not sensitive:
            lines.append(
                _(
                    "Ethnicity and Party membership are left out: they are exported only "
                    "for dossiers of your own units or that you review."
                )
            )
        self.subjects = builder.add_sheet(_("Subjects"), self._headers(), title_lines=lines)
        self.awards = builder.add_sheet(
            _("Past awards"),
            [
                _("No."),
                _("Name of the person or collective"),
                _("Title or award"),
                _("Year"),
                _("Decision number"),
                _("Decision date"),
                _("Issued by"),
            ],
            title_lines=title_lines,
        )

    @property
    def sensitive_fields(self) -> frozenset[str]:
        return SENSITIVE_FIELDS if self.sensitive else frozenset()

    def _headers(self) -> list[str]:
        headers = [
            _("No."),
            _("Name of the person or collective"),
            _("Subject"),
            _("Date of birth"),
            _("Year of birth"),
            _("Gender"),
            _("Home town"),
            _("Place of residence"),
            _("Position"),
            _("Workplace"),
            _("Position in the Party"),
            _("Position in the government"),
            _("Position in the unions and associations"),
            _("Professional qualification"),
            _("Political theory level"),
            _("Academic titles and degrees"),
            _("Union member since"),
        ]
        if self.sensitive:
            headers += [
                _("Ethnicity"),
                _("Member of the Communist Party of Vietnam"),
                _("Date of admission to the Party"),
            ]
        return [
            *headers,
            _("Address"),
            _("Phone"),
            _("Email"),
            _("Year founded"),
            _("Headcount"),
            _("Of whom women"),
            _("Organisational structure"),
            _("Functions and tasks"),
        ]

    def add(self, number: int, nomination) -> None:
        n = nomination
        person = n.subject_kind == SubjectKind.INDIVIDUAL
        row = [number, n.subject_name, n.get_subject_kind_display()]
        if person:
            row += [
                n.date_of_birth,
                n.birth_year,
                n.get_gender_display() if n.gender else "",
                n.home_town,
                n.residence,
                n.position,
                n.workplace,
                n.party_position,
                n.government_position,
                n.union_position,
                n.professional_level,
                n.political_theory_level,
                n.academic_titles,
                n.member_since,
            ]
        else:
            row += [None] * 14
        if self.sensitive:
            if person:
                row += [n.get_ethnicity_display(), _yes_no(n.party_member), n.party_joined_on]
            else:
                row += [None] * 3
        if person:
            row += [None] * 8
        else:
            row += [
                n.collective_address,
                n.collective_phone,
                n.collective_email,
                n.founded_year,
                n.headcount,
                n.women_count,
                n.organisation_structure,
                n.functions_and_tasks,
            ]
        self.subjects.append(row)
        for award in n.past_awards.all():
            self.awards.append(
                [
                    number,
                    n.subject_name,
                    award.title,
                    award.year,
                    award.decision_number,
                    award.decision_date,
                    award.issued_by,
                ]
            )
