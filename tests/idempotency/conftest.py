import pytest
from django.utils import translation

# The forms' tests send a story, a score form: the fixtures of those apps' tests.
from tests.publishing.conftest import make_story, selected  # noqa: F401
from tests.scoring.conftest import scorecard  # noqa: F401


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def page_language():
    return "en"
