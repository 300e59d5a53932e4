"""The domain's ways into clean_text: clean_field, clean_attributes and refusal."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from dienhinh.core.text import clean_attributes, clean_field, refusal
from tests.text.conftest import refused_message


def test_clean_field_cleans_or_names_the_field():
    assert clean_field("  Trà  Vinh ", field="place") == "Trà Vinh"
    assert clean_field("Dòng một \r\nDòng hai", multiline=True) == "Dòng một\nDòng hai"
    with pytest.raises(ValidationError) as caught:
        clean_field("a\x00b", field="title")
    assert caught.value.message_dict == {"title": [refused_message("\x00")]}
    with pytest.raises(ValidationError) as caught:
        clean_field("a\x1bb")
    assert caught.value.messages == [refused_message("\x1b")]


def test_clean_attributes_names_every_bad_field_and_changes_nothing():
    obj = SimpleNamespace(name=" Tên\u202e ", note="Dòng\n\x00", code="  A1 ")
    with pytest.raises(ValidationError) as caught:
        clean_attributes(obj, lines=("name", "code"), paragraphs=("note",))
    assert caught.value.message_dict == {
        "name": [refused_message("\u202e")],
        "note": [refused_message("\x00")],
    }
    assert obj.code == "  A1 "  # untouched: the refusal changes nothing
    good = SimpleNamespace(name=" Tên  mới ", note=" Dòng một  \n Dòng hai ")
    clean_attributes(good, lines=("name",), paragraphs=("note",))
    assert (good.name, good.note) == ("Tên mới", "Dòng một\n Dòng hai")


def test_refusal_gives_the_first_message_or_none():
    assert refusal("Trà Vinh", None, "") is None
    assert refusal("ok", "x\x1b", "y\x00") == refused_message("\x1b")
