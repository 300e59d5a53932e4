"""The dossier page and the reviews endpoint cost the same queries for 1 or 3 of each thing."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dienhinh.accounts.domain import issue_token
from dienhinh.nominations.enums import Action
from dienhinh.nominations.models import Initiative, Photo
from dienhinh.nominations.workflow import Decision, transition_nomination
from tests.factories import png_bytes


def dossier_with(count, world, make_nomination):
    nomination = make_nomination()
    for index in range(count - 1):
        Photo.objects.create(
            nomination=nomination,
            image=ContentFile(png_bytes(), "p.png"),
            content_type="image/png",
            width=8,
            height=8,
            caption=f"Ảnh {index}",
        )
    for index in range(count):
        Initiative.objects.create(nomination=nomination, title=f"Sáng kiến {index}", year=2017)
    for _ in range(count):
        transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
        transition_nomination(
            nomination,
            action=Action.RETURN,
            by=world.reviewer,
            decision=Decision(reason="Bổ sung", internal_note="Ghi chú"),
        )
    return nomination


def queries(client, url) -> int:
    client.get(url)  # warm-up: the menu's cached count is filled on the first page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_detail_page_and_reviews_endpoint_do_not_grow_with_content(world, make_nomination, login):
    with translation.override("en"):
        one = dossier_with(1, world, make_nomination)
        three = dossier_with(3, world, make_nomination)
    page = login(world.reviewer)
    assert queries(page, f"/dossiers/{one.pk}/") == queries(page, f"/dossiers/{three.pk}/")
    _token, key = issue_token(user=world.reviewer, name="t")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    api.get("/api/v1/me")  # the token's first use records it; later uses within a minute don't
    assert queries(api, f"/api/v1/nominations/{one.pk}/reviews") == queries(
        api, f"/api/v1/nominations/{three.pk}/reviews"
    )
