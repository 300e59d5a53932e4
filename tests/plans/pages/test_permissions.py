"""Who reaches which plan page: persona × page → status code."""

import pytest
from django.urls import reverse

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


def _get(login, world, persona, url):
    return login(world.persona(persona)).get(url)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sysadmin", OK),
        ("fed_admin", OK),
        ("monitor", OK),
        ("editor", OK),
        ("reviewer", OK),
        ("officer_a", OK),
        ("outsider", OK),
        ("anonymous", REDIRECT),
    ],
)
def test_plan_list(login, world, persona, expected):
    assert _get(login, world, persona, reverse("plans:list")).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sysadmin", OK),
        ("fed_admin", OK),
        ("monitor", OK),
        ("editor", FORBIDDEN),
        ("reviewer", FORBIDDEN),
        ("officer_a", FORBIDDEN),
        ("officer_b", FORBIDDEN),
        ("outsider", NOT_FOUND),
        ("anonymous", REDIRECT),
    ],
)
def test_new_plan_of_the_province(login, world, persona, expected):
    url = f"{reverse('plans:create')}?unit={world.province.pk}"
    assert _get(login, world, persona, url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "page", "expected"),
    [
        ("sysadmin", "detail", OK),
        ("fed_admin", "detail", OK),
        ("monitor", "detail", OK),
        ("editor", "detail", OK),
        ("reviewer", "detail", NOT_FOUND),
        ("officer_a", "detail", NOT_FOUND),
        ("outsider", "detail", NOT_FOUND),
        ("anonymous", "detail", REDIRECT),
        ("fed_admin", "edit", OK),
        ("monitor", "edit", OK),
        ("editor", "edit", FORBIDDEN),
        ("reviewer", "edit", NOT_FOUND),
        ("officer_a", "edit", NOT_FOUND),
        ("outsider", "edit", NOT_FOUND),
        ("anonymous", "edit", REDIRECT),
        ("fed_admin", "issue", OK),
        ("monitor", "issue", OK),
        ("editor", "issue", FORBIDDEN),
        ("officer_a", "issue", NOT_FOUND),
        ("monitor", "copy", OK),
        ("editor", "copy", FORBIDDEN),
        ("officer_a", "copy", NOT_FOUND),
    ],
)
def test_draft_plan_pages(login, world, draft, persona, page, expected):
    url = reverse(f"plans:{page}", args=[draft.pk])
    assert _get(login, world, persona, url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "page", "expected"),
    [
        ("sysadmin", "detail", OK),
        ("fed_admin", "detail", OK),
        ("monitor", "detail", OK),
        ("reviewer", "detail", OK),
        ("officer_a", "detail", OK),
        ("officer_b", "detail", OK),
        ("outsider", "detail", NOT_FOUND),
        ("anonymous", "detail", REDIRECT),
        ("fed_admin", "edit", FORBIDDEN),
        ("monitor", "edit", FORBIDDEN),
        ("reviewer", "edit", FORBIDDEN),
        ("officer_a", "edit", FORBIDDEN),
        ("outsider", "edit", NOT_FOUND),
        ("monitor", "close", OK),
        ("fed_admin", "close", OK),
        ("reviewer", "close", FORBIDDEN),
        ("officer_a", "close", FORBIDDEN),
        ("outsider", "close", NOT_FOUND),
        ("monitor", "copy", OK),
        ("reviewer", "copy", FORBIDDEN),
        ("officer_a", "copy", FORBIDDEN),
    ],
)
def test_issued_plan_pages(login, world, issued, persona, page, expected):
    url = reverse(f"plans:{page}", args=[issued.pk])
    assert _get(login, world, persona, url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("monitor", 302),
        ("fed_admin", 302),
        ("reviewer", 403),
        ("officer_a", 403),
        ("outsider", 404),
    ],
)
def test_post_close(login, world, issued, persona, expected):
    response = login(world.persona(persona)).post(reverse("plans:close", args=[issued.pk]))
    assert response.status_code == expected
    issued.refresh_from_db()
    assert (issued.status == "closed") == (expected == 302)


@pytest.mark.parametrize(
    ("persona", "page", "expected"),
    [
        ("monitor", "movement_list", OK),
        ("officer_a", "movement_list", OK),
        ("anonymous", "movement_list", REDIRECT),
        ("monitor", "movement_create", OK),
        ("fed_admin", "movement_create", OK),
        ("reviewer", "movement_create", FORBIDDEN),
        ("officer_a", "movement_create", FORBIDDEN),
        ("anonymous", "movement_create", REDIRECT),
    ],
)
def test_movement_pages(login, world, persona, page, expected):
    assert _get(login, world, persona, reverse(f"plans:{page}")).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("monitor", OK),
        ("fed_admin", OK),
        ("editor", FORBIDDEN),
        ("reviewer", FORBIDDEN),
        ("officer_a", FORBIDDEN),
        ("outsider", NOT_FOUND),
        ("anonymous", REDIRECT),
    ],
)
def test_movement_edit(login, world, movement, persona, expected):
    url = reverse("plans:movement_edit", args=[movement.pk])
    assert _get(login, world, persona, url).status_code == expected
