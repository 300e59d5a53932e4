"""Ethnicity and Party membership, sensitive personal data (Decree 13/2023, Law 91/2025), never
reach a user outside the nominating unit and its reviewers: not on the dossier page, not in
the API, not in the XLSX export; each export that holds them is written to the audit log as
such; the never-public list holds them, and no history row copies them."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dienhinh.core.models import AuditEntry
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.privacy import (
    SENSITIVE_FIELDS,
    NeverPublicError,
    assert_public,
    may_see_sensitive,
    never_public,
    private_values,
)
from dienhinh.nominations.views.export_subject import exports_sensitive
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.models import Plan, PlanStatus

KHMER = "Khơ-me"
ADMITTED = datetime.date(2014, 9, 2)
# Entitled: the nominating unit's officer, a subtree administrator above it (may edit it),
# the district reviewer (a review level), the editor at the issuing unit (decides), the
# system administrator. The monitor reads the dossier, as the federation's watcher, but is
# none of these.
ENTITLED = ("officer_a", "fed_admin", "reviewer", "editor", "sysadmin")
READER = "monitor"


@pytest.fixture
def page_language():
    return "en"


@pytest.fixture
def dossier(world, make_nomination):
    nomination = make_nomination(
        full_name="Thạch Thị Sa Vươl",
        date_of_birth=datetime.date(1987, 6, 30),
        ethnicity="05",
        party_member=True,
        party_joined_on=ADMITTED,
        residence="khóm 2, phường 5, thành phố Trà Vinh",
    )
    transition_nomination(nomination, action="submit", by=world.officer_a)
    return nomination


def _sees(world, name, nomination) -> bool:
    loaded = Nomination.objects.select_related("nominating_unit", "plan__issuing_unit").get(
        pk=nomination.pk
    )
    return may_see_sensitive(world.persona(name), loaded)


def test_the_rule_names_the_unit_and_its_reviewers_only(world, dossier):
    assert [name for name in (*ENTITLED, READER, "officer_b") if _sees(world, name, dossier)] == [
        *ENTITLED
    ]


def test_the_dossier_page_hides_them_from_another_reader(world, login, dossier):
    url = reverse("nominations:detail", args=[dossier.pk])
    for name in ENTITLED[:4]:
        html = login(world.persona(name)).get(url).content.decode()
        assert KHMER in html and "Yes, admitted on 02/09/2014" in html, name
    response = login(world.monitor).get(url)
    assert response.status_code == 200 and "Thạch Thị Sa Vươl" in response.content.decode()
    html = response.content.decode()
    assert KHMER not in html and "02/09/2014" not in html and "Ethnicity" not in html
    assert "Member of the Communist Party" not in html


def test_the_api_answers_null_for_another_reader(world, api_client, dossier):
    url = f"/api/v1/nominations/{dossier.pk}"
    for name in ("officer_a", "reviewer", "editor"):
        body = api_client(world.persona(name)).get(url).json()
        assert (body["ethnicity"], body["ethnicity_name"], body["party_member"]) == (
            "05",
            KHMER,
            True,
        ), name
        assert body["party_joined_on"] == "2014-09-02" and body["sensitive_shown"] is True
    response = api_client(world.monitor).get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["sensitive_shown"] is False
    assert [body[key] for key in ("ethnicity", "ethnicity_name", "party_member")] == [None] * 3
    assert body["party_joined_on"] is None
    assert KHMER not in response.content.decode() and "2014-09-02" not in response.content.decode()


def _export(client) -> tuple[list[tuple], str]:
    response = client.get(reverse("nominations:export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Dossiers", "Subjects", "Past awards"]
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    return [tuple(c.value for c in row) for row in book["Subjects"].iter_rows()], " | ".join(cells)


def _last_export(user) -> AuditEntry:
    return AuditEntry.objects.filter(action="export.personal_data", actor_id=user.pk).latest("id")


def test_the_export_holds_them_for_a_reviewer_and_says_so_in_the_audit_log(world, login, dossier):
    rows, _text = _export(login(world.reviewer))
    header = next(row for row in rows if row and row[0] == "No.")
    assert "Ethnicity" in header and "Member of the Communist Party of Vietnam" in header
    row = next(row for row in rows if row and row[0] == 1)
    assert row[header.index("Ethnicity")] == KHMER
    assert row[header.index("Member of the Communist Party of Vietnam")] == "Yes"
    assert row[header.index("Date of admission to the Party")].date() == ADMITTED
    entry = _last_export(world.reviewer)
    assert entry.extra["sensitive"] == sorted(SENSITIVE_FIELDS)
    assert (
        "with sensitive personal data"
        in login(world.sysadmin).get(reverse("audit:list"), {"action": "security"}).content.decode()
    )


def test_the_export_leaves_them_out_for_another_reader_and_its_entry_says_none(
    world, login, dossier
):
    rows, text = _export(login(world.monitor))
    assert "Thạch Thị Sa Vươl" in text  # the monitor exports the dossier…
    assert KHMER not in text and "Ethnicity" not in " ".join(map(str, rows[3]))  # …not these
    assert "Ethnicity and Party membership are left out" in text
    entry = _last_export(world.monitor)
    assert "sensitive" not in entry.extra


def test_one_dossier_out_of_reach_leaves_them_out_for_the_whole_export(world, plan, dossier):
    """The editor decides at the province, not for a plan the district issued."""
    district_plan = Plan.objects.create(
        issuing_unit=world.district,
        year=2017,
        number=9,
        title="Kế hoạch của huyện",
        nomination_deadline=plan.nomination_deadline,
        report_deadline=plan.report_deadline,
        status=PlanStatus.ISSUED,
    )
    Nomination.objects.create(
        plan=district_plan,
        nominating_unit=world.unit_a,
        subject_kind="individual",
        full_name="Kim Thị Ra Ni",
        headline="Giáo viên giỏi",
        state="submitted",
        round=1,
        current_unit=world.district,
    )
    visible = Nomination.objects.visible_to(world.editor)
    assert visible.count() == 2
    assert exports_sensitive(world.editor, visible.filter(plan=plan))
    assert not exports_sensitive(world.editor, visible)
    assert exports_sensitive(world.reviewer, Nomination.objects.visible_to(world.reviewer))
    assert not exports_sensitive(world.monitor, Nomination.objects.visible_to(world.monitor))


def test_they_are_never_public_and_never_copied_into_history(world, dossier):
    banned = never_public("nominations.nomination")
    assert SENSITIVE_FIELDS == {"ethnicity", "party_member", "party_joined_on"} <= banned
    more = {"date_of_birth", "residence", "collective_address", "collective_phone"}
    assert more | {"collective_email"} <= banned
    with pytest.raises(NeverPublicError, match="ethnicity"):
        assert_public(["full_name", "ethnicity"], model="nominations.nomination")
    values = private_values(dossier)
    assert {"1987-06-30", "2014-09-02", "khóm 2, phường 5, thành phố Trà Vinh"} <= set(values)
    history = dossier.history.model
    assert not {f.name for f in history._meta.get_fields()} & SENSITIVE_FIELDS
