"""The dossier list: filters, diacritic-free search, ordering, bad input, N+1, escaping."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.nominations.models import Nomination
from dienhinh.nominations.queries import FilterForm, filter_nominations, waiting_for
from dienhinh.plans.models import Plan, PlanField, SubjectKind
from tests import factories

from .conftest import move

LIST = reverse("nominations:list")


def _names(response) -> set[str]:
    return {n.subject_name for n in response.context["page_obj"]}


def _search(user, **params):
    form = FilterForm(params, user=user)
    return {
        n.subject_name
        for n in filter_nominations(Nomination.objects.visible_to(user), form.params())
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen thi mai", {"Nguyễn Thị Mai"}),
        ("NGUYỄN mai", {"Nguyễn Thị Mai"}),
        ("dien hinh", {"Tổ Điện hình"}),
        ("điển", {"Tổ Điện hình"}),
        ("dang van", {"Đặng Văn Đông"}),  # đ folds to d
        ("dong", {"Đặng Văn Đông"}),
        ("giao vien", {"Nguyễn Thị Mai", "Đặng Văn Đông"}),
        ("mai xyz", set()),
    ],
)
def test_search_ignores_diacritics_and_folds_d(world, make_nomination, query, found):
    make_nomination(full_name="Nguyễn Thị Mai", headline="Giáo viên dạy giỏi")
    make_nomination(full_name="Đặng Văn Đông", headline="Giáo viên chủ nhiệm")
    make_nomination(
        subject_kind=SubjectKind.COLLECTIVE,
        full_name="",
        collective_name="Tổ Điện hình",
        headline="Một điển hình tiên tiến",
    )
    assert _search(world.officer_a, q=query) == found


def test_filters_by_state_kind_field_and_unit_subtree(world, plan, make_nomination):
    field = PlanField.objects.get(plan=plan)
    mai = make_nomination(full_name="Nguyễn Thị Mai", field=field)
    move(mai, "submit", world.officer_a)
    make_nomination(full_name="Trần Văn Nháp")
    make_nomination(world.group_a1, full_name="Lý Thị Tổ")
    make_nomination(
        subject_kind=SubjectKind.COLLECTIVE, full_name="", collective_name="Tổ Văn phòng"
    )
    make_nomination(world.unit_b, full_name="Phạm Văn Bê", created_by=world.officer_b)
    admin = world.fed_admin

    assert _search(admin, state=["submitted"]) == {"Nguyễn Thị Mai"}
    assert _search(admin, state=["draft", "submitted"]) == {
        "Nguyễn Thị Mai",
        "Trần Văn Nháp",
        "Lý Thị Tổ",
        "Tổ Văn phòng",
        "Phạm Văn Bê",
    }
    assert _search(admin, kind="collective") == {"Tổ Văn phòng"}
    assert _search(admin, field=str(field.pk)) == {"Nguyễn Thị Mai"}  # an id: its name
    assert _search(admin, field=field.name) == {"Nguyễn Thị Mai"}
    assert _search(admin, plan=str(plan.pk), unit="TV-CL-A-1") == {"Lý Thị Tổ"}
    assert _search(admin, unit="TV-CL-B") == {"Phạm Văn Bê"}
    # The unit includes its subtree, by code or by pk.
    assert "Lý Thị Tổ" in _search(admin, unit="TV-CL-A")
    assert "Phạm Văn Bê" not in _search(admin, unit=str(world.unit_a.pk))


def test_sort_by_name_uses_the_vietnamese_order(world, make_nomination):
    for name in ("Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Ánh", "Phạm Thị Đào"):
        make_nomination(full_name=name)
    form = FilterForm({"sort": "name"}, user=world.officer_a)
    ordered = filter_nominations(Nomination.objects.visible_to(world.officer_a), form.params())
    # By given name first: An, Ánh, Bình, Đào.
    assert [n.full_name for n in ordered] == [
        "Nguyễn Thị An",
        "Lê Văn Ánh",
        "Trần Văn Bình",
        "Phạm Thị Đào",
    ]


def test_bad_filters_give_a_form_error_not_a_500(world, login, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai")
    client = login(world.officer_a)
    response = client.get(
        LIST, {"plan": "abc", "state": "bogus", "unit": "NO-SUCH", "page": "x", "sort": "?"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"plan", "state", "unit", "sort"}
    assert "No unit with this code is in your scope." in response.content.decode()
    # The filters that were understood still apply; the others are left out.
    assert _names(response) == {"Nguyễn Thị Mai"}


def test_a_unit_of_another_branch_is_answered_like_an_unknown_code(world, login):
    response = login(world.officer_b).get(LIST, {"unit": "TV-TP-C"})
    assert response.context["form"].errors["unit"] == ["No unit with this code is in your scope."]


def test_list_shows_only_visible_dossiers(world, login, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai")
    make_nomination(world.unit_b, full_name="Phạm Văn Bê", created_by=world.officer_b)
    assert _names(login(world.officer_a).get(LIST)) == {"Nguyễn Thị Mai"}
    assert _names(login(world.officer_b).get(LIST)) == {"Phạm Văn Bê"}
    # Drafts stay with their units: the reviewer sees none of them.
    assert _names(login(world.reviewer).get(LIST)) == set()
    assert _names(login(world.outsider).get(LIST)) == set()


def test_list_table_and_export_link_keep_the_filters(world, login, plan, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai")
    response = login(world.officer_a).get(LIST, {"q": "mai", "state": ["draft", "returned"]})
    html = response.content.decode()
    assert "Nguyễn Thị Mai" in html and "57/KH-LĐLĐ" in html and "Draft" in html
    export = reverse("nominations:export")
    assert f'href="{export}?q=mai&amp;state=draft&amp;state=returned"' in html


def test_new_dossier_buttons_for_those_who_write_dossiers(world, login, plan):
    create = reverse("nominations:create")
    button = f'href="{create}?plan={plan.pk}"'
    assert button in login(world.officer_a).get(LIST).content.decode()
    assert button in login(world.fed_admin).get(LIST).content.decode()
    assert button not in login(world.reviewer).get(LIST).content.decode()
    assert button not in login(world.outsider).get(LIST).content.decode()


def test_names_and_headlines_are_escaped(world, login, make_nomination):
    make_nomination(full_name="<script>alert(1)</script>", headline="<img src=x onerror=alert(2)>")
    html = login(world.officer_a).get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def _count_queries(client, url) -> int:
    client.get(url)  # warm-up: the menu's cached count is filled on the first page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_rows(
    world, login, make_nomination, django_assert_num_queries
):
    client = login(world.officer_a)
    make_nomination(full_name="Nguyễn Văn Một")
    one = _count_queries(client, LIST)
    make_nomination(full_name="Nguyễn Văn Hai")
    make_nomination(world.group_a1, full_name="Nguyễn Văn Ba")
    client.get(LIST)  # saved dossiers make the menu's cached count stale: counted again once
    with django_assert_num_queries(one):
        response = client.get(LIST)
    assert len(response.context["page_obj"]) == 3


def test_waiting_for_matches_the_workflow(world, submitted, make_nomination):
    """The inbox query and the workflow agree on who acts where."""
    at_province = move(
        move(make_nomination(), "submit", world.officer_a), "forward", world.reviewer
    )
    assert set(waiting_for(world.reviewer)) == {submitted}
    assert set(waiting_for(world.editor)) == {at_province}
    assert set(waiting_for(world.sysadmin)) == {submitted, at_province}
    for persona in ("fed_admin", "monitor", "officer_a", "officer_b", "outsider"):
        assert not waiting_for(getattr(world, persona)).exists()


def test_list_pages_by_fifty_and_keeps_the_filters(world, login, make_nomination):
    for number in range(51):
        make_nomination(full_name=f"Nguyễn Văn Số {number}", photo=False)
    client = login(world.officer_a)
    first = client.get(LIST, {"q": "so", "state": "draft"})
    assert len(first.context["page_obj"]) == 50
    assert 'href="?q=so&amp;state=draft&amp;page=2"' in first.content.decode()
    second = client.get(LIST, {"q": "so", "state": "draft", "page": "2"})
    assert len(second.context["page_obj"]) == 1
    assert client.get(LIST, {"page": "999"}).context["page_obj"].number == 2


def test_fields_are_offered_once_per_name_and_match_in_every_plan(
    world, plan, make_nomination, login
):
    """Two plans with a field of the same name: the filter lists the name once, and choosing
    it finds the dossiers of both plans."""
    later = Plan.objects.create(
        issuing_unit=world.province,
        year=2018,
        number=3,
        symbol="KH-LĐLĐ",
        title="Kế hoạch năm sau",
        status=plan.status,
        nomination_deadline=plan.nomination_deadline,
        report_deadline=plan.report_deadline,
    )
    PlanField.objects.create(plan=later, name="Lao động sản xuất")
    PlanField.objects.create(plan=later, name="Công tác xã hội")
    first = make_nomination(full_name="Nguyễn Thị Mai", field=PlanField.objects.get(plan=plan))
    factories.make_nomination(
        later,
        world.unit_a,
        by=world.officer_a,
        full_name="Trần Văn Sau",
        field=PlanField.objects.get(plan=later, name="Lao động sản xuất"),
    )
    page = login(world.fed_admin).get(reverse("nominations:list"))
    options = page.content.decode().split('name="field"')[1].split("</select>")[0]
    assert options.count(">Lao động sản xuất<") == 1
    assert ">Công tác xã hội<" in options
    assert _search(world.fed_admin, field="Lao động sản xuất") == {first.full_name, "Trần Văn Sau"}
    assert _search(world.fed_admin, field="Lao động sản xuất", plan=str(later.pk)) == {
        "Trần Văn Sau"
    }
