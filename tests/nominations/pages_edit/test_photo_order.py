"""Moving and removing a dossier's saved photos on the edit page: the plain forms redirect
back (no JavaScript), the same forms posted by photo-order.js answer JSON, with exactly the
pages' permissions."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from dienhinh.nominations import editing
from dienhinh.nominations.models import Photo

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def three(make_nomination):
    """A draft of unit A with three photos, in their order."""
    nomination = make_nomination()
    for name in ("b.png", "c.png"):
        Photo.objects.create(
            nomination=nomination,
            image=ContentFile(b"x", name),
            content_type="image/png",
            position=nomination.photos.count() + 1,
        )
    return nomination, list(nomination.photos.order_by("position", "pk"))


def order(nomination) -> list[int]:
    return list(nomination.photos.order_by("position", "pk").values_list("pk", flat=True))


def move(client, photo, direction, **headers):
    url = reverse("nominations:photo_move", args=[photo.pk])
    return client.post(url, {"direction": direction}, **headers)


def delete(client, photo, **headers):
    return client.post(reverse("nominations:photo_delete", args=[photo.pk]), **headers)


def test_moving_for_the_script_answers_the_new_order(world, login, three):
    nomination, (a, b, c) = three
    client = login(world.officer_a)
    response = move(client, c, "up", **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "moved": c.pk,
        "direction": "up",
        "order": [a.pk, c.pk, b.pk],
        "photos": 3,
        "photos_left": editing.MAX_PHOTOS - 3,
    }
    assert order(nomination) == [a.pk, c.pk, b.pk]
    assert move(client, a, "down", **JSON).json()["order"] == [c.pk, a.pk, b.pk]
    # At the end nothing moves, and the answer says so by the unchanged order.
    assert move(client, b, "down", **JSON).json()["order"] == [c.pk, a.pk, b.pk]


def test_removing_for_the_script_answers_what_is_left(world, login, three):
    nomination, (a, b, c) = three
    response = delete(login(world.officer_a), b, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "removed": b.pk,
        "order": [a.pk, c.pk],
        "photos": 2,
        "photos_left": editing.MAX_PHOTOS - 2,
    }
    assert order(nomination) == [a.pk, c.pk]


def test_without_the_script_the_forms_redirect_back_to_the_photos(world, login, three):
    nomination, (a, b, c) = three
    client = login(world.officer_a)
    edit = reverse("nominations:edit", args=[nomination.pk])
    response = move(client, b, "up")
    assert (response.status_code, response["Location"]) == (302, f"{edit}#photos")
    assert order(nomination) == [b.pk, a.pk, c.pk]
    page = delete(client, a, follow=True).content.decode()
    assert "The photo was removed." in page
    assert order(nomination) == [b.pk, c.pk]


def test_the_edit_page_offers_each_photo_the_buttons_for_its_place(world, login, three):
    nomination, (a, _b, c) = three
    html = login(world.officer_a).get(reverse("nominations:edit", args=[nomination.pk]))
    html = html.content.decode()
    up, down = (
        f'action="{reverse("nominations:photo_move", args=[photo.pk])}" class="inline" '
        f'data-direction="{direction}" novalidate'
        for photo, direction in ((a, "up"), (c, "down"))
    )
    # Every button is rendered for the script; the first's "up" and the last's "down" hidden.
    assert f"{up} hidden>" in html and f"{down} hidden>" in html
    assert html.count('data-direction="up" novalidate>') == 2
    assert 'data-msg-up="The photo was moved up."' in html


@pytest.mark.parametrize("headers", [JSON, {}], ids=["json", "form"])
def test_outside_the_scope_a_photo_does_not_exist(world, login, three, headers):
    nomination, (a, b, c) = three
    for persona in (world.officer_b, world.reviewer, world.outsider):
        client = login(persona)
        for response in (move(client, b, "up", **headers), delete(client, b, **headers)):
            assert response.status_code == 404
            if headers:
                assert response.json() == {"error": "This photo no longer exists. Reload the page."}
    assert order(nomination) == [a.pk, b.pk, c.pk]


@pytest.mark.parametrize("headers", [JSON, {}], ids=["json", "form"])
def test_a_dossier_sent_up_refuses_changes_to_its_photos(world, login, three, headers):
    from dienhinh.nominations.enums import Action
    from dienhinh.nominations.workflow import Decision, transition_nomination

    nomination, (a, b, c) = three
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a, decision=Decision())
    # The officer and the reviewer above both see the dossier; neither may change it now.
    for persona in (world.officer_a, world.reviewer):
        client = login(persona)
        for response in (move(client, b, "up", **headers), delete(client, b, **headers)):
            assert response.status_code == 403
            if headers:
                assert response.json()["error"] == (
                    "Only the nominating unit's officers can change a draft or a returned dossier."
                )
    assert order(nomination) == [a.pk, b.pk, c.pk]


def test_anonymous_is_sent_to_log_in(client, three):
    nomination, (a, b, c) = three
    for response in (move(client, b, "up", **JSON), delete(client, b, **JSON)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert order(nomination) == [a.pk, b.pk, c.pk]
