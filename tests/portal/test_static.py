"""The portal's styles and scripts under hashed names, cached by the browser for ten years:
a new version of a file gets a new name, so nothing stale is ever read from a cache."""

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.one_database  # static files do not depend on the database


def test_static_files_have_hashed_names_and_far_future_caching(db):
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        pytest.skip("static files not collected (manage.py collectstatic, as make test does)")
    reader = Client()
    page = reader.get("/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
    assert assets, "the home page links no stylesheet or script"
    for address in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(?:css|js)$", address), f"{address} is not hashed"
        response = reader.get(address)
        assert response.status_code == 200, address
        cache = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "immutable", "max-age=315360000"} <= cache, response["Cache-Control"]
    # The plain name is still served (an old page in a cache asking for it), briefly cached.
    plain = re.sub(r"\.[0-9a-f]{12}(\.(?:css|js))$", r"\1", assets[0])
    response = reader.get(plain)
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
