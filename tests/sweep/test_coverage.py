"""The sweep covers every surface: each route with an object parameter has a factory, the
hand-kept tables name only routes and parameters that exist, and every route without one is
closed to an anonymous visitor unless it is listed as public with its reason."""

import pytest

from .bodies import API_BODIES, PAGE_BODIES
from .checks import EXISTENCE_IS_PUBLIC, NO_CONTROL, SESSION_BOUND
from .factories import ADMIN_FACTORIES, API_FACTORIES, PAGE_FACTORIES, api_factory, page_factory
from .routes import (
    ADMIN_LOGIN,
    LOGIN,
    NON_OBJECT_PARAMS,
    PUBLIC_OBJECT_OPERATIONS,
    PUBLIC_OBJECT_ROUTES,
    PUBLIC_ROUTES,
    PageRoute,
    all_patterns,
    api_operations,
    page_routes,
    swept_api_operations,
    swept_page_routes,
)


def test_every_route_with_an_object_parameter_has_a_factory():
    missing = [page_factory(r)[1] for r in swept_page_routes() if page_factory(r)[0] is None]
    missing += [api_factory(o)[1] for o in swept_api_operations() if api_factory(o)[0] is None]
    assert not missing, "\n".join(missing)


def test_a_new_route_fails_with_a_sentence_saying_what_to_add():
    story = PageRoute(
        "publishing:story", "story", "publishing", "stories/<int:pk>/", ("pk",), False
    )
    assert page_factory(story) == (
        None,
        "route publishing:story (parameter pk) has no sweep factory: "
        "add one to tests/sweep/factories.py (PAGE_FACTORIES['publishing:story'])",
    )
    admin = PageRoute(
        "admin:publishing_story_change",
        "publishing_story_change",
        "admin",
        "admin/publishing/story/<path:object_id>/change/",
        ("object_id",),
        False,
    )
    assert page_factory(admin)[1].endswith("(ADMIN_FACTORIES['publishing.story'])")


def test_the_hand_kept_tables_name_only_what_exists():
    keys = {r.key for r in all_patterns()} | {r.public_name for r in page_routes()}
    admin_models = {r.admin_model for r in page_routes() if r.admin_model}
    params = {p for r in all_patterns() for p in r.params} | {
        p for op in api_operations() for p in op.params
    }
    stale = {
        "PAGE_FACTORIES": set(PAGE_FACTORIES) - keys,
        "ADMIN_FACTORIES": set(ADMIN_FACTORIES) - admin_models,
        "API_FACTORIES": set(API_FACTORIES) - params,
        "PUBLIC_ROUTES": set(PUBLIC_ROUTES) - keys,
        "PUBLIC_OBJECT_ROUTES": set(PUBLIC_OBJECT_ROUTES) - keys,
        "PUBLIC_OBJECT_OPERATIONS": set(PUBLIC_OBJECT_OPERATIONS)
        - {op.key for op in api_operations()},
        "SESSION_BOUND / NO_CONTROL": (set(SESSION_BOUND) | set(NO_CONTROL)) - keys,
        "EXISTENCE_IS_PUBLIC": set(EXISTENCE_IS_PUBLIC)
        - keys
        - {op.key for op in api_operations()},
        "NON_OBJECT_PARAMS": set(NON_OBJECT_PARAMS) - params,
        "PAGE_BODIES": set(PAGE_BODIES) - keys,
        "API_BODIES": set(API_BODIES) - {op.key for op in api_operations()},
    }
    stale = {table: sorted(names) for table, names in stale.items() if names}
    assert not stale, f"entries naming routes or parameters that no longer exist: {stale}"


def _routes_without_parameters():
    for route in all_patterns():
        if not route.params and (route in page_routes() or route.key in PUBLIC_ROUTES):
            yield pytest.param(route, id=route.key)


@pytest.mark.parametrize("route", list(_routes_without_parameters()))
def test_an_anonymous_visitor_is_sent_to_log_in(anonymous, route):
    """Routes without parameters: the login page (the admin's own under /admin/), unless the
    route is public on purpose. A POST-only route is tried with a POST."""
    response = anonymous.get(route.url({}))
    if response.status_code == 405:
        response = anonymous.post(route.url({}))
    location = response.get("Location", "")
    login = ADMIN_LOGIN if route.in_admin else LOGIN
    # login_required sends to the login page with ?next=; logging out lands there without.
    sent_to_login = response.status_code == 302 and location.startswith(f"{login}?next=")
    if route.public_name in PUBLIC_ROUTES:
        assert not sent_to_login and response.status_code < 500, (route.key, response)
    else:
        assert sent_to_login, f"{route.key}: anonymous GET answered {response.status_code}"


@pytest.mark.parametrize(
    "operation",
    [pytest.param(op, id=op.key) for op in api_operations() if not op.object_params],
)
def test_an_anonymous_api_call_gets_401(anonymous, operation):
    response = anonymous.generic(operation.method.upper(), operation.url({}))
    if operation.secured:
        assert response.status_code == 401, (operation.key, response.content)
        assert response.json()["error"]["code"] == "unauthenticated"
    else:  # the document itself says no token is needed (the token endpoint)
        assert response.status_code != 401, operation.key
