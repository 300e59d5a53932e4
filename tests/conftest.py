import pytest
from django.test import Client

from tests.personas import PERSONAS, build_world


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder, not in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """``login(user)`` returns a test client logged in as ``user`` (anonymous for None)."""

    def _login(user) -> Client:
        fresh = Client()
        if user is not None:
            fresh.force_login(user)
        return fresh

    return _login


@pytest.fixture(params=PERSONAS)
def persona_name(request):
    return request.param
