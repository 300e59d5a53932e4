"""The list's and the inbox's SQL is compiled once per scope and filters
(nominations.queries.Scoped): one person's compiled query never answers another's page, a
change of roles or filters shows at once, and new rows show on the next page."""

from django.urls import reverse

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import forget_assignments
from tests.factories import grant

from .conftest import move

LIST = reverse("nominations:list")
INBOX = reverse("nominations:inbox")


def _names(response) -> set[str]:
    return {row.subject_name for row in response.context["page_obj"]}


def test_sibling_officers_see_only_their_own_unit_one_after_the_other(
    world, login, make_nomination
):
    make_nomination(full_name="Nguyễn Thị Mai")
    make_nomination(world.unit_b, full_name="Trần Văn Bé", by=world.officer_b)
    officer_a, officer_b = login(world.officer_a), login(world.officer_b)
    for _ in range(2):
        assert _names(officer_a.get(LIST)) == {"Nguyễn Thị Mai"}
        assert _names(officer_b.get(LIST)) == {"Trần Văn Bé"}
        assert officer_b.get(LIST).context["page_obj"].paginator.count == 1


def test_each_filter_gets_its_own_query(world, login, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai")
    make_nomination(full_name="Đặng Văn Đông")
    make_nomination(world.group_a1, full_name="Lý Thị Tổ")
    officer = login(world.officer_a)
    assert _names(officer.get(LIST, {"q": "mai"})) == {"Nguyễn Thị Mai"}
    assert _names(officer.get(LIST, {"q": "dong"})) == {"Đặng Văn Đông"}
    assert _names(officer.get(LIST, {"q": "dong", "sort": "name"})) == {"Đặng Văn Đông"}
    assert _names(officer.get(LIST, {"unit": world.group_a1.code})) == {"Lý Thị Tổ"}
    assert _names(officer.get(LIST)) == {"Nguyễn Thị Mai", "Đặng Văn Đông", "Lý Thị Tổ"}


def test_a_new_dossier_and_a_new_role_show_on_the_next_page(world, login, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai")
    officer = login(world.officer_b)
    assert _names(officer.get(LIST)) == set()
    make_nomination(world.unit_b, full_name="Trần Văn Bé", by=world.officer_b)
    assert _names(officer.get(LIST)) == {"Trần Văn Bé"}
    grant(world.officer_b, world.unit_a, Role.OFFICER)
    forget_assignments(world.officer_b)
    assert _names(officer.get(LIST)) == {"Nguyễn Thị Mai", "Trần Văn Bé"}


def test_the_inbox_follows_each_reviewers_scope_and_each_decision(world, login, make_nomination):
    dossier = make_nomination(full_name="Nguyễn Thị Mai")
    move(dossier, "submit", world.officer_a)
    reviewer, outsider_reviewer = login(world.reviewer), login(world.outsider)
    grant(world.outsider, world.other_district, Role.REVIEWER)
    assert _names(reviewer.get(INBOX)) == {"Nguyễn Thị Mai"}
    assert _names(outsider_reviewer.get(INBOX)) == set()
    move(dossier, "return", world.reviewer, reason="Thiếu ảnh")
    assert _names(reviewer.get(INBOX)) == set()
    returned = login(world.officer_a).get(INBOX).context["returned_page"]
    assert {row.subject_name for row in returned} == {"Nguyễn Thị Mai"}
