import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def page_language():
    return "en"
