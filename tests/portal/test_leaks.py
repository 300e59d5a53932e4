"""Nothing that is not public reaches a public surface: no draft, in-review,
future-scheduled, unpublished or taken-down story, and no never-public field (the dossier's
birth year and contacts, the editor's email), through any list, search, feed, sitemap,
unit page, embed, share tag, photo or the public API."""

import re

import pytest

from dienhinh.nominations.models import Nomination
from dienhinh.nominations.privacy import private_values
from dienhinh.publishing.models import StoryRendition
from dienhinh.publishing.search import words_of
from tests.publishing.conftest import selected  # noqa: F401 (a fixture)

from .conftest import HIDDEN_STATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(world, selected, write, publish, shared_field, movement, stories):  # noqa: F811
    """A published story told about a dossier whose never-public fields are all filled; the
    hidden stories of ``stories`` tell about it too."""
    Nomination.objects.filter(pk=selected.pk).update(
        birth_year=1979,
        contact_name="Võ Thị Liên Hệ",
        contact_phone="0912345678",
        contact_email="lienhe.rieng@example.vn",
        residence="Ấp Bí Mật, xã Riêng",
        party_member=True,
    )
    selected.refresh_from_db()
    story = publish(
        write(
            "Chuyện về cô giáo được chọn",
            lead="Câu chuyện đã đăng.",
            unit=world.unit_a,
            dossiers=[selected],
            field=shared_field,
            movement=movement,
        )
    )
    return story, selected


def public_addresses(world, stories, story):
    units = [world.province, world.district, world.unit_a, world.unit_b]
    hidden = [stories[state] for state in HIDDEN_STATES]
    urls = ["/", "/bai-viet/", "/rss/", "/atom/", "/robots.txt"]
    urls += ["/sitemap.xml", "/sitemap-stories.xml", "/sitemap-lists.xml"]
    urls += [f"/bai-viet/?unit={u.code}" for u in units]
    urls += [f"/don-vi/{u.code}/{tail}" for u in units for tail in ("", "rss/", "atom/")]
    urls += [f"/embed/units/{u.code}/" for u in units]
    urls += [f"/linh-vuc/day-tot/{tail}" for tail in ("", "rss/", "atom/")]
    movement = f"/phong-trao/{story.movement_id}-gioi-viec-nuoc-dam-viec-nha/"
    urls += [f"{movement}{tail}" for tail in ("", "rss/", "atom/")]
    urls += [f"/bai-viet/{story.pk}-{story.slug}/"]
    urls += [f"/bai-viet/{s.pk}-{s.slug or 'x'}/" for s in hidden]
    # Search for every hidden headline, and for the private values themselves.
    urls += ["/tim-kiem/?q=" + " ".join(words_of(s.draft_version.headline)) for s in hidden]
    urls += ["/api/v1/public/stories", "/api/v1/public/stories?limit=200"]
    urls += [f"/api/v1/public/stories/{s.pk}" for s in [story, *hidden]]
    urls += [
        "/api/v1/public/stories?q=" + " ".join(words_of(s.draft_version.headline)) for s in hidden
    ]
    urls += [f"/api/v1/public/stories?unit={u.code}" for u in units]
    return urls


def test_no_hidden_story_and_no_never_public_field_on_any_public_surface(
    reader, world, stories, told
):
    story, dossier = told
    secrets = [s.draft_version.headline for s in (stories[x] for x in HIDDEN_STATES)]
    secrets += private_values(dossier) + private_values(world.editor)
    secrets += ["1979", "Võ Thị Liên Hệ", "Ấp Bí Mật, xã Riêng"]
    assert "lienhe.rieng@example.vn" in secrets and "0912345678" in secrets
    seen_story = False
    for url in public_addresses(world, stories, story):
        response = reader.get(url)
        assert response.status_code in (200, 301, 404, 410), (url, response.status_code)
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, (url, secret)
        seen_story |= "Chuyện về cô giáo được chọn" in body
    assert seen_story  # the control: the public story itself does show


