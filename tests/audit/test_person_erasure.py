"""A person erased from every dossier about them at once (nominations.person_erasure): the
dossiers found by the person's name and year of birth across plans and units, listed, then
erased with one reason in one transaction, with the stories about them; a namesake born
another year keeps their dossier. Only a system administrator reaches the page."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from dienhinh.core.models import AuditEntry
from dienhinh.nominations.enums import State
from dienhinh.nominations.erasure import ANONYMISE
from dienhinh.nominations.hooks import subject_erased
from dienhinh.nominations.models import Nomination, Photo
from dienhinh.nominations.person_erasure import ERASE_PERSON
from dienhinh.publishing.models import Story, StoryDossier, StoryPhoto, StoryVersion
from dienhinh.publishing.photos import import_photo
from tests.audit.test_erasure import NAME, told  # noqa: F401 (the fixture)
from tests.factories import make_nomination

pytestmark = pytest.mark.django_db

URL = "/dossiers/personal-data/"


@pytest.fixture
def page_language():
    """Vietnamese, the site's language: the texts asserted are the translated ones."""
    return None


SHOUTED = NAME.upper()  # another spelling of the same person: the key folds case


@pytest.fixture
def person(world, draft_plan, request):
    """``told``'s dossier, a second one about the same person (written in capitals) in
    another plan (a draft, the rows written straight) by a unit of another district, and a
    namesake's born in another year."""
    dossier, story, report = request.getfixturevalue("told")
    second = make_nomination(
        draft_plan,
        world.unit_c,
        by=world.officer_a,
        full_name=SHOUTED,
        headline=f"{SHOUTED} tiếp tục dạy giỏi",
        achievements=f"Cô {SHOUTED} có sáng kiến.",
        birth_year=1980,
        contact_phone="0912000222",
    )
    second.full_name = SHOUTED  # a history row that holds the name
    second.save()
    Nomination.objects.filter(pk=second.pk).update(state=State.NOT_SELECTED)
    namesake = make_nomination(
        draft_plan, world.unit_b, by=world.officer_b, full_name=NAME, birth_year=1990
    )
    StoryDossier.objects.create(story=story, nomination=second)
    copy = import_photo(story, by=world.editor, source=second.photos.first())
    return dossier, second, namesake, story, report, copy


def _confirm(client, *dossiers, reason="Đơn đề nghị xóa dữ liệu ngày 02/12/2026", **extra):
    return client.post(
        URL,
        {
            "full_name": NAME,
            "birth_year": "1980",
            "dossiers": ",".join(str(d.pk) for d in dossiers),
            "reason": reason,
            **extra,
        },
    )


def test_only_a_system_administrator_reaches_the_page(world, person, login):
    dossier, second, *_rest = person
    for who in (world.fed_admin, world.monitor, world.editor, world.officer_a):
        client = login(who)
        assert client.get(URL, {"full_name": NAME, "birth_year": 1980}).status_code == 404
        assert _confirm(client, dossier, second).status_code == 404
    assert Nomination.objects.filter(full_name=NAME).count() == 2


def test_the_page_lists_the_persons_dossiers_across_plans_and_units(world, person, login):
    dossier, second, namesake, *_rest = person
    client = login(world.sysadmin)
    assert client.get(f"/dossiers/{dossier.pk}/personal-data/").status_code == 200
    page = client.get(URL, {"full_name": "huynh thi rieng tu", "birth_year": 1980})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/dossiers/{dossier.pk}/personal-data/" in html
    assert f"/dossiers/{second.pk}/personal-data/" in html
    assert f"/dossiers/{namesake.pk}/personal-data/" not in html
    assert f'value="{dossier.pk},{second.pk}"' in html
    nobody = client.get(URL, {"full_name": "Không Có Ai", "birth_year": 1980})
    assert "Không tìm thấy hồ sơ nào về người này" in nobody.content.decode()


