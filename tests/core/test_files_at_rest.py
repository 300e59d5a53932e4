"""Files at rest: every upload is stored under a random name that owes nothing to the name
it was sent with, under MEDIA_ROOT (never inside the static tree, which WhiteNoise serves
to anyone), is served by no address of its own, and is not executable."""

import re
import stat
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

import dienhinh.settings as configured
from tests.factories import make_nomination, pdf_bytes

# The one file field whose name the system makes itself: a public rendition is named by the
# hash of its content (publishing.models.media._rendition_path), so it may be cached for ever.
SYSTEM_NAMED = {"publishing.StoryRendition.file"}
HOSTILE = "../../../static/dienhinh/app.js%00shell.php"
RANDOM = re.compile(r"[0-9a-f]{32}")


def _file_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("dienhinh."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", model, field


@pytest.mark.one_database  # reads the models only
def test_every_upload_field_names_its_files_at_random():
    found = {label for label, _model, _field in _file_fields()}
    assert found >= SYSTEM_NAMED and len(found - SYSTEM_NAMED) >= 10, sorted(found)
    for label, model, field in _file_fields():
        if label in SYSTEM_NAMED:
            continue
        names = {field.generate_filename(model(), HOSTILE) for _n in range(2)}
        assert len(names) == 2, label  # a new name each time
        for name in names:
            assert not name.startswith("/") and ".." not in name.split("/"), (label, name)
            assert "shell" not in name and "app.js" not in name and "static" not in name
            assert RANDOM.fullmatch(name.rsplit("/", 1)[-1].removeprefix("consent-")), name


def test_an_upload_is_kept_outside_the_static_tree_unserved_and_not_executable(
    world, plan, login, settings
):
    for media in (Path(configured.MEDIA_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()):
        for static in [Path(configured.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
            static = static.resolve()
            assert not media.is_relative_to(static) and not static.is_relative_to(media)
    draft = make_nomination(plan, world.unit_a, by=world.officer_a)
    officer = login(world.officer_a)
    officer.post(
        reverse("nominations:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("shell.php.pdf", pdf_bytes()), "title": "Biên bản"},
    )
    attachment = draft.attachments.get(title="Biên bản")
    name = attachment.file.name
    assert attachment.original_name == "shell.php.pdf" and "shell" not in name
    stored = Path(settings.MEDIA_ROOT) / name
    mode = stored.stat().st_mode
    assert stat.S_ISREG(mode) and not mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    assert not mode & stat.S_IWOTH
    # Only the permission-checking view serves it: no address under /media/ or /static/, for
    # its uploader or anyone.
    for client in (officer, Client()):
        for prefix in ("/media/", "/static/", "/"):
            assert client.get(prefix + name).status_code == 404, prefix
    served = officer.get(reverse("nominations:attachment", args=[attachment.pk]))
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
