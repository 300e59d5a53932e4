"""Every test in this folder reads or changes the demo province, loaded once per test process
(tests/snapshot.py): each test's changes are rolled back, the load itself at the end.
Tests that need an empty database or a committed one live in tests/demo_loading."""

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from dienhinh.demo.loader import load_demo
from tests.snapshot import kept_for


@pytest.fixture(scope="package")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), kept_for(django_db_blocker):
        with django_db_blocker.unblock():
            summary = load_demo(password=django_settings.DEMO_PASSWORD)
        yield summary, media


@pytest.fixture
def demo(loaded_demo, db, settings):
    """The demo's summary; the demo's photos are in this test's storage."""
    summary, media = loaded_demo
    settings.MEDIA_ROOT = media
    return summary
