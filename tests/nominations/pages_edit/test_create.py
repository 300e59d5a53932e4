"""Creating and editing a dossier through the page: kept input, NFC, sanitising, rules."""

import datetime
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.nominations import editing
from dienhinh.nominations.models import Initiative, Nomination, SelfAssessment
from dienhinh.plans.models import Criterion, PlanField, PlanStatus, TargetMode
from tests.nominations.pages_edit.conftest import jpeg_with_gps

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


def create_url(plan) -> str:
    return reverse("nominations:create") + f"?plan={plan.pk}"


def dossier_post(world, plan, **overrides) -> dict:
    criterion = plan.criteria.first()
    data = {
        "nominating_unit": world.unit_a.pk,
        "subject_kind": "individual",
        "full_name": "Nguyễn Thị Hồng",
        "gender": "female",
        "birth_year": "1985",
        "position": "Giáo viên",
        "workplace": "Trường Tiểu học Thị trấn Càng Long",
        "member_since": "2008",
        "collective_name": "",
        "headcount": "",
        "field": plan.plan_fields.first().pk,
        "movement": "",
        "headline": "Giáo viên dạy giỏi cấp tỉnh ba năm liền",
        "achievements": "<p>Nhiều năm liền đạt <strong>giáo viên giỏi</strong>.</p>",
        "contact_name": "Lê Văn Liên",
        "contact_phone": "0294 3862 123",
        "contact_email": "Lien@Example.vn",
        "initiatives-TOTAL_FORMS": "3",
        "initiatives-INITIAL_FORMS": "0",
        "initiatives-MIN_NUM_FORMS": "0",
        "initiatives-MAX_NUM_FORMS": "30",
        "initiatives-0-title": "Đổi mới phương pháp dạy đọc hiểu",
        "initiatives-0-year": "2016",
        "initiatives-0-benefit": "15.000.000",
        "initiatives-0-recognised_by": "Sở Giáo dục và Đào tạo",
        "initiatives-1-title": "Thư viện xanh cho học sinh",
        "initiatives-1-year": "2017",
        "initiatives-1-benefit": "",
        "initiatives-1-recognised_by": "",
        f"criterion-{criterion.pk}-met": "on",
        f"criterion-{criterion.pk}-evidence": "Bằng khen số 12/QĐ-UBND\nGiấy chứng nhận sáng kiến",
    }
    data.update(overrides)
    return data


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main">') : html.index("</main>")]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action")]


def assert_inert(html: str) -> None:
    """No script element, no event handler attribute, no javascript: link: text stays text."""
    parser = _Elements()
    parser.feed(html)
    assert "script" not in parser.tags and parser.handlers == []
    assert "<script" not in html.lower()
    assert not [url for url in parser.urls if url.strip().lower().startswith("javascript")]


def test_the_form_preselects_the_officers_unit_and_the_plans_movement(world, login, plan):
    html = main_html(login(world.officer_a).get(create_url(plan)))
    assert f'<option value="{world.unit_a.pk}" selected>' in html
    assert world.unit_b.name not in html  # not a unit officer A writes for
    # Photos and documents can be added on the same page, before the first save (issue 7).
    assert 'name="new_photos"' in html and 'name="new_attachments"' in html
    assert "Có sáng kiến" in html and "Tiêu chí chung" in html and "at most 10 points" in html


def test_only_the_kinds_the_plan_allows_are_offered(world, login, plan):
    plan.allow_collective = False
    plan.save()
    html = main_html(login(world.officer_a).get(create_url(plan)))
    assert 'value="individual"' in html and 'value="collective"' not in html
    response = login(world.officer_a).post(
        create_url(plan), dossier_post(world, plan, subject_kind="collective", collective_name="Tổ")
    )
    assert response.status_code == 200 and not Nomination.objects.exists()


def test_a_validation_error_keeps_everything_typed_and_saves_nothing(world, login, plan):
    data = dossier_post(
        world,
        plan,
        full_name="",
        birth_year="1985",
        member_since="1990",  # at 5 years old
        contact_email="not-an-email",
        **{"initiatives-2-year": "2018"},  # a row without a title
    )
    response = login(world.officer_a).post(create_url(plan), data)
    assert response.status_code == 200
    html = main_html(response)
    assert "Please correct the errors below. Nothing has been saved." in html
    assert "Enter the person&#x27;s full name." in html
    assert "2000 or later" in html
    assert "Enter a valid email address." in html
    assert "Give the initiative a title." in html
    for value in (
        "Giáo viên dạy giỏi cấp tỉnh ba năm liền",
        "Trường Tiểu học Thị trấn Càng Long",
        "Đổi mới phương pháp dạy đọc hiểu",
        "15.000.000",
        "Sở Giáo dục và Đào tạo",
        "Thư viện xanh cho học sinh",
        'value="2018"',
        "Bằng khen số 12/QĐ-UBND\nGiấy chứng nhận sáng kiến",
        "Lê Văn Liên",
        'value="not-an-email"',
        "&lt;strong&gt;giáo viên giỏi&lt;/strong&gt;",
    ):
        assert value in html, value
    criterion = plan.criteria.first()
    assert (
        f'name="criterion-{criterion.pk}-met" id="id_criterion-{criterion.pk}-met" checked' in html
    )
    assert 'value="female" id="id_gender_0" checked' in html
    assert not Nomination.objects.exists() and not Initiative.objects.exists()