def test_erasing_the_person_scrubs_every_dossier_and_story_in_one_entry(
    world, person, login, django_capture_on_commit_callbacks
):
    dossier, second, namesake, story, report, copy = person
    stored = [p.image.name for d in (dossier, second) for p in d.photos.all()]
    stored += [a.file.name for a in dossier.attachments.all()] + [dossier.consent_scan.name]
    stored.append(copy.image.name)
    assert all(default_storage.exists(name) for name in stored)
    figures = report.last_version.figures
    client = login(world.sysadmin)
    assert _confirm(client, dossier, second, reason="").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(client, dossier, second)
    assert response.status_code == 302
    for erased in Nomination.objects.filter(pk__in=[dossier.pk, second.pk]):
        held = json.dumps(
            [erased.full_name, erased.headline, erased.achievements, erased.search_text],
            ensure_ascii=False,
        )
        assert NAME not in held and SHOUTED not in held and "rieng tu" not in held
        assert erased.full_name == "(đã ẩn danh)" and erased.birth_year is None
        assert erased.contact_phone == "" and erased.history.count() == 0
        assert not Photo.objects.filter(nomination=erased).exists()
    assert Nomination.objects.get(pk=second.pk).headline == "(đã ẩn danh) tiếp tục dạy giỏi"
    assert not any(default_storage.exists(name) for name in stored)
    # The namesake born another year is another person.
    kept = Nomination.objects.get(pk=namesake.pk)
    assert kept.full_name == NAME and kept.photos.exists() and kept.history.exists()
    # The story is offline, without the copy of the second dossier's photo, and no version,
    # caption or audit label about it names the person.
    assert Story.objects.get(pk=story.pk).state == "unpublished"
    assert not StoryPhoto.objects.filter(pk=copy.pk).exists()
    for version in StoryVersion.objects.filter(story=story):
        held = json.dumps(
            [version.headline, version.lead, version.body, version.photos], ensure_ascii=False
        )
        assert NAME not in held and copy.pk not in version.photo_ids
    assert not StoryPhoto.objects.filter(story=story, caption__contains=NAME).exists()
    assert not AuditEntry.objects.filter(target_label__icontains=NAME).exists()
    assert NAME not in Client().get("/bai-viet/").content.decode()
    report.last_version.refresh_from_db()
    assert report.last_version.figures == figures
    # One entry, with the reason and the dossiers; none per dossier.
    entry = AuditEntry.objects.get(action=ERASE_PERSON)
    assert entry.reason == "Đơn đề nghị xóa dữ liệu ngày 02/12/2026"
    assert entry.actor == world.sysadmin and entry.extra["dossiers"] == [dossier.pk, second.pk]
    assert not AuditEntry.objects.filter(action=ANONYMISE).exists()
    log = client.get("/audit/").content.decode()
    assert "Đã xóa dữ liệu của một người khỏi mọi hồ sơ về họ" in log


def _untouched(dossier, second):
    assert Nomination.objects.get(pk=dossier.pk).full_name == NAME
    assert Nomination.objects.get(pk=second.pk).full_name == SHOUTED
    assert Photo.objects.filter(nomination__in=[dossier, second]).count() == 2
    assert all(default_storage.exists(p.image.name) for p in Photo.objects.all())
    assert not AuditEntry.objects.filter(action=ERASE_PERSON).exists()


def test_an_open_decision_or_a_changed_list_erases_nothing(world, person, login):
    dossier, second, *_rest = person
    client = login(world.sysadmin)
    # The list confirmed is not the list found: a dossier left out, or one added since.
    answer = _confirm(client, dossier)
    assert answer.status_code == 400
    assert "Các hồ sơ về người này đã thay đổi" in answer.content.decode()
    _untouched(dossier, second)
    answer = _confirm(client, dossier, second, dossiers="1,x")
    assert answer.status_code == 400
    assert "Danh sách hồ sơ không hợp lệ" in answer.content.decode()
    _untouched(dossier, second)
    Nomination.objects.filter(pk=second.pk).update(state=State.RETURNED)
    answer = _confirm(client, dossier, second)
    assert answer.status_code == 400
    assert "còn đang chờ quyết định" in answer.content.decode()
    _untouched(dossier, second)


def test_a_failure_on_the_last_dossier_leaves_the_first_as_it_was(
    world, person, login, monkeypatch
):
    dossier, second, *_rest = person

    def fail_on_second(nomination, by, *, names, marker):
        if nomination.pk == second.pk:
            raise ValidationError("the second dossier cannot be erased")

    monkeypatch.setattr(subject_erased, "_entries", list(subject_erased._entries))
    subject_erased.register("test.fail", fail_on_second, order=999)
    answer = _confirm(login(world.sysadmin), dossier, second)
    assert (
        answer.status_code == 400
        and "the second dossier cannot be erased" in answer.content.decode()
    )
    _untouched(dossier, second)
    assert Story.objects.get(story_dossiers__nomination=dossier).state == "published"
