"""Fixtures for the account page tests: English pages (so that assertions read the English
msgids whatever translations exist) and cheap password hashing."""

import pytest
from django.conf import settings as django_settings
from django.test import Client


def english_client(**defaults) -> Client:
    client = Client(**defaults)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client():
    return english_client()


@pytest.fixture
def page_language():
    return "en"


@pytest.fixture
def fast_hasher(settings, world):
    """The personas' password under a cheap hasher: the throttle tests try dozens of logins,
    and each check of the real PBKDF2 hash costs about a second. What they test is the
    counting, which does not depend on the hasher."""
    from django.contrib.auth.hashers import make_password

    from dienhinh.accounts.models import User
    from tests.personas import PASSWORD

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cheap = make_password(PASSWORD)
    User.objects.update(password=cheap)
    for person in vars(world).values():
        if isinstance(person, User):
            person.password = cheap  # the sessions the tests open hash the current one
