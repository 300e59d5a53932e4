"""The officer's day in Vietnamese: every page of the walk, its form errors and the API's
validation details, with no English text left.

The English side comes from the catalogues themselves: every message of the project's and
Django's Vietnamese catalogues whose translation differs from its English source is looked
for, in English, in what each page shows (text, titles, placeholders, labels for screen
readers, button values). Pydantic has no catalogue; its usual messages are listed here.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.translation import trans_real

from dienhinh.nominations.enums import Action
from dienhinh.nominations.workflow import Decision, transition_nomination
from tests.factories import make_nomination

# Pydantic's messages as django-ninja passes them on (the API translates them itself).
PYDANTIC_ENGLISH = [
    "Field required",
    "Input should be",
    "String should have",
    "Value error",
    "Extra inputs are not permitted",
    "valid integer",
    "valid date",
    "JSON decode error",
]
# Placeholders of either style; the English text between them is what can show.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^}]*\}")
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value", "content"}


def english_needles() -> list[str]:
    """Pieces of English (three words or more, between placeholders) of every message whose
    Vietnamese translation differs from it."""
    catalog = trans_real.translation("vi")._catalog
    needles = set()
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or not msgstr or msgstr == msgid:
            continue
        for chunk in PLACEHOLDER.split(msgid):
            # Sentence by sentence: a page may show one sentence of a message in a paragraph.
            for piece in re.split(r"[.!?:;()\"“”]+(?:\s|$)", chunk):
                piece = " ".join(piece.split()).strip(" ,'’-")
                if len(piece.split()) >= 3 and re.fullmatch(r"[A-Za-z ,'’\-]+", piece):
                    needles.add(piece)
    return sorted(needles, key=len, reverse=True)


class Shown(HTMLParser):
    """What a reader or a screen reader gets from a page: text outside scripts and styles,
    and the attributes that are shown or read aloud."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and not (tag == "input" and name == "value"):
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def shown_text(content: bytes) -> str:
    parser = Shown()
    parser.feed(content.decode())
    return " ".join(" ".join(parser.parts).split())


def english_in(text: str, needles: list[str]) -> list[str]:
    return [n for n in needles if re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", text)]


@pytest.fixture(scope="module")
def needles():
    return english_needles()


@pytest.fixture
def walk(world, plan, login):
    """A draft and a returned dossier of unit A, one waiting at the district's reviewer."""
    draft = make_nomination(plan, world.unit_a, by=world.officer_a, full_name="Lê Văn Tám")
    returned = make_nomination(plan, world.unit_a, by=world.officer_a, full_name="Trần Thị Hoa")
    waiting = make_nomination(plan, world.unit_a, by=world.officer_a, full_name="Võ Văn Kiệt")
    for dossier in (returned, waiting):
        transition_nomination(dossier, action=Action.SUBMIT, by=world.officer_a)
    transition_nomination(
        returned,
        action=Action.RETURN,
        by=world.reviewer,
        decision=Decision(reason="Bổ sung ảnh tập thể"),
    )
    return draft, returned, waiting


def pages(world, plan, walk):
    draft, returned, waiting = walk
    officer = [
        reverse("workspace:home"),
        reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("nominations:list"),
        reverse("nominations:create") + f"?plan={plan.pk}",
        reverse("nominations:detail", args=[draft.pk]),
        reverse("nominations:edit", args=[draft.pk]),
        reverse("nominations:detail", args=[returned.pk]),
        reverse("nominations:edit", args=[returned.pk]),
        reverse("reports:mine"),
        reverse("accounts:profile"),
        "/khong-co-trang-nay/",
    ]
    reviewer = [
        reverse("workspace:home"),
        reverse("nominations:inbox"),
        reverse("nominations:detail", args=[waiting.pk]),
    ]
    federation = [
        reverse("workspace:home"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:edit", args=[plan.pk]),
        reverse("reports:plan", args=[plan.pk]),
        reverse("accounts:user_list"),
        reverse("accounts:invite"),
    ]
    return [(world.officer_a, officer), (world.reviewer, reviewer), (world.fed_admin, federation)]


def test_every_page_of_the_walk_shows_no_english(world, plan, walk, login, needles):
    assert len(needles) > 300  # the catalogues were read
    found = {}
    for person, urls in pages(world, plan, walk):
        client = login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), (url, response.status_code)
            english = english_in(shown_text(response.content), needles)
            if english:
                found[(person.email, url)] = english
    assert found == {}


def test_form_errors_are_in_vietnamese(world, plan, login, needles):
    client = login(world.officer_a)
    response = client.post(
        reverse("nominations:create") + f"?plan={plan.pk}",
        {"plan": plan.pk, "subject_kind": "individual", "date_of_birth": "31/02/1990"},
    )
    assert response.status_code == 200
    text = shown_text(response.content)
    assert "Trường này là bắt buộc" in text or "bắt buộc" in text
    assert english_in(text, needles) == []


def test_api_validation_details_are_in_vietnamese(world, plan, api_client, needles):
    client = api_client(world.officer_a)
    response = client.post(
        "/api/v1/nominations",
        {"plan_id": "một", "subject_kind": "individual", "date_of_birth": "31/02/1990"},
        content_type="application/json",
        headers={"Accept-Language": "vi"},
    )
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    assert {d["field"] for d in error["details"]} >= {"plan_id", "date_of_birth"}
    messages = " ".join([error["message"], *(d["message"] for d in error["details"])])
    assert [word for word in PYDANTIC_ENGLISH if word.lower() in messages.lower()] == []
    assert english_in(messages, needles) == []


def test_the_check_finds_english_when_it_is_there(needles):
    assert "A dossier needs at least one photo before it is sent" in needles
    assert "This field is required" in needles  # Django's own catalogue is read too
    page = b"<p>Xin ch\xc3\xa0o. <span title='This field is required.'>!</span></p>"
    assert english_in(shown_text(page), needles) == ["This field is required"]
