"""Each persona's totals on the API lists and on the list pages equal the numbers written by
hand in tests/sweep/world.py: a list that counts another branch's objects fails here even
when no single object of it can be opened."""

import pytest

from tests.personas import PERSONAS

from .world import TOTALS

API_LISTS = {
    "units": "/api/v1/units",
    "users": "/api/v1/users",
    "roles": "/api/v1/role-assignments",
    "groups": "/api/v1/emulation-groups",
    "movements": "/api/v1/movements",
    "plans": "/api/v1/plans",
    "dossiers": "/api/v1/nominations",
    "stories": "/api/v1/stories",
    "activities": "/api/v1/activities",
    "reports": "/api/v1/reports",
    "rubrics": "/api/v1/rubrics",
}

# The list pages, the paginator of each list and, where the page prints it, its total as a
# visitor reads it (the Vietnamese interface is the default).
PAGE_LISTS = {
    "users": ("/account/users/", "page_obj", "{n} người dùng"),
    "groups": ("/units/groups/", "page_obj", None),
    "movements": ("/plans/movements/", "page_obj", None),
    "plans": ("/plans/", "page_obj", None),
    "dossiers": ("/dossiers/", "page_obj", "{n} hồ sơ"),
    "inbox": ("/dossiers/inbox/", "page_obj", "{n} hồ sơ đang chờ bạn xét duyệt"),
    "stories": ("/stories/", "page_obj", "{n} bài viết"),
    "activities": ("/activities/", "page_obj", None),
}

LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_api_list_totals(sweep, persona):
    client = sweep.api[persona]
    counts = {}
    for column, path in API_LISTS.items():
        response = client.get(path, {"limit": 1})
        assert response.status_code == 200, (path, response.content)
        counts[column] = response.json()["count"]
    expected = {column: TOTALS[persona][column] for column in API_LISTS}
    assert counts == expected


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_list_page_totals(sweep, persona):
    client = sweep.pages[persona]
    counts, shown = {}, {}
    for column, (path, page, visible) in PAGE_LISTS.items():
        response = client.get(path)
        assert response.status_code == 200, path
        counts[column] = n = response.context[page].paginator.count
        if visible and n:  # an empty inbox says so in other words
            shown[column] = visible.format(n=n) in response.content.decode()
    expected = {column: TOTALS[persona][column] for column in PAGE_LISTS}
    assert counts == expected
    assert all(shown.values()), f"totals not printed on the page: {shown}"


def test_the_table_has_a_row_for_every_persona_with_a_login():
    assert sorted(TOTALS) == sorted(LOGGED_IN)
