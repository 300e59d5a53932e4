"""Who gets what on every dossier page: persona × page → status (one line per case)."""

import pytest
from django.urls import reverse

from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination

from .conftest import act_url, pick, seen_fields

LOGIN_PREFIX = "/accounts/login/"


def _status(response) -> int:
    if response.status_code == 302 and response.url.startswith(LOGIN_PREFIX):
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(p, 200) for p in ("sysadmin", "fed_admin", "monitor", "editor", "reviewer")]
    + [(p, 200) for p in ("officer_a", "officer_b", "outsider")]
    + [("anonymous", "login")],
)
@pytest.mark.parametrize("page", ["nominations:list", "nominations:inbox", "nominations:export"])
def test_list_pages_need_a_login(world, login, persona, expected, page):
    response = login(world.persona(persona)).get(reverse(page))
    assert _status(response) == expected


@pytest.mark.parametrize(
    ("persona", "on_draft", "on_submitted"),
    [
        ("sysadmin", 200, 200),
        ("fed_admin", 200, 200),
        ("monitor", 404, 200),
        ("editor", 404, 200),
        ("reviewer", 404, 200),
        ("officer_a", 200, 200),
        ("officer_b", 404, 404),
        ("outsider", 404, 404),
        ("anonymous", "login", "login"),
    ],
)
def test_dossier_page(world, login, make_nomination, persona, on_draft, on_submitted):
    from .conftest import move

    draft = make_nomination(full_name="Lê Văn Nháp")
    sent = move(make_nomination(), "submit", world.officer_a)
    client = login(world.persona(persona))
    assert _status(client.get(reverse("nominations:detail", args=[draft.pk]))) == on_draft
    assert _status(client.get(reverse("nominations:detail", args=[sent.pk]))) == on_submitted


# What each persona gets on the action page, GET then POST, for a dossier in the given state.
ACT_MATRIX = [
    # submit a draft of unit A
    ("draft", "submit", "sysadmin", 200, 302),
    ("draft", "submit", "fed_admin", 200, 302),
    ("draft", "submit", "officer_a", 200, 302),
    ("draft", "submit", "reviewer", 404, 404),
    ("draft", "submit", "editor", 404, 404),
    ("draft", "submit", "officer_b", 404, 404),
    ("draft", "submit", "outsider", 404, 404),
    ("draft", "submit", "anonymous", "login", "login"),
    # forward / return at the district
    ("submitted", "forward", "reviewer", 200, 302),
    ("submitted", "forward", "sysadmin", 200, 302),
    ("submitted", "forward", "fed_admin", 403, 403),
    ("submitted", "forward", "monitor", 403, 403),
    ("submitted", "forward", "editor", 403, 403),
    ("submitted", "forward", "officer_a", 403, 403),
    ("submitted", "forward", "officer_b", 404, 404),
    ("submitted", "forward", "outsider", 404, 404),
    ("submitted", "forward", "anonymous", "login", "login"),
    ("submitted", "return", "reviewer", 200, 302),
    ("submitted", "return", "officer_a", 403, 403),
    ("submitted", "return", "editor", 403, 403),
    ("submitted", "select", "reviewer", 403, 400),  # may act here, but not select
    ("submitted", "submit", "officer_a", 403, 400),  # already submitted
    ("submitted", "withdraw", "officer_a", 200, 302),
    ("submitted", "withdraw", "reviewer", 403, 403),
    # select / reject at the province (the plan's issuing unit)
    ("forwarded", "select", "editor", 200, 302),
    ("forwarded", "reject", "editor", 200, 302),
    ("forwarded", "select", "reviewer", 403, 403),
    ("forwarded", "select", "monitor", 403, 403),
    ("forwarded", "select", "officer_a", 403, 403),
    ("forwarded", "select", "officer_b", 404, 404),
    ("forwarded", "forward", "editor", 403, 400),  # the issuer decides, it does not forward
]


@pytest.mark.parametrize(("state", "action", "persona", "on_get", "on_post"), ACT_MATRIX)
def test_action_page(world, login, make_nomination, state, action, persona, on_get, on_post):
    from .conftest import move

    nomination = make_nomination()
    if state in ("submitted", "forwarded"):
        move(nomination, "submit", world.officer_a)
    if state == "forwarded":
        move(nomination, "forward", world.reviewer)
    before = (nomination.state, nomination.current_unit_id, nomination.round)
    client = login(world.persona(persona))

    assert _status(client.get(act_url(nomination, action))) == on_get
    data = {**seen_fields(nomination), "reason": "Đủ điều kiện", "confirm_duplicates": "on"}
    assert _status(client.post(act_url(nomination, action), data)) == on_post

    nomination.refresh_from_db()
    after = (nomination.state, nomination.current_unit_id, nomination.round)
    assert (after != before) == (on_post == 302 and persona != "anonymous")


@pytest.mark.parametrize(
    ("persona", "forwarded"),
    [
        ("sysadmin", True),
        ("reviewer", True),
        ("fed_admin", False),
        ("monitor", False),
        ("editor", False),
        ("officer_a", False),
        ("officer_b", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_bulk_forward(world, login, submitted, persona, forwarded):
    response = login(world.persona(persona)).post(
        reverse("nominations:bulk"), {"action": "forward", "pick": [pick(submitted)]}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.state == State.FORWARDED) is forwarded


def test_bulk_needs_post_and_a_known_action(world, login, submitted):
    client = login(world.reviewer)
    assert client.get(reverse("nominations:bulk")).status_code == 405
    response = client.post(
        reverse("nominations:bulk"), {"action": "select", "pick": [pick(submitted)]}
    )
    assert response.status_code == 400
    assert Nomination.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_unknown_action_and_unknown_dossier_give_404(world, login, submitted):
    client = login(world.reviewer)
    assert client.get(act_url(submitted, "publish")).status_code == 404
    assert client.get(reverse("nominations:act", args=[999999, "forward"])).status_code == 404
    assert client.get(reverse("nominations:detail", args=[999999])).status_code == 404
