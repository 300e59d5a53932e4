"""Units through the API: scope, filters, search, pagination, create, change, move."""

import unicodedata

import pytest

from dienhinh.orgs.models import OrgUnit
from tests.api.conftest import assert_error


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sysadmin", ["TV", "TV-CL", "TV-CL-A", "TV-CL-A-1", "TV-CL-B", "TV-TP", "TV-TP-C"]),
        ("fed_admin", ["TV", "TV-CL", "TV-CL-A", "TV-CL-A-1", "TV-CL-B", "TV-TP", "TV-TP-C"]),
        ("reviewer", ["TV-CL", "TV-CL-A", "TV-CL-A-1", "TV-CL-B"]),
        ("officer_a", ["TV-CL-A", "TV-CL-A-1"]),
        ("officer_b", ["TV-CL-B"]),
        ("outsider", []),
    ],
)
def test_list_shows_only_the_callers_scope(world, api_client, persona, expected):
    response = api_client(world.persona(persona)).get("/api/v1/units")
    assert _codes(response) == expected
    assert response.json()["count"] == len(expected)


def test_unit_json(world, api_client):
    response = api_client(world.officer_a).get(f"/api/v1/units/{world.unit_a.pk}")
    assert response.json() == {
        "id": world.unit_a.pk,
        "code": "TV-CL-A",
        "name": "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long",
        "short_name": "",
        "kind": "grassroots",
        "email": "",
        "address": "",
        "is_active": True,
        "valid_from": None,
        "valid_to": None,
        "parent_id": world.district.pk,
        "depth": 3,
        "numchild": 1,
    }
    root = api_client(world.sysadmin).get(f"/api/v1/units/{world.province.pk}").json()
    assert root["parent_id"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("parent={district}", ["TV-CL-A", "TV-CL-B"]),
        ("subtree={district}", ["TV-CL", "TV-CL-A", "TV-CL-A-1", "TV-CL-B"]),
        ("kind=district", ["TV-CL", "TV-TP"]),
        ("q=cang long", ["TV-CL", "TV-CL-A"]),
        ("q=DONG TAM", ["TV-TP-C"]),
        ("q=lien doan&order=sort_name", ["TV-CL", "TV-TP", "TV"]),
        ("active=false", []),
        ("limit=2&offset=1", ["TV-CL", "TV-CL-A"]),
    ],
)
def test_list_filters(world, api_client, query, expected):
    query = query.format(district=world.district.pk)
    response = api_client(world.fed_admin).get(f"/api/v1/units?{query}")
    assert _codes(response) == expected


def test_pagination_counts_everything_and_caps_the_page(world, api_client, settings):
    response = api_client(world.fed_admin).get("/api/v1/units?limit=2")
    assert response.json()["count"] == 7
    assert len(response.json()["items"]) == 2
    too_big = api_client(world.fed_admin).get(f"/api/v1/units?limit={settings.API_PAGE_MAX + 1}")
    assert assert_error(too_big, 422, "invalid")["details"][0]["field"] == "limit"


def test_officer_sees_only_visible_children_of_an_invisible_parent(world, api_client):
    client = api_client(world.officer_a)
    assert _codes(client.get(f"/api/v1/units?parent={world.district.pk}")) == ["TV-CL-A"]
    assert _codes(client.get("/api/v1/units?parent=999999")) == []


def test_subtree_of_an_invisible_unit_is_404(world, api_client):
    response = api_client(world.officer_b).get(f"/api/v1/units?subtree={world.unit_a.pk}")
    assert_error(response, 404, "not_found")


