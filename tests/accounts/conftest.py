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
