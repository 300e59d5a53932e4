"""Every operation of the OpenAPI document with an object parameter, as every persona (with
a bearer token), on objects of a branch the persona must not reach: the answer is the JSON
404 (401 without a token), nothing of the object shows, and a write leaves it unchanged.

The system administrator's run is the control: reads answer 200 and no write body is
rejected as malformed (422), so every refusal above is about the object and nothing else.
"""

import pytest

from tests.personas import PERSONAS

from .bodies import api_body
from .checks import (
    api_refusal_problem,
    changes,
    count_check,
    leaked_text,
    send_api,
    targets_for,
    url_values,
)
from .factories import api_factory
from .routes import api_operations, api_patterns, resolver_path_as_openapi, swept_api_operations

CONTROL = "sysadmin"

# Real leaks the sweep found and that need more than a one-line fix: (operation, persona) → why.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}

# Routes of the API's URL conf that the OpenAPI document leaves out on purpose.
NOT_IN_THE_DOCUMENT = {
    "api:api-root": "the API's root URL, which ninja answers with a 404",
    "api:openapi-json": "the document itself",
    "api:openapi-view": "the documentation page",
    "api:unknown_endpoint": "the catch-all that answers 404 in the API's error shape",
}


def _cases():
    for operation in swept_api_operations():
        for persona in PERSONAS:
            reason = KNOWN_LEAKS.get((operation.key, persona))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(operation, persona, marks=marks, id=f"{operation.key}-{persona}")


def _control_problem(operation, response, where) -> str | None:
    if operation.is_write:
        if response.status_code in (404, 422):
            answer = response.content.decode()[:200]
            return (
                f"{where}: the control got {response.status_code} ({answer}): the URL misses "
                "the object or the body is malformed (tests/sweep/bodies.py)"
            )
    elif response.status_code != 200:
        return f"{where}: the control got {response.status_code}, the URL misses the object"
    return None


@pytest.mark.parametrize(("operation", "persona"), list(_cases()))
def test_api_refuses_objects_of_other_branches(sweep, operation, persona):
    factory, missing = api_factory(operation)
    if factory is None:
        pytest.fail(missing)
    problems = []
    for branch, target in targets_for(sweep, operation, factory, persona):
        client = sweep.api[persona]
        if persona == CONTROL and target.owner is not None:
            client = sweep.as_user(target.owner)[1]
        before = target.snapshot()
        assert before.get("row", True) is not None, f"{target.label} does not exist"
        for values in url_values(operation, target):
            url = operation.url(values)
            media, body = api_body(operation, sweep.world, branch, target)
            response = send_api(client, operation.method, url, media, body)
            count_check(operation.key, "api_operations", target)
            where = f"{operation.method.upper()} {url} as {persona} on {target.label}"
            if persona == CONTROL:
                problems.append(_control_problem(operation, response, where))
                continue
            if problem := api_refusal_problem(response, operation=operation, persona=persona):
                problems.append(f"{where}: {problem}")
            if text := leaked_text(response, target):
                problems.append(f"{where}: the answer shows {text!r}")
            if operation.is_write and (after := target.snapshot()) != before:
                problems.append(f"{where}: the object changed: {changes(before, after)}")
                before = after
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_every_api_route_is_in_the_openapi_document():
    """The sweep reads the document; a route hidden from it would escape the sweep."""
    documented = {op.path for op in api_operations()}
    hidden = [
        f"{route.key} ({resolver_path_as_openapi(route)})"
        for route in api_patterns()
        if resolver_path_as_openapi(route) not in documented
        and route.key not in NOT_IN_THE_DOCUMENT
    ]
    assert not hidden, (
        "API routes missing from the OpenAPI document (add them, or list them in "
        f"NOT_IN_THE_DOCUMENT with the reason): {hidden}"
    )
    stale = sorted(set(NOT_IN_THE_DOCUMENT) - {r.key for r in api_patterns()})
    assert not stale, f"NOT_IN_THE_DOCUMENT names routes that no longer exist: {stale}"
