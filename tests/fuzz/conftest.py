"""The fuzzing world: the sweep's branches (an object of every kind the API names), built
once per test module inside a transaction rolled back at its end; each generated example
runs in a savepoint of it (tests/fuzz/fuzzing.py, ``Fuzz.run``)."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import make_password
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test import override_settings

from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import User
from tests.personas import PASSWORD
from tests.snapshot import kept_for
from tests.sweep.factories import API_FACTORIES
from tests.sweep.world import build_sweep_world

from .fuzzing import (
    CHECKS,
    KNOWN,
    KNOWN_SETS,
    WrittenTables,
    error_shape_problem,
    stored_unsafe_text,
)

PERSONAS = ("officer_a", "fed_admin")
_app: list[WSGIHandler] = []


def wsgi_app() -> WSGIHandler:
    # One handler per process: each new one loads the middleware again (WhiteNoise's scan of
    # the static files costs a third of a second).
    if not _app:
        _app.append(WSGIHandler())
    return _app[0]


@dataclass
class Fuzz:
    tokens: dict[str, str]

    def run(self, case, persona: str) -> None:
        """Send one generated example as ``persona`` and check the answer, in a savepoint
        rolled back whatever happens."""
        headers = {"Authorization": f"Bearer {self.tokens[persona]}"}
        written = WrittenTables()
        with transaction.atomic():
            with connection.execute_wrapper(written):
                response = case.call(app=wsgi_app(), headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
            problem = error_shape_problem(response)
            assert problem is None, f"{case.method} {case.formatted_path}: {problem}"
            if written.tables:
                stored = stored_unsafe_text(written.tables)
                assert not stored, f"{case.method} {case.formatted_path} stored {stored}"
            transaction.set_rollback(True)


def _remember_objects(world) -> None:
    KNOWN.clear()
    KNOWN_SETS.clear()
    for name, factory in API_FACTORIES.items():
        for branch in world.branches.values():
            for target in factory(world, branch):
                if target.values:
                    KNOWN_SETS.setdefault(name, []).append(target.values)
                else:
                    KNOWN.setdefault(name, []).append(target.value)


@pytest.fixture(scope="module")
def fuzz(django_db_setup, django_db_blocker, tmp_path_factory):
    var = tmp_path_factory.mktemp("fuzz-var")
    # A cheap hasher: POST /auth/token checks a password per example, a second each with
    # the real PBKDF2 (what is fuzzed is the answer, not the hash).
    files = override_settings(
        MEDIA_ROOT=var / "media",
        VAR_DIR=var,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    files.enable()
    # The WSGI handler closes the database connection after each request, as a server must;
    # Django's test client unhooks that for each of its requests, and so do these, which run
    # inside the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        with kept_for(django_db_blocker):
            with django_db_blocker.unblock():
                world = build_sweep_world()
                User.objects.update(password=make_password(PASSWORD))
                tokens = {
                    name: issue_token(user=world.persona(name), name="fuzz")[1] for name in PERSONAS
                }
                _remember_objects(world)
            yield Fuzz(tokens)
    finally:
        KNOWN.clear()
        KNOWN_SETS.clear()
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
        files.disable()


def pytest_collection_modifyitems(items):
    """One node id per operation. pytest 9.2 builds an item's id from its function's name
    and its parametrisation only, so schemathesis' items (one per operation, told apart by
    their name alone) all got the id "test_api_as_officer", and pytest-xdist, which hands
    items to its workers by id, then ran only the first operation of each module."""
    from schemathesis.pytest.plugin import SchemathesisFunction

    for item in items:
        if isinstance(item, SchemathesisFunction) and item.operation_label:
            if item.nodeid.endswith("]"):
                continue  # a schemathesis or pytest that names them apart already
            item._id = item.parent.id.child(item.originalname).with_params(item.operation_label)


@pytest.fixture(autouse=True)
def media_in_tmp(db):
    """Replaces the suite's per-test media folder: the world's files live for the module.
    Requesting ``db`` puts every test in a savepoint of the module's transaction."""
