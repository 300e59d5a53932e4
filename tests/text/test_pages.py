"""The main forms refuse NUL, ESC and U+202E: the page answers 200 with a form error and
nothing is saved.

Every form's text goes through clean_text in the fields' own cleaning (core.web's Form), so
each refused character is named in clean_text's own words on its field, before Django's
generic NUL check or the email check speak.
"""

import pytest
from django.urls import reverse

from tests.accounts.test_invite import invite_data
from tests.nominations.pages_edit.test_create import create_url as dossier_url
from tests.nominations.pages_edit.test_create import dossier_post
from tests.plans.pages.test_plan_form import plan_data
from tests.text.conftest import REFUSED, refused_message, stored

pytestmark = pytest.mark.django_db

DJANGO_NUL = "Null characters are not allowed."


def _dossier(world, plan):
    return world.officer_a, dossier_url(plan), lambda **kw: dossier_post(world, plan, **kw)


def _unit(world, plan):
    data = {"kind": "grassroots", "code": "TV-CL-Z", "name": "CĐCS Đại Phước", "address": "Ấp 3"}
    return (
        world.fed_admin,
        reverse("orgs:add", args=[world.district.pk]),
        lambda **kw: {
            **data,
            **kw,
        },
    )


def _plan(world, plan):
    url = f"{reverse('plans:create')}?unit={world.province.pk}"
    return world.monitor, url, lambda **kw: plan_data(**{"number": "58", **kw})


def _invite(world, plan):
    return world.fed_admin, reverse("accounts:invite"), invite_data


FORMS = {
    "dossier": (
        _dossier,
        [
            "headline",
            "full_name",
            "achievements",
            "initiatives-0-title",
            "criterion-{criterion}-evidence",
        ],
    ),
    "unit": (_unit, ["code", "name", "address"]),
    "plan": (_plan, ["title", "purposes", "bases-0-text", "fields-0-name"]),
    "invite": (_invite, ["full_name", "phone", "email"]),
}
CASES = [
    (form, field, name)
    for form, (_setup, fields) in FORMS.items()
    for field in fields
    for name in REFUSED
]


def _post(login, world, plan, form: str, field: str, char: str):
    """POST the form with ``char`` in ``field``: (response, client, url, the clean data)."""
    setup, _fields = FORMS[form]
    user, url, data = setup(world, plan)
    field = field.format(criterion=plan.criteria.get().pk)
    body = data()
    body[field] = f"Trước{char}sau"
    client = login(user)
    return client.post(url, body), client, url, data()


@pytest.mark.parametrize(("form", "field", "char"), CASES)
def test_a_refused_character_is_a_form_error_and_nothing_is_saved(
    login, world, plan, form, field, char
):
    before = stored()
    response, client, url, clean = _post(login, world, plan, form, field, REFUSED[char])
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        refused_message(REFUSED[char]) in html
        or DJANGO_NUL in html
        or (field == "email" and "Enter a valid email address." in html)
    )
    assert stored() == before
    # The same form without the character is accepted (so the refusal was the character's).
    assert client.post(url, clean).status_code == 302


@pytest.mark.parametrize(("form", "field", "char"), CASES)
def test_the_form_shows_clean_texts_own_message(login, world, plan, form, field, char):
    response, _client, _url, _clean = _post(login, world, plan, form, field, REFUSED[char])
    assert response.status_code == 200
    assert refused_message(REFUSED[char]) in response.content.decode()
