"""Creating and editing a draft plan through its page."""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.urls import reverse

from dienhinh.plans.models import Plan, PlanStatus

# "Lĩnh vực" with combining marks (NFD), as some keyboards and pasted documents send it.
NFD_FIELD = unicodedata.normalize("NFD", "Lĩnh vực giáo dục")


def _rows(prefix: str, rows: list[dict], *, initial: int = 0, extra: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def plan_data(**overrides) -> dict:
    data = {
        "number": "57",
        "symbol": "KH-LĐLĐ",
        "year": "2017",
        "title": "Tuyên truyền các điển hình tiên tiến",
        "issued_on": "29/06/2017",
        "place": "Trà Vinh",
        "movement": "",
        "purposes": "1. Nhân rộng, biểu dương.\r\n\r\n2. Các cấp công đoàn phát hiện.",
        "allow_collective": "on",
        "allow_individual": "on",
        "review_route": "every_level",
        "target_mode": "subtree",
        "target_codes": "",
        "nomination_deadline": "30/11/2017",
        "report_deadline": "15/12/2017",
        **_rows(
            "bases",
            [
                {"text": "Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017", "ORDER": "1"},
                {"text": "Chỉ thị số 05-CT/TW ngày 15/5/2016", "ORDER": "2"},
            ],
            extra=1,
        ),
        **_rows(
            "fields",
            [
                {"name": "Công tác, sản xuất", "ORDER": "2"},
                {"name": NFD_FIELD, "ORDER": "1"},
                {"name": "Xây dựng nông thôn mới", "ORDER": "3"},
            ],
        ),
        **_rows(
            "sections",
            [
                {"heading": "", "body": "Thực hiện Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017."},
                {"heading": "I. MỤC ĐÍCH YÊU CẦU", "body": "1. Nhân rộng.\r\n2. **Tôn vinh**."},
            ],
            extra=1,
        ),
        **_rows(
            "criteria",
            [
                {"group": "Tiêu chí chung", "text": "Có sáng kiến", "max_points": "5"},
                {"group": "Tiêu chí chung", "text": "Gương mẫu", "max_points": "2.5"},
                {"group": "", "text": "Tích cực hoạt động xã hội", "max_points": ""},
            ],
        ),
    }
    # Rows given in ``overrides`` replace the default rows of their list entirely.
    replaced = {key.split("-")[0] for key in overrides if "-" in key}
    data = {k: v for k, v in data.items() if k.split("-")[0] not in replaced}
    data.update(overrides)
    return data


def create_url(world):
    return f"{reverse('plans:create')}?unit={world.province.pk}"


def test_new_plan_form_proposes_the_next_number(login, world):
    from tests.plans.pages.conftest import make_plan

    make_plan(world, number=12, year=datetime.date.today().year)
    response = login(world.monitor).get(create_url(world))
    assert response.status_code == 200
    assert 'name="number" value="13"' in response.text
    assert 'value="KH-LĐLĐ"' in response.text


def test_create_a_plan_with_its_bases_fields_and_criteria(login, world, movement):
    client = login(world.monitor)
    response = client.post(create_url(world), plan_data(movement=str(movement.pk)))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.status == PlanStatus.DRAFT
    assert plan.reference == "57/KH-LĐLĐ"
    assert plan.movement == movement
    assert plan.purposes == "1. Nhân rộng, biểu dương.\n\n2. Các cấp công đoàn phát hiện."
    assert [b.text for b in plan.bases.all()] == [
        "Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017",
        "Chỉ thị số 05-CT/TW ngày 15/5/2016",
    ]
    names = [f.name for f in plan.plan_fields.all()]
    assert names == ["Lĩnh vực giáo dục", "Công tác, sản xuất", "Xây dựng nông thôn mới"]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    criteria = [(c.group, c.text, c.max_points) for c in plan.criteria.all()]
    assert criteria == [
        ("Tiêu chí chung", "Có sáng kiến", Decimal("5")),
        ("Tiêu chí chung", "Gương mẫu", Decimal("2.5")),
        ("", "Tích cực hoạt động xã hội", None),
    ]
    # The text as written: its sections in order, the empty extra row left out.
    assert [(s.heading, s.paragraphs) for s in plan.sections.all()] == [
        ("", ["Thực hiện Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017."]),
        ("I. MỤC ĐÍCH YÊU CẦU", ["1. Nhân rộng.", "2. **Tôn vinh**."]),
    ]
    page = client.get(reverse("plans:detail", args=[plan.pk])).text
    assert "<p>2. <strong>Tôn vinh</strong>.</p>" in page
    edit = client.get(reverse("plans:edit", args=[plan.pk])).text
    assert 'name="sections-TOTAL_FORMS" value="4"' in edit  # two rows and two empty ones
    assert plan.nomination_deadline == datetime.date(2017, 11, 30)


def test_a_duplicate_number_is_a_form_error_and_keeps_what_was_typed(login, world, draft):
    response = login(world.monitor).post(
        create_url(world), plan_data(title="Kế hoạch thứ hai, chưa lưu")
    )
    assert response.status_code == 200
    assert "This unit already has plan 57/KH-LĐLĐ in 2017." in response.text
    assert "Kế hoạch thứ hai, chưa lưu" in response.text
    assert "Chỉ thị số 05-CT/TW ngày 15/5/2016" in response.text
    assert "Xây dựng nông thôn mới" in response.text
    assert Plan.objects.count() == 1


def test_bad_input_is_shown_without_saving(login, world):
    data = plan_data(nomination_deadline="31/02/2017", report_deadline="abc")
    data["criteria-0-max_points"] = "-3"
    response = login(world.monitor).post(create_url(world), data)
    assert response.status_code == 200
    assert "Please correct the errors below. Nothing has been saved." in response.text
    assert 'value="31/02/2017"' in response.text
    assert Plan.objects.count() == 0


def test_chosen_targets_outside_the_subtree_or_unknown_are_refused(login, world):
    # As the district's monitor, the province is visible only from below: plan for the
    # district and try to address a unit of another district.
    from dienhinh.accounts.models import Role
    from tests.factories import UserFactory, grant

    district_monitor = UserFactory()
    grant(district_monitor, world.district, Role.MONITOR)
    grant(district_monitor, world.other_district, Role.REVIEWER)
    url = f"{reverse('plans:create')}?unit={world.district.pk}"
    data = plan_data(target_mode="chosen", target_codes="TV-CL-A\nTV-TP-C\nKHONG-CO")
    response = login(district_monitor).post(url, data)
    assert response.status_code == 200
    assert "These codes match no unit you can see: KHONG-CO" in response.text
    data["target_codes"] = "TV-CL-A\nTV-TP-C"
    response = login(district_monitor).post(url, data)
    assert "These units are not under the issuing unit: TV-TP-C" in response.text
    assert Plan.objects.count() == 0
    data["target_codes"] = "TV-CL-A\nTV-CL-B"
    response = login(district_monitor).post(url, data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert set(plan.target_units.all()) == {world.unit_a, world.unit_b}


def test_chosen_mode_needs_a_unit(login, world):
    response = login(world.monitor).post(create_url(world), plan_data(target_mode="chosen"))
    assert "Choose at least one target unit." in response.text
    assert Plan.objects.count() == 0


def test_edit_a_draft_keeps_rows_updates_them_and_deletes_ticked_ones(login, world, draft):
    client = login(world.monitor)
    url = reverse("plans:edit", args=[draft.pk])
    assert "Tiêu chí chung" in client.get(url).text
    basis, field, criterion = draft.bases.get(), draft.plan_fields.get(), draft.criteria.get()
    data = plan_data(
        number="57",
        **_rows("bases", [{"id": basis.pk, "text": "Căn cứ mới", "ORDER": "1"}], initial=1),
        **_rows(
            "fields",
            [
                {"id": field.pk, "name": "Lao động sản xuất", "ORDER": "2", "DELETE": "on"},
                {"name": "Học tập và làm theo Bác", "ORDER": "1"},
            ],
            initial=1,
        ),
        **_rows(
            "criteria",
            [{"id": criterion.pk, "group": "Nhóm 1", "text": "Có sáng kiến", "ORDER": "1"}],
            initial=1,
        ),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(draft.bases.values_list("pk", "text")) == [(basis.pk, "Căn cứ mới")]
    assert list(draft.plan_fields.values_list("name", flat=True)) == ["Học tập và làm theo Bác"]
    assert list(draft.criteria.values_list("pk", "group", "max_points")) == [
        (criterion.pk, "Nhóm 1", None)
    ]


def test_an_issued_plan_cannot_be_edited(login, world, issued):
    url = reverse("plans:edit", args=[issued.pk])
    response = login(world.monitor).post(url, plan_data(number="58", title="Đổi"))
    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.title != "Đổi"


@pytest.mark.parametrize("persona", ["editor", "officer_a"])
def test_those_who_do_not_plan_cannot_post_a_plan(login, world, persona):
    response = login(world.persona(persona)).post(create_url(world), plan_data())
    assert response.status_code == 403
    assert Plan.objects.count() == 0


def test_an_empty_or_tampered_post_never_gives_a_500(login, world):
    client = login(world.monitor)
    assert client.post(create_url(world), {}).status_code == 200
    data = plan_data()
    data["criteria-TOTAL_FORMS"] = "abc"
    data["bases-0-id"] = "999999"
    assert client.post(create_url(world), data).status_code == 200
    assert Plan.objects.count() == 0