def test_create_stores_nfc_text_sanitised_achievements_initiatives_and_assessments(
    world, login, plan
):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    data = dossier_post(
        world,
        plan,
        full_name=nfd,
        achievements="<p>Thành tích</p>" + XSS,
        **{"initiatives-0-title": unicodedata.normalize("NFD", "Đổi mới phương pháp")},
    )
    response = login(world.officer_a).post(create_url(plan), data)
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:detail", args=[nomination.pk])
    assert nomination.full_name == "Nguyễn Thị Hồng" == unicodedata.normalize("NFC", nfd)
    assert nomination.nominating_unit == world.unit_a and nomination.created_by == world.officer_a
    assert nomination.state == "draft" and nomination.field == plan.plan_fields.first()
    assert nomination.contact_email == "lien@example.vn"
    assert "<script" not in nomination.achievements and "onerror" not in nomination.achievements
    assert "javascript:" not in nomination.achievements
    assert "<p>Thành tích</p>" in nomination.achievements
    initiatives = list(nomination.initiatives.values_list("title", "year", "benefit"))
    assert initiatives == [
        ("Đổi mới phương pháp", 2016, Decimal("15000000")),
        ("Thư viện xanh cho học sinh", 2017, None),
    ]
    assessment = SelfAssessment.objects.get(nomination=nomination)
    assert assessment.met and assessment.evidence.startswith("Bằng khen số 12/QĐ-UBND\n")


def test_xss_in_achievements_headline_and_caption_is_inert_on_the_edit_page(
    world, login, plan, django_capture_on_commit_callbacks
):
    client = login(world.officer_a)
    client.post(create_url(plan), dossier_post(world, plan, achievements=XSS, headline=XSS[:200]))
    nomination = Nomination.objects.get()
    client.post(
        reverse("nominations:photo_upload", args=[nomination.pk]),
        {
            "image": SimpleUploadedFile("a.jpg", jpeg_with_gps()),
            "caption": XSS[:200],
            "alt_text": '"><script>alert(4)</script>',
        },
    )
    assert nomination.photos.count() == 1
    response = client.get(reverse("nominations:edit", args=[nomination.pk]))
    assert response.status_code == 200
    assert_inert(main_html(response))


def test_create_success_shows_a_message_and_goes_to_the_dossier(world, login, plan):
    client = login(world.officer_a)
    response = client.post(create_url(plan), dossier_post(world, plan))
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("was saved as a draft" in text for text in texts)


def test_collective_dossier_drops_the_person_fields(world, login, plan):
    data = dossier_post(
        world, plan, subject_kind="collective", collective_name="Tổ Toán", headcount="12"
    )
    login(world.officer_a).post(create_url(plan), data)
    nomination = Nomination.objects.get()
    assert (nomination.collective_name, nomination.headcount) == ("Tổ Toán", 12)
    assert (nomination.full_name, nomination.birth_year, nomination.gender) == ("", None, "")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject_kind": ""}, "subject_kind", "collective or a person"),
        ({"birth_year": "1920"}, "birth_year", "between 1930 and"),
        ({"birth_year": str(datetime.date.today().year + 1)}, "birth_year", "between 1930 and"),
        ({"member_since": str(datetime.date.today().year + 1)}, "member_since", "future"),
        ({"subject_kind": "collective", "collective_name": ""}, "collective_name", "name of the"),
        (
            {"subject_kind": "collective", "collective_name": "Tổ", "headcount": "0"},
            "headcount",
            "at least 1",
        ),
        ({"headline": "  "}, "headline", "Write a headline"),
        ({"field": ""}, "field", "Choose the field"),
        ({"initiatives-0-benefit": "1,5"}, "initiatives-0-benefit", "whole đồng"),
        ({"initiatives-0-year": "1900"}, None, "between 1950 and"),
        ({"nominating_unit": ""}, "nominating_unit", "Choose the unit"),
    ],
)
def test_each_rule_gives_a_clear_message(world, login, plan, overrides, field, message):
    response = login(world.officer_a).post(create_url(plan), dossier_post(world, plan, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    if field:
        assert field in response.context["form"].errors or any(
            field.endswith(name) for row in response.context["formset"] for name in row.errors
        )
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": PlanStatus.DRAFT}, "has not been issued"),
        ({"status": PlanStatus.CLOSED}, "is closed"),
        ({"nomination_deadline": datetime.date(2020, 1, 31)}, "deadline of the plan"),
    ],
)
def test_a_plan_that_is_not_open_refuses_new_dossiers(world, login, plan, change, message):
    for name, value in change.items():
        setattr(plan, name, value)
    plan.save()
    client = login(world.fed_admin)  # sees drafts of plans issued at the province
    page = client.get(create_url(plan))
    assert page.status_code == 200 and message in page.content.decode()
    assert 'name="headline"' not in page.content.decode()
    response = client.post(create_url(plan), dossier_post(world, plan))
    assert message in response.content.decode()
    assert not Nomination.objects.exists()
    if "deadline" in change:
        assert "31/01/2020" in page.content.decode()
    with pytest.raises(ValidationError, match=message):
        editing.create_nomination(
            plan=plan, unit=world.unit_a, by=world.fed_admin, data={"headline": "x"}
        )


