import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Domain messages are asserted in English here; one test checks the Vietnamese."""
    with translation.override("en"):
        yield
