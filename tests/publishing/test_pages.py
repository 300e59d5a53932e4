"""The editors' story pages: list (filters, N+1), a new story from selected dossiers, edit
(a new version per save), the story page, actions, settings, the dossier page's button and
the workspace panel."""

import pytest
from django.urls import reverse

from dienhinh.accounts.models import Role
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.publishing.editing import set_requires_review
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.models import Story
from dienhinh.publishing.workflow import transition_story
from tests.factories import UserFactory, grant

LIST = reverse("publishing:list")


def test_the_list_shows_the_stories_the_user_sees_with_filters(world, login, make_story):
    province = make_story(headline="Bài của tỉnh về Dạy tốt")
    district = make_story(world.district, headline="Bài của huyện Càng Long")
    other = make_story(world.other_district, headline="Bài của thành phố")
    transition_story(district, action="publish", by=world.editor)
    editor = login(world.editor)
    page = editor.get(LIST).text
    assert "3 stories" in page
    assert all(str(s) in page for s in (province, district, other))
    assert "Bài của huyện" in editor.get(LIST, {"unit": "TV-CL"}).text
    assert "Bài của tỉnh" not in editor.get(LIST, {"unit": "TV-CL"}).text
    assert "1 story" in editor.get(LIST, {"state": "published"}).text
    assert "1 story" in editor.get(LIST, {"q": "cang long"}).text  # no diacritics needed
    bad = editor.get(LIST, {"unit": "KHONG-CO"}).text
    assert "No unit with this code in your scope." in bad and "3 stories" in bad
    # The district's reviewer sees the district's stories (any role), not the others.
    reviewer = login(world.reviewer).get(LIST).text
    assert "Bài của huyện" in reviewer and "Bài của tỉnh" not in reviewer
    assert "Bài của thành phố" not in reviewer


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_does_not_grow_in_queries(
    world, login, make_story, count, django_assert_num_queries
):
    for number in range(count):
        make_story(headline=f"Bài số {number}")
    client = login(world.editor)
    client.get(LIST)
    # session, user, roles, count, rows, the field filter's options
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.text.count("Bài số") == count


def test_an_officer_sees_the_stories_about_their_units_dossiers(world, login, make_story, selected):
    story = make_story(dossiers=[selected], headline="Cô Mai, tấm gương sáng")
    page = login(world.officer_a).get(LIST).text
    assert "Cô Mai, tấm gương sáng" in page
    assert (
        login(world.officer_b).get(reverse("publishing:detail", args=[story.pk])).status_code == 404
    )


def test_a_new_story_from_a_selected_dossier_is_prefilled(world, login, selected, plan):
    dossier_page = login(world.editor).get(reverse("nominations:detail", args=[selected.pk])).text
    start = f"{reverse('publishing:create')}?dossier={selected.pk}"
    assert start in dossier_page
    page = login(world.editor).get(start)
    form = page.context["form"]
    assert form.initial["headline"] == selected.headline
    assert form.initial["unit"] == world.province.pk
    assert form.initial["field"] == plan.plan_fields.get().shared_id
    response = login(world.editor).post(
        reverse("publishing:create"),
        {
            "dossier": selected.pk,
            "unit": world.province.pk,
            "headline": "Cô giáo Nguyễn Thị Mai",
            "lead": "Mở đầu",
            "body": "<p>Nội dung<script>alert(1)</script></p>",
            "field": plan.plan_fields.get().shared_id,
        },
    )
    story = Story.objects.get()
    assert response["Location"] == reverse("publishing:edit", args=[story.pk])
    assert list(story.dossiers.all()) == [selected]
    assert story.draft_version.body == "<p>Nội dung</p>"
    # A dossier that is not selected offers no button.
    officer_page = login(world.officer_a).get(reverse("nominations:detail", args=[selected.pk]))
    assert start not in officer_page.text and "Cô giáo Nguyễn Thị Mai" in officer_page.text


def test_each_save_of_the_edit_form_is_one_version(world, login, make_story):
    story = make_story(photo=True)
    photo = story.photos.get()
    client = login(world.editor)
    url = reverse("publishing:edit", args=[story.pk])
    form = client.get(url).context["form"]
    data = {
        "headline": "Tiêu đề mới",
        "lead": "Mở đầu",
        "body": form.initial["body"],
        "based_on": story.draft_version_id,
        "cover": photo.pk,
        f"photo-{photo.pk}-caption": "Chú thích mới",
        f"photo-{photo.pk}-alt_text": "Mô tả",
        f"photo-{photo.pk}-people_consent": PeopleConsent.NOBODY_RECOGNISABLE,
        f"photo-{photo.pk}-position": 1,
    }
    assert client.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.draft_version.number == 3  # 1: created, 2: photo added, 3: this save
    assert story.draft_version.photos == [
        {"photo": photo.pk, "caption": "Chú thích mới", "alt_text": "Mô tả", "cover": True}
    ]
    photo.refresh_from_db()
    assert photo.people_consent == PeopleConsent.NOBODY_RECOGNISABLE
    # The same form again (nothing changed) writes no version; a stale form is refused.
    data["based_on"] = story.draft_version_id
    client.post(url, data)
    story.refresh_from_db()
    assert story.draft_version.number == 3
    data["based_on"] = story.draft_version_id - 1
    data["headline"] = "Ghi đè"
    stale = client.post(url, data)
    assert stale.status_code == 400 and "Someone else saved" in stale.text


