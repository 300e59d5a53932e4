"""The new endpoints are described in the OpenAPI document, which stays valid."""

import json

import pytest
from django.test import Client

ENDPOINTS = {
    ("get", "/api/v1/movements"),
    ("post", "/api/v1/movements"),
    ("get", "/api/v1/movements/{movement_id}"),
    ("patch", "/api/v1/movements/{movement_id}"),
    ("get", "/api/v1/plans"),
    ("post", "/api/v1/plans"),
    ("get", "/api/v1/plans/{plan_id}"),
    ("patch", "/api/v1/plans/{plan_id}"),
    ("post", "/api/v1/plans/{plan_id}/issue"),
    ("post", "/api/v1/plans/{plan_id}/close"),
    ("post", "/api/v1/plans/{plan_id}/copy"),
    ("get", "/api/v1/nominations"),
    ("post", "/api/v1/nominations"),
    ("get", "/api/v1/nominations/{nomination_id}"),
    ("patch", "/api/v1/nominations/{nomination_id}"),
    ("get", "/api/v1/nominations/{nomination_id}/duplicates"),
    ("get", "/api/v1/nominations/{nomination_id}/reviews"),
    ("get", "/api/v1/nominations/{nomination_id}/transitions"),
    *(
        ("post", f"/api/v1/nominations/{{nomination_id}}/{action}")
        for action in ("submit", "forward", "return", "select", "reject", "withdraw")
    ),
    ("post", "/api/v1/nominations/{nomination_id}/photos"),
    ("post", "/api/v1/nominations/{nomination_id}/attachments"),
    ("delete", "/api/v1/photos/{photo_id}"),
    ("get", "/api/v1/photos/{photo_id}/file"),
    ("get", "/api/v1/photos/{photo_id}/thumbnail"),
    ("delete", "/api/v1/attachments/{attachment_id}"),
    ("get", "/api/v1/attachments/{attachment_id}/file"),
}


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_new_endpoint_is_described(schema):
    listed = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert listed >= ENDPOINTS
    for method, path in ENDPOINTS:
        operation = schema["paths"][path][method]
        assert operation.get("summary"), (method, path)
        assert {"TokenAuth": []} in operation["security"], (method, path)
    conflict = schema["paths"]["/api/v1/nominations/{nomination_id}/return"]["post"]
    assert "409" in conflict["responses"]
    download = schema["paths"]["/api/v1/attachments/{attachment_id}/file"]["get"]
    assert "application/pdf" in download["responses"]["200"]["content"]
    # The whole document is validated once, in tests/api/test_docs.py.
