"""Run from test_pages.py, whose world it shares.

Every URL pattern of the resolver (pages, the API, the admin, the portal), fetched once on a
real object as someone who reaches it, over HTTPS: each answer carries the site's security
headers, whatever its status. Only the portal's embed page may be framed.

Routes are read from the resolver (tests/sweep/routes.py), objects come from the sweep's
factories, so a route added tomorrow is fetched here too.
"""

import pytest
from django.test import Client, override_settings

from dienhinh.accounts.domain import issue_token
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import SharedField
from dienhinh.publishing.models import Story, StoryRendition
from dienhinh.publishing.public import PublicMovement
from tests.otp import sign_in

from .checks import url_values
from .factories import API_FACTORIES, page_factory
from .routes import NON_OBJECT_PARAMS, all_patterns, api_prefix

# The pages any site may frame: the portal's embeds (a unit's own website shows its stories).
FRAMEABLE = {"portal:embed_unit"}

EXPECTED = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
}
POLICY_DENIES = ("geolocation=()", "microphone=()", "payment=()", "usb=()")


def _public_values(world) -> dict[str, dict]:
    """URL values of the portal's public objects (no factory: they are public by design)."""
    story = Story.objects.get(pk=world.branches["TP"].story.pk)
    unit = OrgUnit.objects.get(pk=world.branches["TP"].unit.pk)
    field = SharedField.objects.first() or SharedField.objects.create(
        unit=unit, name="Giáo dục", slug="giao-duc"
    )
    movement = world.branches["TP"].movement
    # Renditions are made by the worker; without one the address answers a 404 (still checked).
    rendition = StoryRendition.objects.filter(photo__story=story).first()
    return {
        "story": {"pk": story.pk, "slug": story.slug},
        "field": {"slug": field.slug},
        "unit": {"code": unit.code},
        "movement": {"pk": movement.pk, "slug": PublicMovement(movement.pk, movement.name).slug},
        "rendition": {
            "pk": rendition.pk if rendition else 0,
            "name": rendition.file.name.rsplit("/", 1)[-1] if rendition else "x.jpg",
        },
    }


def _values(route, sweep, public) -> tuple[dict, object] | None:
    """(URL values, the user who reaches the object) for one route."""
    world = sweep.world
    objects = route.object_params
    values = {name: NON_OBJECT_PARAMS[name][1][:1] for name in route.params if name not in objects}
    fixed = {name: (choice[0] if choice else "x") for name, choice in values.items()}
    if not objects:
        return fixed, None
    if route.namespace == "portal":
        kind = (route.name or "").removesuffix("_rss").removesuffix("_atom")
        kind = "unit" if kind == "embed_unit" else kind
        return {**fixed, **public[kind]}, None
    if route.pattern.startswith(api_prefix()):
        factory = API_FACTORIES.get(objects[-1])
    else:
        factory = page_factory(route)[0]
    if factory is None:  # public-by-design links (reset, unlock, preview): any value will do
        return {**fixed, **dict.fromkeys(objects, "x")}, None
    for name in ("A", "TP", "P2", "B"):
        if targets := factory(world, world.branches[name]):
            target = targets[0]
            return {**url_values(route, target)[0], **fixed}, target.owner
    pytest.fail(f"the factory of {route.key} builds nothing in any branch")


@pytest.fixture
def secure_client(sweep):
    """A system administrator's browser over HTTPS, with its own handler built while HSTS is
    configured (SecurityMiddleware reads the setting once)."""
    settings = override_settings(
        SECURE_HSTS_SECONDS=31_536_000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
        SECURE_SSL_REDIRECT=False,
    )
    settings.enable()
    client = Client()
    sign_in(client, sweep.world.persona("sysadmin"))
    _token, key = issue_token(user=sweep.world.persona("sysadmin"), name="headers")
    yield client, key
    settings.disable()


def _client_of(user, secure_client, owners: dict) -> Client:
    """The owner of a private object signed in, sharing the HTTPS client's handler."""
    if user.pk not in owners:
        owners[user.pk] = client = Client()
        client.handler = secure_client.handler
        sign_in(client, user)
    return owners[user.pk]


def _problems(route, response) -> list[str]:
    found = [
        f"{header}: {response.get(header)!r}, expected {value!r}"
        for header, value in EXPECTED.items()
        if response.get(header) != value
    ]
    policy = response.get("Permissions-Policy", "")
    if "camera=(self)" not in policy or not all(p in policy for p in POLICY_DENIES):
        found.append(f"Permissions-Policy: {policy!r}")
    csp = response.get("Content-Security-Policy", "")
    if route.key in FRAMEABLE:
        if "frame-ancestors *" not in csp or "X-Frame-Options" in response:
            found.append(
                f"a frameable page answers CSP {csp!r}, XFO {response.get('X-Frame-Options')}"
            )
    elif response.get("X-Frame-Options") != "DENY" or (
        "frame-ancestors 'none'" not in csp and "sandbox" not in csp
    ):
        found.append(f"framing: CSP {csp!r}, X-Frame-Options {response.get('X-Frame-Options')!r}")
    if "default-src" not in csp:
        found.append(f"no Content-Security-Policy ({csp!r})")
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    return found


def test_every_route_sends_the_security_headers(sweep, secure_client):
    client, key = secure_client
    public = _public_values(sweep.world)
    problems, statuses, owners = [], {}, {}
    for route in all_patterns():
        if route.is_regex:
            continue  # the admin's per-app index and catch-all: reached through the others
        values, owner = _values(route, sweep, public)
        url = route.url(values)
        if route.pattern.startswith(api_prefix()):
            response = client.get(url, secure=True, headers={"Authorization": f"Bearer {key}"})
        else:
            browser = client if owner is None else _client_of(owner, client, owners)
            response = browser.get(url, secure=True)
        statuses[route.key] = response.status_code
        problems += [f"GET {url} ({route.key}): {p}" for p in _problems(route, response)]
    assert len(statuses) > 150, statuses
    # Real objects were reached: most routes answered, not "not found".
    found = [key for key, status in statuses.items() if status != 404]
    assert len(found) > 0.8 * len(statuses), sorted(set(statuses) - set(found))
    assert statuses["portal:embed_unit"] == 200 and statuses["portal:story"] == 200
    assert not problems, "\n".join(problems)
