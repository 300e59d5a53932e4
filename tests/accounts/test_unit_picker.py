"""The unit picker's search: folded words, only the units the form accepts, the path above
each one without naming what the person may not see."""

import pytest
from django.urls import reverse

from dienhinh.plans.models import TargetMode

URL = reverse("accounts:unit_picker")


def results(client, scope, q):
    response = client.get(URL, {"scope": scope, "q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_typing_without_diacritics_finds_the_unit_with_the_units_above(world, login):
    found = results(login(world.fed_admin), "managed", "cang long")
    assert [u["code"] for u in found] == ["TV-CL", "TV-CL-A"]
    assert found[0] == {
        "id": world.district.pk,  # what a select of units takes
        "code": "TV-CL",
        "name": "Liên đoàn Lao động huyện Càng Long",
        "trail": "LĐLĐ tỉnh",
    }
    assert found[1]["trail"] == "LĐLĐ tỉnh › LĐLĐ Càng Long"
    # đ folds to d, as everywhere else in the search.
    assert [u["code"] for u in results(login(world.fed_admin), "visible", "dong tam")] == [
        "TV-TP-C"
    ]


def test_only_units_the_form_accepts_and_no_name_from_another_branch(world, login):
    officer_b = login(world.officer_b)
    # "Trường" is in unit A's name (a sibling branch) and in unit B's own.
    assert [u["code"] for u in results(officer_b, "visible", "truong")] == ["TV-CL-B"]
    assert results(officer_b, "managed", "truong") == []  # an officer manages no unit
    # The district's reviewer plans nothing; the monitor plans the whole province.
    assert results(login(world.reviewer), "planner", "cang long") == []
    assert len(results(login(world.monitor), "planner", "cang long")) == 2
    # Officer B sees unit B but not the province above it: the trail names only what it may.
    [own] = results(officer_b, "visible", "tram y te")
    assert "LĐLĐ tỉnh" not in own["trail"]


def test_short_or_strange_input_and_unknown_scopes(world, login, client):
    fed = login(world.fed_admin)
    assert results(fed, "managed", "c") == []
    # A NUL in the query string is refused before the view (core/limits.py).
    assert fed.get(URL, {"scope": "managed", "q": "cang\x00long"}).status_code == 400
    assert fed.get(URL, {"scope": "everything", "q": "cang"}).status_code == 404
    anonymous = client.get(URL, {"scope": "visible", "q": "cang"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize("word", ["truong", "lien doan"])
def test_the_same_number_of_queries_for_one_result_or_many(
    world, login, word, django_assert_max_num_queries
):
    fed = login(world.fed_admin)
    fed.get(URL, {"scope": "visible", "q": "x"})  # the session is read once before
    with django_assert_max_num_queries(6):
        fed.get(URL, {"scope": "visible", "q": word})


def test_forms_that_ask_for_a_unit_offer_the_picker(world, login):
    fed = login(world.fed_admin)
    page = fed.get(reverse("accounts:invite")).content.decode()
    assert 'data-unit-picker="managed"' in page
    assert f'data-unit-picker-url="{URL}"' in page
    page = fed.get(reverse("orgs:group_add") + f"?organizer={world.province.pk}")
    assert page.status_code == 200
    assert 'data-unit-picker="visible" data-unit-picker-list' in page.content.decode()
    page = fed.get(reverse("plans:create")).content.decode()
    assert 'name="target_codes"' in page and "data-unit-picker-list" in page
    page = fed.get(reverse("plans:movement_create")).content.decode()
    assert 'name="launched_by_code"' in page and 'data-unit-picker="planner"' in page


TREE = reverse("accounts:unit_tree")


def tree(client, unit=None, **params):
    url = TREE if unit is None else reverse("accounts:unit_tree_children", args=[unit.pk])
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_tree_opens_one_level_at_a_time_and_marks_what_the_form_accepts(world, login):
    fed = login(world.fed_admin)
    assert tree(fed, scope="managed") == {
        "units": [
            {
                "id": world.province.pk,
                "code": "TV",
                "name": world.province.name,
                "choosable": True,
                "children": True,
            }
        ],
        "more": False,
    }
    level = tree(fed, world.province, scope="managed")["units"]
    # The province's two districts, in Vietnamese name order ("Càng Long" before "TP.").
    assert [(u["code"], u["children"]) for u in level] == [("TV-CL", True), ("TV-TP", True)]
    # Grassroots unions by name, as the unit tree lists them ("Trạm" before "Trường").
    assert [u["code"] for u in tree(fed, world.district)["units"]] == ["TV-CL-B", "TV-CL-A"]
    # The district's reviewer sees Càng Long's subtree but launches no movement from it:
    # with nothing to choose, no branch is offered.
    reviewer = login(world.reviewer)
    assert [u["code"] for u in tree(reviewer)["units"]] == ["TV-CL"]
    assert tree(reviewer, scope="planner") == {"units": [], "more": False}
    assert tree(reviewer, world.district, scope="planner") == {"units": [], "more": False}


def test_outside_the_persons_scope_the_tree_names_nothing(world, login, client):
    officer_b = login(world.officer_b)
    # Officer B's tree starts at unit B, which has no children to show.
    assert [(u["code"], u["children"]) for u in tree(officer_b)["units"]] == [("TV-CL-B", False)]
    for unit in (world.province, world.district, world.unit_a, world.group_a1):
        response = officer_b.get(reverse("accounts:unit_tree_children", args=[unit.pk]))
        assert response.status_code == 404
        assert unit.name.encode() not in response.content
    assert tree(login(world.outsider)) == {"units": [], "more": False}
    assert officer_b.get(TREE, {"scope": "everything"}).status_code == 404
    anonymous = client.get(reverse("accounts:unit_tree_children", args=[world.province.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_dossiers_unit_is_chosen_among_the_units_the_plan_takes_from_this_person(
    world, login, plan
):
    fed = login(world.fed_admin)
    level = tree(fed, world.district, scope="nominating", plan=plan.pk)["units"]
    assert [(u["code"], u["choosable"]) for u in level] == [("TV-CL-B", True), ("TV-CL-A", True)]
    # Without a plan the person may see, no unit can be chosen.
    assert tree(fed, world.district, scope="nominating", plan="999999")["units"] == []
    found = fed.get(URL, {"scope": "nominating", "plan": plan.pk, "q": "tram y te"}).json()
    assert [u["code"] for u in found["results"]] == ["TV-CL-B"]
    officer_a = login(world.officer_a)
    found = officer_a.get(URL, {"scope": "nominating", "plan": plan.pk, "q": "tram y te"})
    assert found.json()["results"] == []


def test_a_level_costs_the_same_queries_for_two_children_or_one(
    world, login, django_assert_max_num_queries
):
    fed = login(world.fed_admin)
    tree(fed, world.unit_a)  # the session is read once before
    for unit in (world.district, world.other_district):
        # session, user, roles; the unit, its children, which of them the scope accepts
        with django_assert_max_num_queries(6):
            tree(fed, unit, scope="managed")


def test_the_tree_offers_only_branches_that_lead_to_a_unit_the_form_accepts(
    world, login, plan, django_assert_max_num_queries
):
    # The plan is sent to unit A alone: unit B beside it and the other district take none.
    plan.target_mode = TargetMode.CHOSEN
    plan.save()
    plan.target_units.set([world.unit_a])
    fed = login(world.fed_admin)
    params = {"scope": "nominating", "plan": plan.pk}
    [top] = tree(fed, **params)["units"]
    assert (top["code"], top["choosable"], top["children"]) == ("TV", False, True)
    # Càng Long leads to unit A; TP. Trà Vinh leads nowhere and is left out.
    level = tree(fed, world.province, **params)["units"]
    assert [(u["code"], u["choosable"], u["children"]) for u in level] == [("TV-CL", False, True)]
    # Unit A is chosen itself, and so is its group below it.
    level = tree(fed, world.district, **params)["units"]
    assert [(u["code"], u["choosable"], u["children"]) for u in level] == [("TV-CL-A", True, True)]
    assert tree(fed, world.other_district, **params)["units"] == []
    # The whole answer for a level, pruned: session, user, roles; the unit, its children,
    # the plan and its targets, and the one query on the scope's paths under them.
    with django_assert_max_num_queries(8):
        tree(fed, world.province, **params)
