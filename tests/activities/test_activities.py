"""Activities: who records them, who sees them (a seminar also in its participants'
scopes), the pages, photos served privately, and the one-click start from a story or a
dossier page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.activities.domain import add_photo
from dienhinh.activities.models import Activity, ActivityKind
from tests.factories import jpeg_bytes, pdf_bytes


def test_a_meeting_is_seen_in_its_units_scope_only(world, record):
    meeting = record(world.unit_a, world.officer_a)
    assert meeting.unit_name == world.unit_a.name
    for person in (world.officer_a, world.reviewer, world.monitor, world.sysadmin):
        assert Activity.objects.visible_to(person).filter(pk=meeting.pk).exists(), person
    for person in (world.officer_b, world.outsider):
        assert not Activity.objects.visible_to(person).filter(pk=meeting.pk).exists(), person


def test_a_seminar_is_also_seen_by_its_participating_units(world, record, cluster):
    seminar = record(
        world.district,
        world.fed_admin,
        kind=ActivityKind.SEMINAR,
        title="Tọa đàm giao lưu kinh nghiệm",
        group=cluster,
        participating_units=[world.unit_c],
        participants=60,
    )
    from tests.factories import UserFactory, grant

    officer_c = UserFactory(email="officer_c@example.vn")
    grant(officer_c, world.unit_c)
    assert Activity.objects.visible_to(officer_c).filter(pk=seminar.pk).exists()
    # A member of the cluster that did not take part does not see it.
    officer_other = UserFactory(email="officer_tp@example.vn")
    grant(officer_other, world.other_district, subtree=False)
    assert not Activity.objects.visible_to(officer_other).filter(pk=seminar.pk).exists()
    assert not Activity.objects.visible_to(world.officer_b).filter(pk=seminar.pk).exists()


def test_who_records_and_what_is_checked(world, record, cluster):
    with pytest.raises(PermissionDenied):
        record(world.unit_a, world.officer_b)
    with pytest.raises(PermissionDenied):
        record(world.unit_a, world.reviewer)  # reviewers read, they do not record
    with pytest.raises(ValidationError) as error:
        record(world.unit_a, world.officer_a, held_on=datetime.date.today() + datetime.timedelta(1))
    assert "held_on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        record(world.unit_a, world.officer_a, kind=ActivityKind.SEMINAR)
    assert "group" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        record(
            world.district,
            world.fed_admin,
            kind=ActivityKind.SEMINAR,
            group=cluster,
            participating_units=[world.unit_b],
        )
    assert "participating_units" in error.value.error_dict
    assert Activity.objects.count() == 0


def test_the_pages_record_list_and_show_an_activity(world, plan, login):
    client = login(world.officer_a)
    minutes = SimpleUploadedFile("Biên bản.pdf", pdf_bytes(72, 72), "application/pdf")
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "meeting",
            "unit": world.unit_a.pk,
            "title": "Sinh hoạt chuyên đề tháng 10",
            "held_on": "12/10/2017",
            "participants": "31",
            "plan": plan.pk,
            "minutes": minutes,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert activity.held_on == datetime.date(2017, 10, 12) and activity.participants == 31
    listing = client.get(reverse("activities:list"), {"kind": "meeting", "plan": plan.pk})
    assert "Sinh hoạt chuyên đề tháng 10" in listing.content.decode()
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "Biên bản.pdf" in detail
    file = client.get(reverse("activities:minutes", args=[activity.pk]))
    assert file.status_code == 200 and file["Cache-Control"] == "private, no-store"
    assert (
        login(world.officer_b).get(reverse("activities:detail", args=[activity.pk])).status_code
        == 404
    )
    assert (
        login(world.officer_b).get(reverse("activities:minutes", args=[activity.pk])).status_code
        == 404
    )


def test_bad_input_gets_a_message_and_nothing_saved(world, login):
    client = login(world.officer_a)
    response = client.post(
        reverse("activities:create"),
        {"kind": "meeting", "unit": world.unit_b.pk, "title": "", "held_on": "31/02/2017"},
    )
    assert response.status_code == 200
    assert Activity.objects.count() == 0
    assert 'class="errorlist' in response.content.decode()


def test_photos_are_served_privately(world, record, login):
    meeting = record(world.unit_a, world.officer_a)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), "image/jpeg")
    photo = add_photo(meeting, by=world.officer_a, upload=upload, caption="Toàn cảnh")
    own = login(world.officer_a).get(reverse("activities:photo", args=[photo.pk]))
    assert own.status_code == 200 and own["Cache-Control"] == "private, no-store"
    thumb = login(world.reviewer).get(reverse("activities:photo_thumbnail", args=[photo.pk]))
    assert thumb.status_code == 200
    assert (
        login(world.officer_b).get(reverse("activities:photo", args=[photo.pk])).status_code == 404
    )


def test_one_click_from_a_selected_dossier_prefills_the_form(world, plan, login, make_nomination):
    dossier = make_nomination(world.unit_a, state="selected", full_name="Nguyễn Thị Mai")
    client = login(world.officer_a)
    page = client.get(reverse("nominations:detail", args=[dossier.pk])).content.decode()
    start = reverse("activities:create") + f"?kind=meeting&amp;dossier={dossier.pk}"
    assert start in page
    form = client.get(reverse("activities:create"), {"kind": "meeting", "dossier": dossier.pk})
    text = form.content.decode()
    assert "Nguyễn Thị Mai" in text
    assert f'<option value="{dossier.pk}" selected>' in text
    # Someone who does not see the dossier gets an empty form, nothing about it.
    other = login(world.officer_b).get(
        reverse("activities:create"), {"kind": "meeting", "dossier": dossier.pk}
    )
    assert "Nguyễn Thị Mai" not in other.content.decode()


def test_delete_removes_the_activity(world, record, login):
    meeting = record(world.unit_a, world.officer_a)
    assert (
        login(world.officer_b).post(reverse("activities:delete", args=[meeting.pk])).status_code
        == 404
    )
    assert (
        login(world.reviewer).post(reverse("activities:delete", args=[meeting.pk])).status_code
        == 403
    )
    login(world.officer_a).post(reverse("activities:delete", args=[meeting.pk]))
    assert not Activity.objects.exists()


def test_the_story_and_dossier_pages_carry_the_button(world, rf):
    from types import SimpleNamespace

    from dienhinh.activities.panels import record_from_dossier, record_from_story
    from dienhinh.nominations.hooks import dossier_page
    from dienhinh.publishing.hooks import story_page

    assert "activities.record_meeting" in story_page.names
    assert "activities.record_meeting" in dossier_page.names
    request = rf.get("/")
    request.user = world.officer_a
    published = SimpleNamespace(pk=7, state="published", first_published_at=None)
    panel = record_from_story(request, story=published)
    assert panel.context["record_url"] == reverse("activities:create") + "?kind=meeting&story=7"
    draft = SimpleNamespace(pk=8, state="draft", first_published_at=None)
    assert record_from_story(request, story=draft) is None
    assert record_from_dossier(request, nomination=SimpleNamespace(pk=9, state="draft")) is None
    request.user = world.reviewer  # reads activities, does not record them
    assert record_from_story(request, story=published) is None
