"""The subject as Decree 98/2023 asks for it, through the dossier form: every new field of both
kinds saved and shown again, past awards added, changed and removed without JavaScript, and
the checks' messages with nothing saved."""

import datetime

import pytest
from django.urls import reverse

from dienhinh.nominations.models import Nomination, PastAward
from tests.nominations.pages_edit.test_create import create_url, dossier_post, main_html


@pytest.fixture
def page_language():
    return "en"


def _awards(*rows, total=None, initial=0) -> dict:
    data = {
        "awards-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "awards-INITIAL_FORMS": str(initial),
        "awards-MIN_NUM_FORMS": "0",
        "awards-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        data.update({f"awards-{index}-{key}": value for key, value in row.items()})
    return data


PERSON = {
    "date_of_birth": "12/03/1985",
    "birth_year": "1970",  # replaced by the date of birth's year
    "ethnicity": "05",
    "home_town": "xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh",
    "residence": "khóm 4, thị trấn Càng Long, huyện Càng Long",
    "party_position": "Bí thư Chi bộ",
    "government_position": "Phó Hiệu trưởng",
    "union_position": "Chủ tịch Công đoàn cơ sở",
    "professional_level": "Cử nhân Sư phạm",
    "political_theory_level": "Trung cấp",
    "academic_titles": "Thạc sĩ",
    "party_member": "True",
    "party_joined_on": "03/02/2010",
}
AWARD_1 = {
    "title": "Chiến sĩ thi đua cơ sở",
    "year": "2016",
    "decision_number": "1234/QĐ-UBND",
    "decision_date": "12/05/2016",
    "issued_by": "UBND tỉnh Trà Vinh",
}
AWARD_2 = {"title": "Lao động tiên tiến", "year": "2015", "decision_number": "", "issued_by": ""}


def test_an_individuals_details_and_awards_are_saved_and_shown_again(world, login, plan):
    officer = login(world.officer_a)
    data = dossier_post(world, plan, **PERSON, **_awards(AWARD_1, AWARD_2, {}, total=3))
    response = officer.post(create_url(plan), data)
    assert response.status_code == 302
    n = Nomination.objects.get()
    assert (n.date_of_birth, n.birth_year) == (datetime.date(1985, 3, 12), 1985)
    assert (n.ethnicity, n.party_member, n.party_joined_on) == (
        "05",
        True,
        datetime.date(2010, 2, 3),
    )
    for name in ("home_town", "residence", "party_position", "government_position"):
        assert getattr(n, name) == PERSON[name]
    assert (n.union_position, n.professional_level) == (
        "Chủ tịch Công đoàn cơ sở",
        "Cử nhân Sư phạm",
    )
    assert (n.political_theory_level, n.academic_titles) == ("Trung cấp", "Thạc sĩ")
    awards = list(n.past_awards.values_list("title", "year", "decision_number", "decision_date"))
    assert awards == [
        ("Chiến sĩ thi đua cơ sở", 2016, "1234/QĐ-UBND", datetime.date(2016, 5, 12)),
        ("Lao động tiên tiến", 2015, "", None),
    ]
    html = main_html(officer.get(reverse("nominations:edit", args=[n.pk])))
    assert 'value="12/03/1985"' in html and 'value="03/02/2010"' in html
    assert '<option value="05" selected>Khơ-me</option>' in html
    assert 'value="True" id="id_party_member_1" checked' in html
    assert 'value="xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh"' in html
    assert 'value="1234/QĐ-UBND"' in html and 'value="12/05/2016"' in html
    assert 'name="awards-TOTAL_FORMS" value="3"' in html  # two rows and an empty one
    page = main_html(officer.get(reverse("nominations:detail", args=[n.pk])))
    assert "No. 1234/QĐ-UBND of 12/05/2016" in page and "UBND tỉnh Trà Vinh" in page
    assert "Khơ-me" in page and "Yes, admitted on 03/02/2010" in page
    assert "12/03/1985" in page and "Bí thư Chi bộ" in page


def test_past_awards_are_changed_and_removed_without_javascript(world, login, plan):
    officer = login(world.officer_a)
    officer.post(create_url(plan), dossier_post(world, plan, **_awards(AWARD_1, AWARD_2)))
    n = Nomination.objects.get()
    changed = {**AWARD_1, "title": "Chiến sĩ thi đua cơ sở năm 2016"}
    added = {"title": "Bằng khen của Chủ tịch UBND tỉnh", "year": "2019"}
    data = dossier_post(
        world,
        plan,
        **_awards(changed, {**AWARD_2, "DELETE": "on"}, added, initial=2),
    )
    del data["nominating_unit"]
    response = officer.post(reverse("nominations:edit", args=[n.pk]), data)
    assert response.status_code == 302
    assert list(n.past_awards.values_list("title", flat=True)) == [
        "Chiến sĩ thi đua cơ sở năm 2016",
        "Bằng khen của Chủ tịch UBND tỉnh",
    ]


def test_add_another_row_shows_one_more_empty_row_and_saves_nothing(world, login, plan):
    officer = login(world.officer_a)
    data = dossier_post(world, plan, headline="", **PERSON, **_awards(AWARD_1))
    data["awards-add"] = "1"
    response = officer.post(create_url(plan), data)
    assert response.status_code == 200 and not Nomination.objects.exists()
    html = main_html(response)
    assert 'name="awards-TOTAL_FORMS" value="2"' in html
    assert 'name="awards-1-title"' in html and 'name="awards-2-title"' not in html
    # What was typed comes back, and no error is shown for the headline left empty yet.
    assert 'value="1234/QĐ-UBND"' in html and 'value="12/03/1985"' in html
    assert "Nothing has been saved" not in html and "Write a headline" not in html
    # Enter in a field still saves: the form's first submit button is a plain save.
    form = html[html.index('<form method="post" class="stacked dossier-form"') :]
    first = form[form.index("<button") : form.index("</button>")]
    assert 'name="' not in first


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth": "12/03/2030"}, "The date is in the future."),
        ({"date_of_birth": "12/03/2010"}, "the person is 7 in 2017, the plan&#x27;s year"),
        ({"date_of_birth": "31/02/1985"}, "Enter a valid date."),
        ({"party_member": "False", "party_joined_on": "03/02/2010"}, "not a Party member"),
        ({"date_of_birth": "12/03/1985", "party_joined_on": "03/02/2000"}, "at 18 at the earliest"),
        ({"ethnicity": "99"}, "Select a valid choice."),
        (_awards({"title": "Lao động tiên tiến", "decision_date": "01/01/2099"}), "in the future"),
        (_awards({"year": "2016", "issued_by": "UBND"}), "Name the title or award."),
    ],
)
def test_an_individuals_details_are_checked(world, login, plan, overrides, message):
    response = login(world.officer_a).post(create_url(plan), dossier_post(world, plan, **overrides))
    assert response.status_code == 200
    html = main_html(response)
    assert "Nothing has been saved." in html and message in html
    assert not Nomination.objects.exists() and not PastAward.objects.exists()


