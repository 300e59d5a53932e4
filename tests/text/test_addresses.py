"""NUL in the address, which no form or schema sees: a ``<str:code>`` path parameter went
straight into a lookup and PostgreSQL answered 500 ("text fields cannot contain NUL"). Every
route of the resolver with a text path parameter now answers 400 with clean_text's message
(the API in its JSON error shape), and so does NUL in a page's query string."""

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.api.conftest import assert_error
from tests.sweep.routes import all_patterns
from tests.text.conftest import refused_message

pytestmark = pytest.mark.django_db

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_VALUES = {"int": "1", "slug": "a", "uuid": "5d2d7f2e-0b6b-4c1c-9a55-1f2b3c4d5e6f"}


def _text_param_urls() -> list[tuple[str, str]]:
    """(route, URL) for each route with a str or path parameter, NUL in that parameter."""
    urls = []
    for route in all_patterns():
        if route.is_regex:
            continue
        params = list(_PARAM.finditer(route.pattern))
        for poisoned in [m for m in params if (m["converter"] or "str") in ("str", "path")]:

            def value(m, poisoned=poisoned):
                if m.start() == poisoned.start():
                    return "TV%00CL"
                return _VALUES.get(m["converter"] or "str", "a")

            urls.append((route.key, "/" + _PARAM.sub(value, route.pattern)))
    return urls


def test_nul_in_any_text_path_parameter_is_a_400(world, login):
    urls = _text_param_urls()
    assert any(key == "portal:unit" for key, _url in urls)  # /don-vi/<str:code>/ (the 500)
    assert len(urls) > 10
    message = refused_message("\x00")
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    clients = {"anonymous": anonymous, "sysadmin": login(world.sysadmin)}
    problems = []
    for key, url in urls:
        for who, client in clients.items():
            response = client.get(url)
            if response.status_code != 400 or message not in response.content.decode():
                problems.append(f"{url} ({key}) as {who}: {response.status_code}")
    assert problems == []


def test_nul_in_an_api_path_is_a_json_400(world, api_client):
    response = api_client(world.fed_admin).get("/api/v1/units/TV%00CL")
    error = assert_error(response, 400, "bad_request")
    assert error["message"] == refused_message("\x00")


@pytest.mark.parametrize(
    "url",
    [
        "/?q=a%00b",
        "/tim-kiem/?q=%C4%91i%E1%BB%83n%00",
        "/dossiers/?unit=a%00",
        "/accounts/login/code/?next=%00",
        "/workspace/?tab=x%00",
    ],
)
def test_nul_in_a_page_query_string_is_a_400_page(world, login, url):
    response = login(world.officer_a).get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert refused_message("\x00") in page and "<html" in page
    assert "\x00" not in page


def test_text_without_nul_still_reaches_the_pages(world, login):
    """The guard refuses NUL only: an address or a query in Vietnamese passes."""
    client = login(world.officer_a)
    assert client.get(f"/don-vi/{world.district.code}/").status_code == 200
    assert client.get("/tim-kiem/", {"q": "điển hình"}).status_code == 200
