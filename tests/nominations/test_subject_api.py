"""The subject's details and past awards through the API: written and read back for both kinds,
a PATCH that changes only what it sends, and the checks' errors naming the field."""

import pytest

from dienhinh.nominations.models import Nomination
from tests.api.conftest import assert_error

URL = "/api/v1/nominations"


@pytest.fixture
def page_language():
    return "en"


def _body(world, plan, **fields) -> dict:
    return {
        "plan_id": plan.pk,
        "unit_id": world.unit_a.pk,
        "subject_kind": "individual",
        "full_name": "Thạch Thị Sa Vươl",
        "gender": "female",
        "field_id": plan.plan_fields.get().pk,
        "headline": "Điều dưỡng tận tụy với bệnh nhân",
        **fields,
    }


PERSON = {
    "date_of_birth": "1987-06-30",
    "ethnicity": "05",
    "home_town": "xã Đôn Xuân, huyện Trà Cú, tỉnh Trà Vinh",
    "residence": "khóm 2, phường 5, thành phố Trà Vinh",
    "party_position": "Đảng viên",
    "government_position": "",
    "union_position": "Ủy viên Ban Chấp hành",
    "professional_level": "Cử nhân Điều dưỡng",
    "political_theory_level": "Sơ cấp",
    "academic_titles": "",
    "party_member": True,
    "party_joined_on": "2014-09-02",
    "past_awards": [
        {
            "title": "Lao động tiên tiến",
            "year": 2016,
            "decision_number": "1890/QĐ-SYT",
            "decision_date": "2016-12-28",
            "issued_by": "Sở Y tế tỉnh Trà Vinh",
        }
    ],
}


def test_an_individual_round_trips_and_a_patch_changes_only_what_it_sends(world, api_client, plan):
    client = api_client(world.officer_a)
    response = client.post(URL, _body(world, plan, **PERSON), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    for key, value in PERSON.items():
        if key != "past_awards":
            assert body[key] == value, key
    assert body["birth_year"] == 1987 and body["ethnicity_name"] == "Khơ-me"
    assert body["sensitive_shown"] is True
    assert body["past_awards"] == PERSON["past_awards"]
    url = f"{URL}/{body['id']}"
    patched = client.patch(url, {"home_town": "xã Long Đức"}, content_type="application/json")
    assert patched.status_code == 200, patched.content
    again = client.get(url).json()
    assert again["home_town"] == "xã Long Đức"
    assert again["past_awards"] == PERSON["past_awards"] and again["ethnicity"] == "05"
    cleared = client.patch(
        url,
        {"past_awards": [], "party_member": None, "party_joined_on": None},
        content_type="application/json",
    ).json()
    assert cleared["past_awards"] == [] and cleared["party_member"] is None


def test_a_collective_round_trips(world, api_client, plan):
    collective = {
        "subject_kind": "collective",
        "full_name": "",
        "collective_name": "Khoa Cấp cứu Bệnh viện Đa khoa tỉnh",
        "collective_address": "Số 399 Nguyễn Đáng, phường 7, thành phố Trà Vinh",
        "collective_phone": "0294 3862 345",
        "collective_email": "capcuu@example.vn",
        "founded_year": 1992,
        "headcount": 29,
        "women_count": 18,
        "organisation_structure": "Trưởng khoa, 2 phó khoa\n8 bác sĩ, 18 điều dưỡng",
        "functions_and_tasks": "Cấp cứu 24/24 giờ.",
    }
    client = api_client(world.officer_a)
    response = client.post(URL, _body(world, plan, **collective), content_type="application/json")
    assert response.status_code == 201, response.content
    body = client.get(f"{URL}/{response.json()['id']}").json()
    for key, value in collective.items():
        assert body[key] == value, key
    # No person's details on a collective; nothing sensitive is recorded.
    assert body["ethnicity"] == "" and body["party_member"] is None


@pytest.mark.parametrize(
    ("fields", "field", "status"),
    [
        ({"date_of_birth": "2099-01-01"}, "date_of_birth", 400),
        ({"date_of_birth": "2012-01-01"}, "date_of_birth", 400),
        ({"ethnicity": "99"}, "ethnicity", 422),
        ({"party_member": False, "party_joined_on": "2010-01-01"}, "party_joined_on", 400),
        (
            {"past_awards": [{"title": "Lao động tiên tiến", "decision_date": "2099-01-01"}]},
            "past_awards",
            400,
        ),
    ],
)
def test_bad_details_are_refused_naming_the_field(world, api_client, plan, fields, field, status):
    response = api_client(world.officer_a).post(
        URL, _body(world, plan, **fields), content_type="application/json"
    )
    error = assert_error(response, status)
    assert any(field in (detail["field"] or "") for detail in error["details"]), error
    assert not Nomination.objects.exists()


def _with_awards(make_nomination, count: int):
    from dienhinh.nominations.models import PastAward

    nomination = make_nomination(ethnicity="05", party_member=True)
    PastAward.objects.bulk_create(
        PastAward(nomination=nomination, title=f"Lao động tiên tiến {i}", year=2010 + i)
        for i in range(count)
    )
    return nomination


def test_past_awards_and_the_sensitive_rule_cost_no_query_per_row(
    world, api_client, login, make_nomination
):
    from tests.nominations.test_detail_queries import queries

    one, three = _with_awards(make_nomination, 1), _with_awards(make_nomination, 3)
    api, page = api_client(world.officer_a), login(world.officer_a)
    assert queries(api, f"{URL}/{one.pk}") == queries(api, f"{URL}/{three.pk}")
    assert queries(page, f"/dossiers/{one.pk}/") == queries(page, f"/dossiers/{three.pk}/")
    export = "/dossiers/export.xlsx"
    first = queries(page, export + f"?q={one.full_name}&unit={world.unit_a.code}")
    _with_awards(make_nomination, 2)
    assert queries(page, export + f"?q={one.full_name}&unit={world.unit_a.code}") == first