COLLECTIVE = {
    "subject_kind": "collective",
    "collective_name": "Tổ công đoàn Văn phòng",
    "collective_address": "Khóm 4, thị trấn Càng Long",
    "collective_phone": "0294 3882 145",
    "collective_email": "VanPhong@Example.vn",
    "founded_year": "2004",
    "headcount": "6",
    "women_count": "5",
    "organisation_structure": "Tổ trưởng, tổ phó\nvà 4 đoàn viên",
    "functions_and_tasks": "Quản lý hồ sơ, sổ sách.",
}


def test_a_collectives_details_are_saved_and_a_persons_dropped(world, login, plan):
    officer = login(world.officer_a)
    data = dossier_post(world, plan, **COLLECTIVE, **PERSON, **_awards(AWARD_1))
    assert officer.post(create_url(plan), data).status_code == 302
    n = Nomination.objects.get()
    assert (n.collective_address, n.collective_phone) == (
        "Khóm 4, thị trấn Càng Long",
        "0294 3882 145",
    )
    assert (n.collective_email, n.founded_year, n.headcount, n.women_count) == (
        "vanphong@example.vn",
        2004,
        6,
        5,
    )
    assert n.organisation_structure == "Tổ trưởng, tổ phó\nvà 4 đoàn viên"
    assert n.functions_and_tasks == "Quản lý hồ sơ, sổ sách."
    # A dossier is about one subject: the person's details typed as well are not kept.
    assert (n.full_name, n.date_of_birth, n.ethnicity, n.party_member, n.home_town) == (
        "",
        None,
        "",
        None,
        "",
    )
    assert n.past_awards.get().title == "Chiến sĩ thi đua cơ sở"
    page = main_html(officer.get(reverse("nominations:detail", args=[n.pk])))
    assert "(of whom 5 women)" in page and "Tổ trưởng, tổ phó<br>và 4 đoàn viên" in page
    html = main_html(officer.get(reverse("nominations:edit", args=[n.pk])))
    assert 'value="vanphong@example.vn"' in html and 'value="2004"' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"founded_year": str(datetime.date.today().year + 1)},
            "The year founded is in the future.",
        ),
        ({"women_count": "7"}, "There cannot be more women (7) than members in all (6)."),
        ({"collective_email": "not-an-email"}, "Enter a valid email address."),
    ],
)
def test_a_collectives_details_are_checked(world, login, plan, overrides, message):
    data = dossier_post(world, plan, **{**COLLECTIVE, **overrides})
    response = login(world.officer_a).post(create_url(plan), data)
    assert response.status_code == 200
    assert message in main_html(response) and not Nomination.objects.exists()
