"""Helpers for the "one way in for text" tests: the refused characters, clean_text's messages,
a snapshot of everything stored, and a world with dossiers in every reviewable state."""

import datetime
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import translation

from dienhinh.core.text import UnsafeText
from dienhinh.nominations.models import Attachment, Nomination
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.models import Movement, SubjectKind
from tests.factories import make_photo, pdf_bytes

# NUL (PostgreSQL cannot store it: a 500 there), a bidirectional override that makes
# "gpj.exe" read "exe.jpg", and ESC (terminal escape sequences).
REFUSED = {"NUL": "\x00", "RLO": "\u202e", "ESC": "\x1b"}
# Every direction control clean_text refuses (embeddings, overrides, isolates, marks) and
# every zero-width character it drops (ZWJ and ZWNJ too: Vietnamese never needs them).
BIDI = tuple("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = tuple("\u200b\u200c\u200d\u2060\ufeff")


def refused_message(char: str) -> str:
    """clean_text's message for ``char``, in English as the tests' clients ask."""
    with translation.override("en"):
        return UnsafeText(char).message


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _text_columns(model) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]


def _stored_files(folder: str = "") -> list[str]:
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" for name in files]
    for name in dirs:
        found.extend(_stored_files(f"{folder}/{name}".lstrip("/")))
    return sorted(found)


def stored() -> dict:
    """Every row of the project's models (pk and text columns) and every stored file: two
    snapshots compare equal when nothing was saved in between."""
    snapshot = {"files": _stored_files()}
    for model in apps.get_models():
        if not model.__module__.startswith("dienhinh."):
            continue
        if model._meta.label == "accounts.ApiToken":
            # Tokens are touched on use (last_used_at): their names are what matters.
            snapshot[model._meta.label] = sorted(model.objects.values_list("pk", "name"))
            continue
        columns = _text_columns(model)
        snapshot[model._meta.label] = sorted(
            model.objects.values_list("pk", *columns), key=lambda row: row[0]
        )
    return snapshot


@pytest.fixture
def page_language():
    """English answers (the root ``login`` and ``api_client`` ask for it): assertions read the
    English messages."""
    return "en"


@dataclass
class Dossiers:
    draft: Nomination  # unit A's draft with a photo and an attachment
    submitted: Nomination  # waiting at the district's reviewer
    at_province: Nomination  # forwarded to the issuing unit, for its editor
    movement: Movement


def _dossier(world, plan, name: str) -> Nomination:
    nomination = Nomination.objects.create(
        plan=plan,
        nominating_unit=world.unit_a,
        created_by=world.officer_a,
        subject_kind=SubjectKind.INDIVIDUAL,
        full_name=name,
        birth_year=1985,
        headline="Giáo viên dạy giỏi nhiều năm liền",
        field=plan.plan_fields.get(),
    )
    make_photo(nomination, original_name="Ảnh lớp học.jpg")
    Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(pdf_bytes(), "d.pdf"),
        content_type="application/pdf",
        size=100,
        original_name="Báo cáo thành tích.pdf",
    )
    return nomination


@pytest.fixture
def dossiers(world, plan) -> Dossiers:
    draft = _dossier(world, plan, "Trần Văn Nháp")
    submitted = _dossier(world, plan, "Lê Thị Nộp")
    transition_nomination(submitted, action="submit", by=world.officer_a)
    at_province = _dossier(world, plan, "Phạm Văn Tỉnh")
    transition_nomination(at_province, action="submit", by=world.officer_a)
    transition_nomination(at_province, action="forward", by=world.reviewer)
    movement = Movement.objects.create(
        name="Giỏi việc nước, đảm việc nhà",
        kind="thematic",
        launched_by=world.province,
        starts_on=datetime.date(2025, 1, 1),
    )
    return Dossiers(draft, submitted, at_province, movement)
