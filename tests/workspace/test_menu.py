"""The main menu: entries that can only be empty are left out, and "Waiting for me" counts
what waits for the person, current right after each decision."""

import pytest
from django.urls import reverse

from dienhinh.nominations.workflow import Decision, transition_nomination

HOME = reverse("workspace:home")
INBOX = reverse("nominations:inbox")


@pytest.fixture
def page_language():
    return "en"


def menu_of(client) -> str:
    html = client.get(HOME).content.decode()
    return html[html.index('class="mainnav"') : html.index("</nav>")]


def test_a_person_without_a_role_sees_only_home(world, login):
    menu = menu_of(login(world.outsider))
    assert INBOX not in menu
    for name in ("nominations:list", "plans:list", "orgs:tree", "accounts:user_list"):
        assert reverse(name) not in menu


def test_the_count_follows_every_decision(
    world, login, make_nomination, django_capture_on_commit_callbacks
):
    reviewer = login(world.reviewer)
    assert "Waiting for me</a>" in menu_of(reviewer)  # nothing waits: no count shown
    dossier = make_nomination()
    # The count is cached until a decision commits (the generation is bumped on commit).
    with django_capture_on_commit_callbacks(execute=True):
        transition_nomination(dossier, action="submit", by=world.officer_a)
    assert 'Waiting for me <span class="count">(1)</span>' in menu_of(reviewer)
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        transition_nomination(
            dossier, action="return", by=world.reviewer, decision=Decision(reason="Thiếu ảnh")
        )
    assert "Waiting for me</a>" in menu_of(reviewer)
    # The officer now has the returned dossier waiting for them.
    assert 'Waiting for me <span class="count">(1)</span>' in menu_of(login(world.officer_a))


def test_the_count_costs_no_query_when_nothing_changed(world, login, make_nomination):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    transition_nomination(make_nomination(), action="submit", by=world.officer_a)
    client = login(world.reviewer)
    assert "(1)</span>" in client.get(reverse("accounts:profile")).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("accounts:profile")).content.decode()
    assert "(1)</span>" in page
    assert not [q for q in queries.captured_queries if "nominations_nomination" in q["sql"]]


def test_the_count_follows_a_new_role_at_once(world, login, make_nomination):
    """The count is kept per scope, not per person: a role granted without any decision
    since shows what waits under it on the next page."""
    from dienhinh.accounts.domain import assign_role
    from dienhinh.accounts.models import Role

    transition_nomination(make_nomination(), action="submit", by=world.officer_a)
    elsewhere = make_nomination(unit=world.unit_c, by=world.sysadmin)
    transition_nomination(elsewhere, action="submit", by=world.sysadmin)
    reviewer = login(world.reviewer)
    assert 'Waiting for me <span class="count">(1)</span>' in menu_of(reviewer)
    # The other district's dossier went up to the federation, where an editor decides.
    assign_role(
        user=world.reviewer,
        unit=world.province,
        role=Role.EDITOR,
        covers_subtree=True,
        by=world.fed_admin,
    )
    assert 'Waiting for me <span class="count">(2)</span>' in menu_of(reviewer)
