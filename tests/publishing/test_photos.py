"""Story photos: EXIF gone, served only to those who see the story, renditions made once
without upscaling, public renditions only of what the public reads."""

import io

import pytest
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from PIL import Image

from dienhinh.nominations.enums import PeopleConsent
from dienhinh.publishing import photos
from dienhinh.publishing.renditions import make_renditions, widths_for
from dienhinh.publishing.serving import public_rendition_for
from dienhinh.publishing.workflow import transition_story

from .conftest import edit, upload


def jpeg_with_gps(width=1000, height=600) -> bytes:
    image = Image.new("RGB", (width, height), (120, 160, 40))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x8825] = {1: "N", 2: (9.0, 56.0, 0.0)}  # GPSInfo: a latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_an_uploaded_photo_is_stored_without_exif_and_gets_its_renditions(world, make_story):
    story = make_story()
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif()  # the upload does carry EXIF
    photo = photos.add_photo(
        story, by=world.editor, upload=upload(data=data), caption="Cô Mai", alt_text="Cô giáo"
    )
    with default_storage.open(photo.image.name, "rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        assert not kept.getexif() and "exif" not in kept.info
    assert (photo.width, photo.height) == (1000, 600)
    assert make_renditions(photo.pk) == 4  # 480 and 960 wide, WebP and JPEG: no 1600
    assert make_renditions(photo.pk) == 0  # made once
    made = sorted(photo.renditions.values_list("format", "width", "height"))
    assert made == [("jpeg", 480, 288), ("jpeg", 960, 576), ("webp", 480, 288), ("webp", 960, 576)]
    rendition = photo.renditions.get(format="webp", width=960)
    assert rendition.file.name.endswith("-960.webp")
    with default_storage.open(rendition.file.name, "rb") as handle:
        assert not Image.open(handle).getexif()


def test_widths_never_upscale():
    assert widths_for(2400) == [480, 960, 1600]
    assert widths_for(960) == [480, 960]
    assert widths_for(300) == [300]


def test_photos_are_served_only_to_those_who_see_the_story(world, login, make_story):
    story = make_story(world.district, photo=True)
    photo = story.photos.get()
    url = reverse("publishing:photo", args=[photo.pk])
    response = login(world.reviewer).get(url)  # the district's reviewer sees its stories
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert login(world.officer_b).get(url).status_code == 404
    assert login(None).get(url).status_code == 302
    thumbnail = reverse("publishing:photo_thumbnail", args=[photo.pk])
    assert login(world.editor).get(thumbnail).status_code == 200


def test_only_renditions_of_the_live_version_are_public(world, make_story):
    story = make_story(photo=True)
    photo = story.photos.get()
    make_renditions(photo.pk)
    rendition = photo.renditions.first()
    with pytest.raises(Http404):
        public_rendition_for(rendition.pk)  # a draft
    transition_story(story, action="publish", by=world.editor)
    assert public_rendition_for(rendition.pk) == rendition
    # The people withdraw their agreement: the photo is no longer served to the public.
    story.refresh_from_db()
    edit(
        story,
        world.editor,
        photos=[
            {
                "photo_id": photo.pk,
                "caption": "Cô Mai đứng lớp",
                "alt_text": "Cô giáo",
                "cover": True,
                "people_consent": PeopleConsent.NOT_RECORDED,
            }
        ],
    )
    with pytest.raises(Http404):
        public_rendition_for(rendition.pk)


def test_importing_a_dossier_photo_and_removing_photos(world, make_story, selected):
    story = make_story(dossiers=[selected])
    source = selected.photos.get()
    imported = photos.import_photo(story, by=world.editor, source=source)
    assert imported.source_photo == source
    with pytest.raises(Exception, match="already in the story"):
        photos.import_photo(story, by=world.editor, source=source)
    photos.remove_photo(imported, by=world.editor)
    story.refresh_from_db()
    assert story.draft_version.photos == [] and not story.photos.exists()


def test_a_photo_the_public_reads_is_kept_when_removed_from_the_draft(world, make_story):
    story = make_story(photo=True)
    photo = story.photos.get()
    transition_story(story, action="publish", by=world.editor)
    photos.remove_photo(photo, by=world.editor)
    story.refresh_from_db()
    assert story.draft_version.photos == [] and story.live_version.photo_ids == [photo.pk]
    assert story.photos.get() == photo