def test_the_api_answers_only_public_stories(reader, stories, told):
    story, _dossier = told
    listed = reader.get("/api/v1/public/stories").json()
    ids = {item["id"] for item in listed["items"]}
    assert ids == {story.pk, stories["published"].pk} and listed["count"] == 2
    item = next(i for i in listed["items"] if i["id"] == story.pk)
    assert item["title"] == "Chuyện về cô giáo được chọn"
    assert item["url"] == f"http://127.0.0.1:8000/bai-viet/{story.pk}-{story.slug}/"
    assert set(item) == {
        "id", "title", "url", "published_at", "updated_at", "lead", "field", "field_slug",
        "unit", "unit_code", "movement", "movement_id",
    }  # fmt: skip
    for state in HIDDEN_STATES:
        response = reader.get(f"/api/v1/public/stories/{stories[state].pk}")
        assert response.status_code == 404, state
    detail = reader.get(f"/api/v1/public/stories/{stories['published'].pk}").json()
    assert detail["images"][0]["alt_text"] == "Cô giáo đứng trên bục giảng"
    assert "<p>Cô Đào dạy giỏi" in detail["body"]


def test_the_api_filters_and_searches(reader, stories, told, world):
    story, _dossier = told

    def ids(query):
        response = reader.get("/api/v1/public/stories", query)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids({"unit": world.unit_a.code}) == {story.pk}
    assert ids({"field": "day-tot"}) == {story.pk, stories["published"].pk}
    assert ids({"q": "co giao duoc chon"}) == {story.pk}
    assert ids({"q": "dao thi", "unit": world.district.code}) == {stories["published"].pk}
    assert ids({"q": "dao thi", "unit": world.unit_a.code}) == set()
    assert ids({"movement": story.movement_id}) == {story.pk, stories["published"].pk}
    wrong = reader.get("/api/v1/public/stories", {"field": "khong-co"})
    assert wrong.status_code == 422 and wrong.json()["error"]["details"][0]["field"] == "field"


def test_photos_of_hidden_stories_and_of_old_versions_are_not_served(reader, world, write, publish):
    from tests.publishing.conftest import edit

    story = publish(write("Bài có ảnh", photo=True))
    rendition = StoryRendition.objects.filter(photo__story=story).first()
    address = f"/anh/{rendition.pk}/{rendition.file.name.rsplit('/', 1)[1]}"
    assert reader.get(address).status_code == 200
    story = publish(edit(story, world.editor, photos=[]))  # the live version has no photo
    assert reader.get(address).status_code == 404
    draft = write("Nháp có ảnh", photo=True)
    hidden = StoryRendition.objects.filter(photo__story=draft).first()
    name = hidden.file.name.rsplit("/", 1)[1]
    assert reader.get(f"/anh/{hidden.pk}/{name}").status_code == 404
    page = reader.get(f"/bai-viet/{story.pk}-{story.slug}/").content.decode()
    assert not re.search(r"<img ", page)


def test_the_surfaces_above_are_every_public_route_and_operation(world, stories, told):
    """Every route of the portal and every operation of the public API is fetched by the
    test above (found from the resolver and the OpenAPI document, so a new public surface
    must be added there)."""
    from django.urls import resolve

    from tests.sweep.routes import api_operations, page_routes

    story, _dossier = told
    reached = set()
    for url in public_addresses(world, stories, story):
        match = resolve(url.split("?")[0])
        reached.add(match.view_name)
    portal = {r.key for r in page_routes() if r.namespace == "portal"}
    portal.discard("portal:rendition")  # photos: test_photos_of_hidden_stories_… below
    assert portal - reached == set()
    public_api = {op.path for op in api_operations() if op.path.startswith("/api/v1/public/")}
    reached_api = {
        "/api/v1/public/stories/{story_id}"
        if url.rstrip("/").split("/")[-1].isdigit()
        else "/api/v1/public/stories"
        for url in public_addresses(world, stories, story)
        if url.startswith("/api/v1/public/")
    }
    assert public_api == reached_api