def test_the_story_page_lists_what_publishing_needs_and_the_actions(world, login, make_story):
    story = make_story(body="")
    page = login(world.editor).get(reverse("publishing:detail", args=[story.pk])).text
    assert "Write the body of the story before publishing." in page
    assert 'name="action" value="publish"' in page
    officer = login(world.reviewer).get(reverse("publishing:detail", args=[story.pk]))
    assert officer.status_code == 404  # the province's story is outside Càng Long


def test_publishing_from_the_story_page(world, login, make_story):
    story = make_story()
    client = login(world.editor)
    response = client.post(
        reverse("publishing:act", args=[story.pk]),
        {
            "action": "publish",
            "act-publish-seen_state": "draft",
            "act-publish-seen_version": story.draft_version_id,
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED
    again = client.post(
        reverse("publishing:act", args=[story.pk]),
        {
            "action": "unpublish",
            "act-unpublish-seen_state": "draft",
            "act-unpublish-seen_version": story.draft_version_id,
        },
    )
    assert again.status_code == 409 and "Someone else" in again.text


def test_scheduling_from_the_story_page_takes_a_day_and_a_time(world, login, make_story):
    story = make_story()
    response = login(world.editor).post(
        reverse("publishing:act", args=[story.pk]),
        {
            "action": "schedule",
            "act-schedule-seen_state": "draft",
            "act-schedule-seen_version": story.draft_version_id,
            "act-schedule-day": "01/01/2020",
            "act-schedule-time": "07:00",
        },
    )
    assert response.status_code == 400 and "Choose a moment in the future." in response.text


def test_the_unit_settings_page(world, login):
    url = reverse("publishing:settings", args=[world.district.pk])
    assert login(world.reviewer).get(url).status_code == 403
    assert login(world.officer_b).get(url).status_code == 404
    client = login(world.editor)
    assert client.post(url, {"requires_review": "on"}).status_code == 302
    assert world.district.publishing_settings.requires_review


def test_the_workspace_shows_editors_what_waits(world, login, make_story, second_editor):
    set_requires_review(world.province, by=world.editor, requires_review=True)
    story = make_story(headline="Chờ người thứ hai duyệt")
    transition_story(story, action="submit", by=world.editor)
    page = login(second_editor).get(reverse("workspace:home")).text
    assert "Waiting for a second editor" in page and "Chờ người thứ hai duyệt" in page
    assert (
        "Chờ người thứ hai duyệt" not in login(world.officer_a).get(reverse("workspace:home")).text
    )


def test_the_workspace_stories_panel_follows_each_change_at_once(
    world, login, make_story, second_editor
):
    set_requires_review(world.province, by=world.editor, requires_review=True)
    first = make_story(headline="Bài thứ nhất chờ duyệt")
    transition_story(first, action="submit", by=world.editor)
    home = reverse("workspace:home")
    reviewer = login(second_editor)
    assert "Bài thứ nhất chờ duyệt" in reviewer.get(home).text  # now cached for the scope
    second = make_story(headline="Bài thứ hai chờ duyệt")
    transition_story(second, action="submit", by=world.editor)
    assert "Bài thứ hai chờ duyệt" in reviewer.get(home).text
    transition_story(first, action="return", by=second_editor, reason="Sửa lại phần mở đầu")
    page = reviewer.get(home).text
    assert "Bài thứ nhất chờ duyệt" not in page and "Bài thứ hai chờ duyệt" in page
    world.province.short_name = "LĐLĐ Tỉnh Đổi Tên"
    world.province.save()
    assert "LĐLĐ Tỉnh Đổi Tên" in reviewer.get(home).text


def test_a_district_editor_writes_for_the_district_only(world, login):
    district_editor = UserFactory(email="de@example.vn")
    grant(district_editor, world.district, Role.EDITOR)
    page = login(district_editor).get(reverse("publishing:create"))
    units = list(page.context["form"].fields["unit"].queryset)
    assert world.district in units and world.province not in units


def test_the_unit_page_shows_its_editors_the_publishing_settings(world, login):
    url = reverse("orgs:detail", args=[world.district.pk])
    settings_url = reverse("publishing:settings", args=[world.district.pk])
    page = login(world.editor).get(url).text
    assert settings_url in page and "The unit's editors publish their stories themselves." in page
    assert settings_url not in login(world.reviewer).get(url).text
