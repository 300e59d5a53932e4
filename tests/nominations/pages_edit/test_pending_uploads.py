"""Photos and documents uploaded on the dossier form before it is saved (pending uploads):
only their uploader sees them, the first save attaches them, anyone else's ids are refused,
and those never attached are gone after 24 hours."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from dienhinh.nominations.editing.pending import add_pending, sweep_pending
from dienhinh.nominations.models import Nomination, PendingUpload
from tests.factories import pdf_bytes
from tests.nominations.pages_edit.conftest import jpeg_with_gps, media_files
from tests.nominations.pages_edit.test_create import create_url, dossier_post


def _photo(name="anh-hoat-dong.jpg"):
    return SimpleUploadedFile(name, jpeg_with_gps(), content_type="image/jpeg")


def _pdf(name="Quyết định khen thưởng.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _upload(client, kind, file):
    return client.post(reverse("nominations:pending_upload"), {"kind": kind, "file": file})


def test_an_upload_is_checked_stored_cleaned_and_served_only_to_its_uploader(world, login):
    officer = login(world.officer_a)
    answer = _upload(officer, "photo", _photo())
    assert answer.status_code == 201
    item = PendingUpload.objects.get(pk=answer.json()["id"])
    assert (item.uploaded_by, item.kind, item.content_type) == (
        world.officer_a,
        "photo",
        "image/jpeg",
    )
    with item.file.open("rb") as stored:
        assert "exif" not in Image.open(stored).info  # GPS and camera data stripped
    for name in ("nominations:pending_file", "nominations:pending_thumbnail"):
        url = reverse(name, args=[item.pk])
        assert officer.get(url).status_code == 200
        # Anyone else, even in the same unit or above it, finds nothing there.
        for other in (world.officer_b, world.reviewer, world.fed_admin):
            assert login(other).get(url).status_code == 404
    assert (
        login(world.officer_b)
        .post(reverse("nominations:pending_delete", args=[item.pk]))
        .status_code
        == 404
    )
    assert PendingUpload.objects.filter(pk=item.pk).exists()


def test_a_refused_file_gets_a_clear_message_and_nothing_is_stored(world, login):
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    answer = _upload(login(world.officer_a), "photo", fake)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert PendingUpload.objects.count() == 0 and media_files() == []


def test_people_who_file_no_dossiers_cannot_upload(world, login):
    assert _upload(login(world.monitor), "photo", _photo()).status_code == 403


def test_the_first_save_attaches_the_uploads_in_the_forms_order(world, login, plan):
    client = login(world.officer_a)
    first = _upload(client, "photo", _photo("mot.jpg")).json()["id"]
    second = _upload(client, "photo", _photo("hai.jpg")).json()["id"]
    document = _upload(client, "attachment", _pdf()).json()["id"]
    data = dossier_post(world, plan)
    data["uploads"] = [str(second), str(document), str(first)]
    data[f"upload-{second}-caption"] = "Lễ tuyên dương"
    data[f"upload-{second}-alt_text"] = "Cô giáo nhận bằng khen"
    data[f"upload-{document}-caption"] = "Quyết định khen thưởng"
    response = client.post(create_url(plan), data)
    assert response.status_code == 302
    nomination = Nomination.objects.get(full_name="Nguyễn Thị Hồng")
    photos = list(nomination.photos.order_by("position"))
    assert [p.original_name for p in photos] == ["hai.jpg", "mot.jpg"]
    assert (photos[0].caption, photos[0].alt_text) == ("Lễ tuyên dương", "Cô giáo nhận bằng khen")
    assert [a.title for a in nomination.attachments.all()] == ["Quyết định khen thưởng"]
    assert PendingUpload.objects.count() == 0
    # The files are the dossier's now: served through it, and kept by the sweep.
    assert client.get(reverse("nominations:photo", args=[photos[0].pk])).status_code == 200
    sweep_pending(now=timezone.now() + datetime.timedelta(days=2))
    assert client.get(reverse("nominations:photo", args=[photos[0].pk])).status_code == 200


def test_files_sent_with_the_form_without_javascript_are_attached(world, login, plan):
    client = login(world.officer_a)
    data = dossier_post(world, plan)
    data["new_photos"] = [_photo("mot.jpg"), _photo("hai.jpg")]
    data["new_attachments"] = [_pdf()]
    assert client.post(create_url(plan), data).status_code == 302
    nomination = Nomination.objects.get(full_name="Nguyễn Thị Hồng")
    assert nomination.photos.count() == 2 and nomination.attachments.count() == 1


def test_a_refused_save_keeps_the_uploads_on_the_form(world, login, plan):
    client = login(world.officer_a)
    data = dossier_post(world, plan, headline="")
    data["new_photos"] = [_photo("mot.jpg")]
    response = client.post(create_url(plan), data)
    assert response.status_code == 200
    assert Nomination.objects.count() == 0
    item = PendingUpload.objects.get()
    html = response.content.decode()
    assert f'name="uploads" value="{item.pk}" checked' in html and "mot.jpg" in html


def test_ids_of_someone_elses_uploads_are_refused_with_a_form_error(world, login, plan):
    theirs = add_pending(by=world.officer_b, kind="photo", upload=_photo())
    data = dossier_post(world, plan)
    data["uploads"] = [str(theirs.pk)]
    response = login(world.officer_a).post(create_url(plan), data)
    assert response.status_code == 200
    assert "not yours" in response.content.decode()
    assert Nomination.objects.count() == 0  # nothing half-saved
    assert PendingUpload.objects.get().uploaded_by == world.officer_b


def test_an_edit_attaches_new_uploads_after_the_existing_photos(
    world, login, plan, make_nomination
):
    nomination = make_nomination()
    client = login(world.officer_a)
    upload = _upload(client, "photo", _photo("moi.jpg")).json()["id"]
    data = dossier_post(world, plan)
    data.pop("nominating_unit")
    data["uploads"] = [str(upload)]
    assert client.post(reverse("nominations:edit", args=[nomination.pk]), data).status_code == 302
    assert [p.original_name for p in nomination.photos.order_by("position")][-1] == "moi.jpg"


@pytest.mark.django_db
def test_uploads_never_attached_are_gone_after_24_hours(world):
    kept = add_pending(by=world.officer_a, kind="photo", upload=_photo())
    old = add_pending(by=world.officer_a, kind="attachment", upload=_pdf())
    PendingUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    files_before = len(media_files())
    call_command("sweep_pending_uploads", verbosity=0)
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [kept.pk]
    assert len(media_files()) == files_before - 1
    # A day later the other one goes too, files and all; running again changes nothing.
    assert sweep_pending(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert sweep_pending(now=timezone.now() + datetime.timedelta(hours=25)) == 0
    assert PendingUpload.objects.count() == 0 and media_files() == []


def test_photos_move_up_and_down_with_buttons(world, login, make_nomination):
    from dienhinh.nominations.models import Photo

    nomination = make_nomination()
    first = nomination.photos.get()
    second = Photo.objects.create(nomination=nomination, image="x", content_type="image/png")
    client = login(world.officer_a)
    html = client.get(reverse("nominations:edit", args=[nomination.pk])).content.decode()
    assert reverse("nominations:photo_move", args=[second.pk]) in html
    move = reverse("nominations:photo_move", args=[second.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(nomination.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    client.post(move, {"direction": "up"})  # already first: nothing changes
    assert list(nomination.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert login(world.officer_b).post(move, {"direction": "down"}).status_code == 404
