"""The API's validation details speak the caller's language, not pydantic's English."""

import pytest
from django.conf import settings


def post(client, body, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post("/api/v1/auth/token", body, content_type="application/json")


@pytest.mark.parametrize(
    ("language", "required", "too_long"),
    [
        ("vi", "Trường này là bắt buộc.", "Dùng tối đa 4096 ký tự."),
        ("en", "This field is required.", "Use at most 4096 characters."),
    ],
)
def test_schema_errors_are_translated(client, db, language, required, too_long):
    details = post(client, {"email": "a@b.vn"}, language).json()["error"]["details"]
    assert details == [{"field": "password", "message": required}]
    body = {"email": "a@b.vn", "password": "x" * 5000}
    details = post(client, body, language).json()["error"]["details"]
    assert details == [{"field": "password", "message": too_long}]


def test_a_body_that_is_not_json_is_said_so(client, db):
    response = post(client, "{not json", "vi")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Nội dung gửi lên không phải JSON hợp lệ."
