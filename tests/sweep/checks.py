"""What every refused answer must look like, and the counters the summary prints.

For a persona outside the object's branch a page answers 404 and the API a JSON 404; an
anonymous visitor is sent to the login page (the API answers 401); under /admin/ everyone
but a system administrator is sent to the admin's login. 405 is accepted where the route
does not take the method at all. Whatever the answer, it never contains the object, and the
object is exactly as it was before.
"""

import json
import uuid

import pytest
from django.test import Client

from .routes import ADMIN_LOGIN, LOGIN, NON_OBJECT_PARAMS
from .world import SWEPT_BRANCHES

STATS = {"page_routes": set(), "api_operations": set(), "objects": set(), "checks": 0}

# Routes whose parameter is a token kept in its owner's session rather than an object of the
# tree: a token of someone else's session must get exactly the answer of a token that does
# not exist (non-importers are refused with 403 before anything is looked up).
SESSION_BOUND = {
    "unit_import:confirm": "the token of an uploaded unit file lives in the uploader's session",
    "unit_import:cancel": "the token of an uploaded unit file lives in the uploader's session",
}

# Routes (or "METHOD path" of API operations) whose objects' existence is public, so that a
# persona outside the branch may be told "you may not" (403) rather than "not found". None
# yet: the public portal's published stories will be the first.
EXISTENCE_IS_PUBLIC: dict[str, str] = {}

# Routes where even the control persona cannot reach the object, with the reason.
NO_CONTROL = {
    "admin:view_on_site": "no model of the app has get_absolute_url, so the admin answers 404",
}


def _location(response) -> str:
    return response.get("Location", "")


def _allows(response, method: str) -> bool:
    allowed = [m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()]
    return method.upper() in allowed


def describe(response) -> str:
    where = f" → {_location(response)}" if response.status_code in (301, 302) else ""
    return f"{response.status_code}{where}"


def page_refusal_problem(response, *, route, persona: str, method: str) -> str | None:
    """None when the answer is a proper refusal for this persona, else what is wrong."""
    status = response.status_code
    if route.in_admin:
        if status == 302 and _location(response).startswith(ADMIN_LOGIN):
            return None
        return f"expected the admin's login redirect, got {describe(response)}"
    if status == 405 and not _allows(response, method):
        return None  # the route never takes this method, whatever the object
    if persona == "anonymous":
        if status == 302 and _location(response).startswith(LOGIN):
            return None
        return f"expected the login redirect, got {describe(response)}"
    if status == 404 or (status == 403 and route.key in EXISTENCE_IS_PUBLIC):
        return None
    return f"expected 404, got {describe(response)}"


def api_refusal_problem(response, *, operation, persona: str) -> str | None:
    expected, code = (401, "unauthenticated") if persona == "anonymous" else (404, "not_found")
    if response.status_code == 403 and operation.key in EXISTENCE_IS_PUBLIC:
        expected, code = 403, "forbidden"
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}: {response.content.decode()[:200]}"
    body = response.json()
    if body.get("error", {}).get("code") != code:
        return f"expected the error code {code!r}, got {body!r}"
    return None


def leaked_text(response, target) -> str | None:
    """The object's own text in the answer (a name, an email), if it shows."""
    if not target.marker or response.streaming:
        return None
    content = response.content.decode(errors="replace")
    return target.marker if target.marker in content else None


def unknown_token_answer(client: Client, route, method: str, body: dict):
    """The answer for a token nobody holds, to compare a session-bound token's answer with."""
    url = route.url({name: uuid.uuid4() for name in route.object_params})
    return client.generic(method.upper(), url) if method == "get" else client.post(url, body)


def send_api(client: Client, method: str, url: str, media: str | None, body):
    if body is None:
        return client.generic(method.upper(), url)
    if media == "multipart/form-data":
        return client.post(url, body)
    return client.generic(method.upper(), url, json.dumps(body), content_type=media)


def url_values(route, target) -> list[dict]:
    """One set of URL values per value of the route's non-object parameters."""
    values = dict(target.values or {})
    if not values:
        if len(route.object_params) > 1:
            pytest.fail(f"the factory of {route.key} must give values for {route.object_params}")
        values = {route.object_params[0]: target.value}
    variants = [values]
    for name in route.params:
        if name in NON_OBJECT_PARAMS:
            choices = NON_OBJECT_PARAMS[name][1]
            variants = [{**v, name: choice} for v in variants for choice in choices]
    return variants


def targets_for(sweep, route, factory, persona):
    world = sweep.world
    found = [
        (branch, target)
        for name in SWEPT_BRANCHES[persona]
        for branch in [world.branches[name]]
        for target in factory(world, branch)
    ]
    if not found:
        pytest.fail(
            f"the factory of {route.key} builds nothing in the branches swept for {persona} "
            f"({', '.join(SWEPT_BRANCHES[persona])}): give it an object in one of them"
        )
    return found


def changes(before: dict, after: dict) -> str:
    """What a write changed, field by field: "row.caption: 'Ảnh' → 'x'; photos: 1 → 0"."""
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            found += [
                f"{key}.{name}: {old.get(name)!r} → {new.get(name)!r}"
                for name in sorted(set(old) | set(new))
                if old.get(name) != new.get(name)
            ]
        elif old != new:
            found.append(f"{key}: {old!r} → {new!r}")
    return "; ".join(found)


def count_check(route_key: str, surface: str, target) -> None:
    STATS[surface].add(route_key)
    STATS["objects"].add(target.label)
    STATS["checks"] += 1


def summary() -> str | None:
    if not STATS["checks"]:
        return None
    return (
        f"sweep: {len(STATS['page_routes'])} routes, {len(STATS['api_operations'])} API "
        f"operations, {len(STATS['objects'])} objects, {STATS['checks']} persona checks"
    )
