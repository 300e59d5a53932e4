"""Preview links: the people in a story read its draft without an account, for seven days,
until the link is revoked; the page is never indexed nor cached."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dienhinh.publishing.models import PreviewLink
from dienhinh.publishing.previews import create_preview_link, revoke_preview_link

from .conftest import edit


def test_a_valid_link_shows_the_newest_draft_marked_noindex(world, make_story, client):
    story = make_story(headline="Bản nháp để xem trước", photo=True)
    link, key = create_preview_link(story, by=world.editor, label="Cô Mai")
    assert link.key_hash == PreviewLink.hash_key(key) and key not in str(link.__dict__)
    edit(story, world.editor, lead="Sa-pô mới nhất")
    url = reverse("publishing:preview", args=[key])
    response = client.get(url)  # nobody logged in
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert response["Cache-Control"] == "private, no-store"
    page = response.text
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in page
    assert "Bản nháp để xem trước" in page and "Sa-pô mới nhất" in page
    assert reverse("publishing:edit", args=[story.pk]) not in page  # nothing to edit
    photo = story.photos.get()
    image = client.get(reverse("publishing:preview_photo", args=[key, photo.pk]))
    assert image.status_code == 200 and image["X-Robots-Tag"].startswith("noindex")


def test_expired_revoked_and_unknown_links(world, make_story, client):
    story = make_story()
    link, key = create_preview_link(story, by=world.editor)
    url = reverse("publishing:preview", args=[key])
    PreviewLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    gone = client.get(url)
    assert gone.status_code == 410 and "không còn dùng được" in gone.text
    assert gone["X-Robots-Tag"].startswith("noindex")
    other, other_key = create_preview_link(story, by=world.editor)
    revoke_preview_link(other, by=world.editor)
    assert client.get(reverse("publishing:preview", args=[other_key])).status_code == 410
    assert client.get(reverse("publishing:preview", args=["xem_khongco"])).status_code == 404
    photo_url = reverse("publishing:preview_photo", args=[other_key, 1])
    assert client.get(photo_url).status_code == 404


def test_links_are_made_and_revoked_by_the_storys_editors(world, login, make_story):
    story = make_story()
    editor = login(world.editor)
    editor.post(reverse("publishing:preview_create", args=[story.pk]), {"label": "Gia đình"})
    page = editor.get(reverse("publishing:detail", args=[story.pk])).text
    link = story.preview_links.get()
    assert "Send this link; it is shown only once" in page and "Gia đình" in page
    again = editor.get(reverse("publishing:detail", args=[story.pk])).text
    assert "shown only once" not in again
    monitor = login(world.monitor)
    assert monitor.post(reverse("publishing:preview_revoke", args=[link.pk])).status_code == 403
    outside = login(world.reviewer)
    assert outside.post(reverse("publishing:preview_revoke", args=[link.pk])).status_code == 404
    editor.post(reverse("publishing:preview_revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == world.editor