def test_the_plan_chooser_lists_open_plans(world, login, plan):
    response = login(world.officer_a).get(reverse("nominations:create"))
    assert response.status_code == 200
    assert f"?plan={plan.pk}" in response.content.decode()


# --- the domain functions directly ---------------------------------------------------------


def domain_data(plan, **overrides) -> dict:
    return {
        "subject_kind": "individual",
        "full_name": "Phạm Văn Tâm",
        "headline": "Công nhân giỏi",
        "field": plan.plan_fields.first(),
        **overrides,
    }


def test_a_unit_the_plan_is_not_addressed_to_is_refused(world, plan):
    plan.target_mode = TargetMode.CHOSEN
    plan.save()
    plan.target_units.set([world.unit_b])
    with pytest.raises(ValidationError, match="not addressed to"):
        editing.create_nomination(
            plan=plan, unit=world.unit_a, by=world.fed_admin, data=domain_data(plan)
        )
    with pytest.raises(PermissionDenied):
        editing.create_nomination(
            plan=plan, unit=world.unit_b, by=world.officer_a, data=domain_data(plan)
        )


def test_a_field_or_criterion_of_another_plan_is_refused(world, plan):
    other = type(plan).objects.create(
        issuing_unit=world.province,
        year=2018,
        number=1,
        title="Khác",
        nomination_deadline=plan.nomination_deadline,
        report_deadline=plan.report_deadline,
        status=PlanStatus.ISSUED,
    )
    foreign_field = PlanField.objects.create(plan=other, name="Khác")
    foreign_criterion = Criterion.objects.create(plan=other, text="Khác")
    with pytest.raises(ValidationError) as caught:
        editing.create_nomination(
            plan=plan,
            unit=world.unit_a,
            by=world.officer_a,
            data=domain_data(
                plan,
                field=foreign_field,
                assessments=[{"criterion": foreign_criterion, "met": True}],
            ),
        )
    assert set(caught.value.message_dict) == {"field", "assessments"}
    assert not Nomination.objects.exists()


def test_update_replaces_nested_lists_and_refuses_submitted_dossiers(
    world, plan, make_nomination, submitted
):
    nomination = make_nomination()
    criterion = plan.criteria.first()
    data = domain_data(
        plan,
        initiatives=[{"title": "Một"}, {"title": "Hai", "benefit": "2000000"}],
        assessments=[{"criterion": criterion, "met": True, "evidence": "Có"}],
    )
    editing.update_nomination(nomination, by=world.officer_a, data=data)
    data["initiatives"] = [{"title": "Ba"}]
    saved = editing.update_nomination(nomination, by=world.officer_a, data=data)
    assert list(saved.initiatives.values_list("title", flat=True)) == ["Ba"]
    assert saved.assessments.count() == 1 and saved.full_name == "Phạm Văn Tâm"
    with pytest.raises(PermissionDenied):
        editing.update_nomination(submitted, by=world.officer_a, data=data)
    with pytest.raises(PermissionDenied):
        editing.update_nomination(nomination, by=world.officer_b, data=data)


def test_the_edit_page_saves_changes(world, login, plan, make_nomination):
    nomination = make_nomination()
    Initiative.objects.create(nomination=nomination, title="Cũ", benefit=1500000)
    client = login(world.officer_a)
    page = client.get(reverse("nominations:edit", args=[nomination.pk]))
    assert 'value="1.500.000"' in page.content.decode()
    data = dossier_post(
        world,
        plan,
        headline="Tiêu đề mới",
        **{"initiatives-TOTAL_FORMS": "4", "initiatives-INITIAL_FORMS": "1"},
    )
    data.pop("nominating_unit")
    data.update({"initiatives-3-title": "Cũ", "initiatives-3-DELETE": "on"})
    response = client.post(reverse("nominations:edit", args=[nomination.pk]), data)
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.headline == "Tiêu đề mới"
    assert list(nomination.initiatives.values_list("title", flat=True)) == [
        "Đổi mới phương pháp dạy đọc hiểu",
        "Thư viện xanh cho học sinh",
    ]


def test_posting_to_the_edit_page_of_a_submitted_dossier_is_refused(world, login, submitted):
    response = login(world.officer_a).post(
        reverse("nominations:edit", args=[submitted.pk]), {"headline": "Đổi"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.headline != "Đổi"
