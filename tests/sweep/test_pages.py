"""Every page route with an object parameter, as every persona, on objects of a branch the
persona must not reach: GET and POST are refused and the object is left as it was.

The system administrator's run is the control: the same URLs reach the object for them, so
a factory handing out a wrong id (which would make every refusal meaningless) fails here.
"""

import pytest

from tests.personas import PERSONAS

from .bodies import page_body
from .checks import (
    NO_CONTROL,
    SESSION_BOUND,
    changes,
    count_check,
    describe,
    leaked_text,
    page_refusal_problem,
    targets_for,
    unknown_token_answer,
    url_values,
)
from .factories import page_factory

# The security headers of every route, run here to share this module's world (headers.py).
from .headers import secure_client, test_every_route_sends_the_security_headers  # noqa: F401
from .routes import swept_page_routes

CONTROL = "sysadmin"

# Real leaks the sweep found and that need more than a one-line fix: (route, persona) → why.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def _cases():
    for route in swept_page_routes():
        for persona in PERSONAS:
            reason = KNOWN_LEAKS.get((route.key, persona))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(route, persona, marks=marks, id=f"{route.key}-{persona}")


def _control(client, route, url, body, where) -> str | None:
    """The control persona reaches the object: GET (or POST where GET is not taken) is not
    a 404. One request: proving the URL names a real object needs no more."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, body)
    if response.status_code == 404 and route.key not in NO_CONTROL:
        return f"{where}: the control got 404, the URL misses the object"
    return None


def _refusal(client, route, persona, method, url, body, response) -> str | None:
    if route.key in SESSION_BOUND and persona != "anonymous":
        unknown = unknown_token_answer(client, route, method, body)
        if describe(response) != describe(unknown):
            return (
                f"{describe(response)} differs from the answer for an unknown token "
                f"({describe(unknown)})"
            )
        return None
    return page_refusal_problem(response, route=route, persona=persona, method=method)


@pytest.mark.parametrize(("route", "persona"), list(_cases()))
def test_page_refuses_objects_of_other_branches(sweep, route, persona):
    factory, missing = page_factory(route)
    if factory is None:
        pytest.fail(missing)
    control = persona == CONTROL and route.key not in SESSION_BOUND
    problems = []
    for branch, target in targets_for(sweep, route, factory, persona):
        client = sweep.pages[persona]
        if persona == CONTROL and target.owner is not None:
            client = sweep.as_user(target.owner)[0]
        before = target.snapshot()
        assert before.get("row", True) is not None, f"{target.label} does not exist"
        urls = []
        for values in url_values(route, target):
            urls.append(url := route.url(values))
            body = page_body(route, sweep.world, branch, target)
            where = f"{url} as {persona} on {target.label}"
            if control:
                count_check(route.key, "page_routes", target)
                problems.append(_control(client, route, url, body, where))
                continue
            for method in ("get", "post"):
                response = client.get(url) if method == "get" else client.post(url, body)
                count_check(route.key, "page_routes", target)
                problem = _refusal(client, route, persona, method, url, body, response)
                if problem:
                    problems.append(f"{method.upper()} {where}: {problem}")
                if text := leaked_text(response, target):
                    problems.append(f"{method.upper()} {where}: the answer shows {text!r}")
        if not control and (after := target.snapshot()) != before:
            problems.append(
                f"GET and POST on {', '.join(urls)} as {persona} changed {target.label}: "
                f"{changes(before, after)}"
            )
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