def test_create_unit_normalises_text(world, api_client):
    decomposed = unicodedata.normalize("NFD", "Công đoàn cơ sở Trường  Mầm non Hoa Sen ")
    response = api_client(world.fed_admin).post(
        "/api/v1/units",
        {
            "parent_id": world.district.pk,
            "kind": "grassroots",
            "code": unicodedata.normalize("NFD", " TV-CL-Ư "),
            "name": decomposed,
            "email": "HoaSen@Example.VN",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Công đoàn cơ sở Trường Mầm non Hoa Sen"
    assert unicodedata.is_normalized("NFC", body["name"])
    assert body["code"] == "TV-CL-Ư"
    assert body["email"] == "hoasen@example.vn"
    assert body["parent_id"] == world.district.pk
    assert body["depth"] == 3
    unit = OrgUnit.objects.get(pk=body["id"])
    assert unit.search_text == "cong doan co so truong mam non hoa sen tv-cl-u"
    # The same code written in NFD is the same code: refused, not a server error.
    again = api_client(world.fed_admin).post(
        "/api/v1/units",
        {"parent_id": world.district.pk, "kind": "grassroots", "code": body["code"], "name": "X"},
        content_type="application/json",
    )
    assert assert_error(again, 400, "invalid")["details"][0]["field"] == "code"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "planet", "code": "X", "name": "X"}, 422, "kind"),
        ({"kind": "grassroots", "code": "", "name": "X"}, 422, "code"),
        ({"kind": "grassroots", "code": "TV-CL", "name": "X"}, 400, "code"),
        (
            {"kind": "grassroots", "code": "X", "name": "X", "email": "không-phải-email"},
            400,
            "email",
        ),
        (
            {
                "kind": "grassroots",
                "code": "X",
                "name": "X",
                "valid_from": "2025-07-01",
                "valid_to": "2025-01-01",
            },
            400,
            "valid_to",
        ),
        (
            {"kind": "grassroots", "code": "X", "name": "X", "valid_from": "01/07/2025"},
            422,
            "valid_from",
        ),
    ],
)
def test_create_unit_invalid(world, api_client, body, status, field):
    body = {"parent_id": world.district.pk, **body}
    response = api_client(world.fed_admin).post(
        "/api/v1/units", body, content_type="application/json"
    )
    error = assert_error(response, status, "invalid")
    assert field in [d["field"] for d in error["details"]]
    assert not OrgUnit.objects.filter(name="X").exists()


def test_patch_changes_only_the_fields_sent(world, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/units/{world.unit_a.pk}",
        {"short_name": "CĐCS Trường A", "valid_from": "2017-06-29"},
        content_type="application/json",
    )
    assert response.status_code == 200
    world.unit_a.refresh_from_db()
    assert world.unit_a.short_name == "CĐCS Trường A"
    assert world.unit_a.name == "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long"
    assert str(world.unit_a.valid_from) == "2017-06-29"
    assert response.json()["valid_from"] == "2017-06-29"


def test_patch_null_for_a_required_field_is_422(world, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/units/{world.unit_a.pk}", {"name": None}, content_type="application/json"
    )
    assert_error(response, 422, "invalid")


def test_patch_parent_moves_the_subtree(world, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/units/{world.unit_a.pk}",
        {"parent_id": world.other_district.pk},
        content_type="application/json",
    )
    assert response.json()["parent_id"] == world.other_district.pk
    child = api_client(world.fed_admin).get(f"/api/v1/units/{world.group_a1.pk}").json()
    assert child["parent_id"] == response.json()["id"]
    codes = _codes(
        api_client(world.fed_admin).get(f"/api/v1/units?subtree={world.other_district.pk}")
    )
    assert codes == ["TV-TP", "TV-TP-C", "TV-CL-A", "TV-CL-A-1"]


def test_moving_a_unit_under_itself_is_400(world, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/units/{world.district.pk}",
        {"parent_id": world.unit_a.pk, "short_name": "Không lưu"},
        content_type="application/json",
    )
    assert_error(response, 400, "invalid")
    world.district.refresh_from_db()
    assert world.district.short_name == "LĐLĐ Càng Long"


def test_reviewer_cannot_move_a_unit_into_its_scope_from_outside(world, api_client):
    # The reviewer sees both ends but administers neither.
    response = api_client(world.reviewer).patch(
        f"/api/v1/units/{world.unit_a.pk}",
        {"parent_id": world.unit_b.pk},
        content_type="application/json",
    )
    assert_error(response, 403, "forbidden")
