"""The OpenAPI description and the interactive docs page (local assets, strict CSP)."""

import json
import re

import pytest
from django.test import Client

from tests.api.conftest import assert_error

ENDPOINTS = {
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{token_id}"),
    ("get", "/api/v1/units"),
    ("post", "/api/v1/units"),
    ("get", "/api/v1/units/{unit_id}"),
    ("patch", "/api/v1/units/{unit_id}"),
    ("get", "/api/v1/users"),
    ("get", "/api/v1/users/{user_id}"),
    ("patch", "/api/v1/users/{user_id}"),
    ("post", "/api/v1/users/invite"),
    ("get", "/api/v1/role-assignments"),
    ("post", "/api/v1/role-assignments"),
    ("get", "/api/v1/role-assignments/{assignment_id}"),
    ("delete", "/api/v1/role-assignments/{assignment_id}"),
    ("get", "/api/v1/emulation-groups"),
    ("post", "/api/v1/emulation-groups"),
    ("get", "/api/v1/emulation-groups/{group_id}"),
    ("patch", "/api/v1/emulation-groups/{group_id}"),
    ("delete", "/api/v1/emulation-groups/{group_id}"),
}


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_openapi_lists_every_endpoint_with_bearer_security(schema):
    assert schema["openapi"].startswith("3.")
    listed = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert listed >= ENDPOINTS
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    token_op = schema["paths"]["/api/v1/auth/token"]["post"]
    assert "security" not in token_op or token_op["security"] == []
    units_op = schema["paths"]["/api/v1/units"]["get"]
    assert {"TokenAuth": []} in units_op["security"]
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op["responses"], (method, path)
            assert op.get("summary"), (method, path)


@pytest.mark.one_database  # the document is built from the code alone
def test_openapi_is_valid(schema):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(schema)


def test_docs_page_loads_local_assets_only(db):
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not load anything remote"
    # Not in the whole page: a random CSP nonce spells "cdn" now and then.
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert addresses and not [a for a in addresses if "cdn" in a.lower()]
    # Under the CSP: no inline script (the settings are a JSON data block), no inline style.
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert 'src="' in attrs or 'type="application/json"' in attrs, attrs
        assert 'src="' not in attrs or not body.strip()
    assert "<style" not in html and "style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any("swagger-ui-bundle" in a for a in assets)
    assert any("swagger-ui-init" in a for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        if hasattr(served, "close"):
            served.close()


def test_docs_settings_point_at_the_local_schema(db):
    html = Client().get("/api/v1/docs").content.decode()
    settings = json.loads(
        re.search(
            r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/units", 401),
        ("get", "/api/v1/units/999999", 404),
        ("get", "/api/v1/units?limit=0", 422),
        ("post", "/api/v1/units", 422),
        ("get", "/api/v1/units/not-a-number", 404),
    ],
)
def test_every_error_has_the_same_shape(world, api_client, method, path, status):
    user = None if status == 401 else world.fed_admin
    response = getattr(api_client(user), method)(path, content_type="application/json")
    assert_error(response, status)


def test_the_docs_page_has_a_vietnamese_title_and_introduction(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "<title>API của Dienhinh</title>" in page
    assert "Đăng nhập bằng mã truy cập" in page


@pytest.mark.one_database  # the document is built from the code alone
def test_no_two_schema_classes_share_a_component_name():
    """ninja names a schema's component after its class: two classes of one name make the
    document describe one with the other's fields (found by the fuzzing run: the emulation
    groups' GroupOut was given the fields of the scores' ranked groups)."""
    import importlib
    import pkgutil

    from ninja import Schema

    import dienhinh.api.routers
    import dienhinh.api.schemas

    seen: dict[str, set[str]] = {}
    for package in (dienhinh.api.schemas, dienhinh.api.routers):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, Schema) and obj is not Schema:
                    seen.setdefault(obj.__name__, set()).add(f"{obj.__module__}.{obj.__qualname__}")
    shared = {name: sorted(where) for name, where in seen.items() if len(where) > 1}
    assert not shared, shared


def test_every_operation_documents_the_faults_it_can_meet(schema):
    """503 (database unreachable, with Retry-After) on every operation, 507 (disk full) on
    every write, both in the error shape; the answers themselves are tested in tests/faults."""
    assert "ErrorOut" in schema["components"]["schemas"]
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    writes = 0
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            unavailable = op["responses"].get("503")
            assert unavailable, (method, path)
            assert unavailable["content"]["application/json"]["schema"] == error_ref
            assert "Retry-After" in unavailable["headers"], (method, path)
            full = op["responses"].get("507")
            if method in {"post", "put", "patch", "delete"}:
                writes += 1
                assert full, (method, path)
                assert full["content"]["application/json"]["schema"] == error_ref
            else:
                assert full is None, (method, path)
    assert writes > 50
