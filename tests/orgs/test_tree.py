"""The unit tree browser: top units, lazy children, search folding diacritics and đ."""

import pytest
from django.urls import reverse

from tests.factories import make_unit

HX = {"HTTP_HX_REQUEST": "true"}


def test_tree_shows_top_units_of_the_scope(world, login):
    page = login(world.reviewer).get(reverse("orgs:tree")).content.decode()
    assert world.district.name in page
    assert world.province.name not in page
    # The toggle works without JavaScript: it is a link to the unit page.
    assert f'href="{reverse("orgs:detail", args=[world.district.pk])}"' in page
    assert f'hx-get="{reverse("orgs:children", args=[world.district.pk])}"' in page


def test_children_fragment_lists_visible_children_sorted(world, login):
    url = reverse("orgs:children", args=[world.district.pk])
    page = login(world.reviewer).get(url, **HX).content.decode()
    assert page.lstrip().startswith("<ul>")
    # "Trường ..." (A) and "Trạm ..." (B): Vietnamese order puts Trạm before Trường.
    assert page.index(world.unit_b.name) < page.index(world.unit_a.name)
    # unit_a has a child, so it gets a toggle; unit_b has none.
    assert f'id="toggle-{world.unit_a.pk}"' in page
    assert f'id="toggle-{world.unit_b.pk}"' not in page
    # The toggle of the expanded unit is swapped out of band into its "collapse" state.
    assert 'hx-swap-oob="true"' in page
    assert f"{url}?collapse=1" in page


def test_children_fragment_hides_units_outside_scope(world, login):
    # officer_a sees unit_a only (and below), not its sibling unit_b.
    url = reverse("orgs:children", args=[world.unit_a.pk])
    page = login(world.officer_a).get(url, **HX).content.decode()
    assert world.group_a1.name in page
    assert (
        login(world.officer_a)
        .get(reverse("orgs:children", args=[world.district.pk]), **HX)
        .status_code
        == 404
    )


def test_collapse_returns_closed_toggle(world, login):
    url = reverse("orgs:children", args=[world.district.pk])
    page = login(world.reviewer).get(url + "?collapse=1", **HX).content.decode()
    assert world.unit_a.name not in page
    assert 'aria-expanded="false"' in page
    assert 'hx-swap-oob="true"' in page


def test_children_fragment_pages_with_more_link(world, login):
    for number in range(52):
        make_unit(f"Tổ {number:02d}", parent=world.unit_b, kind="group")
    url = reverse("orgs:children", args=[world.unit_b.pk])
    first = login(world.fed_admin).get(url, **HX).content.decode()
    assert first.count("<li>") == 50
    assert f"{url}?page=2" in first
    second = login(world.fed_admin).get(url + "?page=2", **HX).content.decode()
    assert second.count("<li>") == 2
    assert "<ul>" not in second


def test_inactive_units_have_a_badge(world, login):
    world.unit_b.is_active = False
    world.unit_b.save()
    url = reverse("orgs:children", args=[world.district.pk])
    page = login(world.reviewer).get(url, **HX).content.decode()
    assert 'class="badge off"' in page


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("cang long", "Liên đoàn Lao động huyện Càng Long", "Công ty Đồng Tâm"),
        ("dong tam", "Công đoàn cơ sở Công ty Đồng Tâm", "Càng Long"),
        ("ĐỒNG TÂM", "Công đoàn cơ sở Công ty Đồng Tâm", "Càng Long"),
        ("TV-TP-C", "Công đoàn cơ sở Công ty Đồng Tâm", "Càng Long"),
    ],
)
def test_search_folds_diacritics_and_d(world, login, query, found, not_found):
    page = login(world.fed_admin).get(reverse("orgs:tree"), {"q": query}).content.decode()
    assert found in page
    assert not_found not in page.split('id="unit-results"')[1]


def test_search_shows_path_and_respects_scope(world, login):
    url = reverse("orgs:tree")
    page = login(world.fed_admin).get(url, {"q": "khoi 1"}).content.decode()
    assert world.group_a1.name in page
    # The path of visible ancestors is shown as context.
    results = page.split('id="unit-results"')[1]
    assert "LĐLĐ tỉnh › LĐLĐ Càng Long ›" in results
    # officer_b cannot see unit_a's group, nor the district in the path.
    other = login(world.officer_b).get(url, {"q": "khoi 1"}).content.decode()
    assert world.group_a1.name not in other
    assert "0 units match" in other


def test_search_path_only_lists_visible_ancestors(world, login):
    page = login(world.officer_a).get(reverse("orgs:tree"), {"q": "khoi"}).content.decode()
    results = page.split('id="unit-results"')[1]
    assert world.group_a1.name in results
    assert "LĐLĐ Càng Long" not in results


def test_live_search_returns_only_the_results_block(world, login):
    response = login(world.fed_admin).get(reverse("orgs:tree"), {"q": "dong tam"}, **HX)
    page = response.content.decode()
    assert "Công ty Đồng Tâm" in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_search_is_paginated(world, login):
    for number in range(55):
        make_unit(f"Tổ Đoàn kết {number:02d}", parent=world.unit_b, kind="group")
    url = reverse("orgs:tree")
    first = login(world.fed_admin).get(url, {"q": "doan ket"}).content.decode()
    assert first.count("Tổ Đoàn kết") == 50
    assert "q=doan+ket&amp;page=2" in first
    second = login(world.fed_admin).get(url, {"q": "doan ket", "page": 2}).content.decode()
    assert second.count("Tổ Đoàn kết") == 5
