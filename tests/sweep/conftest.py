"""The sweep's world is built once for the folder, inside a transaction that is rolled back
when the folder's last test ends; each test runs in a savepoint of it (pytest-django's
``db``), so a write that wrongly went through never reaches the next test. Under xdist the
folder is one unit of work (tests/conftest.py, PACKAGE_SCOPED), so it is built once."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client, override_settings

from dienhinh.accounts.domain import issue_token
from tests.otp import sign_in
from tests.personas import PERSONAS

from .checks import STATS
from .world import SweepWorld, build_sweep_world

_handlers: list = []


def make_client(**headers) -> Client:
    """A test client sharing one request handler with the others: each new handler loads the
    middleware again, and WhiteNoise's scan of the static files costs a third of a second."""
    client = Client(headers=headers)
    if not _handlers:
        _handlers.append(client.handler)
    client.handler = _handlers[0]
    return client


@pytest.fixture
def anonymous() -> Client:
    return make_client()


@dataclass
class Sweep:
    world: SweepWorld
    pages: dict[str, Client]  # persona → a browser logged in with a session
    api: dict[str, Client]  # persona → a client sending the persona's bearer token
    _owners: dict = field(default_factory=dict)

    def login(self, user) -> tuple[Client, Client]:
        """Page and API clients of ``user`` (None: anonymous)."""
        page, api = make_client(), make_client()
        if user is not None:
            sign_in(page, user)
            _token, key = issue_token(user=user, name="sweep")
            api = make_client(Authorization=f"Bearer {key}")
        return page, api

    def as_user(self, user) -> tuple[Client, Client]:
        """Clients of the owner of a private object, made once per test (the login and the
        token live in the test's savepoint)."""
        if user.pk not in self._owners:
            self._owners[user.pk] = self.login(user)
        return self._owners[user.pk]


@pytest.fixture(scope="package")
def sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    var = tmp_path_factory.mktemp("sweep-var")
    files = override_settings(MEDIA_ROOT=var / "media", VAR_DIR=var)
    files.enable()
    outer = transaction.atomic()

    def roll_back() -> None:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        files.disable()

    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            world = build_sweep_world()
            state = Sweep(world, {}, {})
            for name in PERSONAS:
                state.pages[name], state.api[name] = state.login(world.persona(name))
        except BaseException:
            roll_back()
            raise
    yield state
    roll_back()


@pytest.fixture(autouse=True)
def media_in_tmp(db):
    """Replaces the suite's per-test media folder: the world's files live for the folder.
    Requesting ``db`` puts every test in a savepoint of the folder's transaction."""


@pytest.fixture(autouse=True)
def forget_owner_clients(request):
    """The owners' logins and tokens die with the test's savepoint; so do their clients."""
    yield
    if "sweep" in request.fixturenames:
        request.getfixturevalue("sweep")._owners.clear()


def pytest_sessionfinish(session):
    """Under pytest-xdist, each worker hands its counters to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["sweep"] = {k: sorted(v) if isinstance(v, set) else v for k, v in STATS.items()}
