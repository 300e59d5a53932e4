"""Requests refused from their headers before a byte of the body is read (core/limits.py):
an over-long address (414), a body over its route's limit (413, a 2 GB upload included), a
Content-Length that is not a number (400), a chunked body (411); the API answers in its JSON
error shape, pages with the site's error page. Malformed JSON is the API's 400."""

import pytest
from django.test import Client

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

TWO_GB = str(2 * 1024**3)


def _post(client, url, *, length: str, content_type="application/json", body=b"{}", **extra):
    # The test client computes CONTENT_LENGTH from the body; ``extra`` overrides it, as a
    # client that announces 2 GB and has sent only the first bytes.
    return client.generic(
        "POST", url, body, content_type=content_type, CONTENT_LENGTH=length, **extra
    )


def test_a_two_gigabyte_upload_is_refused_from_its_content_length(world, api_client):
    client = api_client(world.officer_a)
    url = "/api/v1/nominations/1/photos"
    response = _post(client, url, length=TWO_GB, content_type="multipart/form-data; boundary=x")
    error = assert_error(response, 413, "too_large")
    assert "100 MB" in error["message"]


def test_an_oversized_json_body_is_a_413_in_the_error_shape(world, api_client, settings):
    body = b'{"name": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'"}'
    response = api_client(world.fed_admin).post(
        "/api/v1/units", body, content_type="application/json"
    )
    assert_error(response, 413, "too_large")


def test_a_page_upload_over_the_routes_limit_is_a_413_page(world, login, settings):
    """The unit import takes 10 MB (its route's entry of REQUEST_BODY_LIMITS), a dossier
    form the general upload limit."""
    client = login(world.fed_admin)
    multipart = "multipart/form-data; boundary=x"
    over_import = str(settings.REQUEST_BODY_LIMITS["unit_import:upload"] + 1)
    response = _post(client, "/units/import/", length=over_import, content_type=multipart)
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()
    assert "10 MB" in response.content.decode()
    big = _post(client, "/dossiers/new/", length=TWO_GB, content_type=multipart)
    assert big.status_code == 413


def test_a_content_length_that_is_no_number_and_a_chunked_body_are_refused(world, api_client):
    client = api_client(world.fed_admin)
    assert_error(_post(client, "/api/v1/units", length="12abc"), 400, "bad_request")
    chunked = client.generic(
        "POST",
        "/api/v1/units",
        b"",
        content_type="application/json",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert_error(chunked, 411, "length_required")


def test_an_over_long_address_is_a_414(world, api_client, login):
    long_query = "q=" + "đ" * 3000  # 6,000 bytes once encoded, 3,000 characters in the path
    error = assert_error(api_client(world.fed_admin).get(f"/api/v1/units?{long_query}"), 414)
    assert error["code"] == "uri_too_long"
    page = login(world.officer_a).get("/dossiers/?" + "q=" + "a" * 5000)
    assert page.status_code == 414
    assert "Địa chỉ quá dài" in page.content.decode()


def test_within_the_limits_nothing_changes(world, api_client, settings):
    client = api_client(world.fed_admin)
    assert client.get("/api/v1/units?" + "q=" + "a" * 200).status_code == 200
    assert_error(_post(client, "/api/v1/units", length="2", body=b"{}"), 422, "invalid")
    # A body of exactly DATA_UPLOAD_MAX_MEMORY_SIZE bytes reaches the endpoint.
    frame = b'{"email": "", "password": "x"}'
    body = frame.replace(
        b'""', b'"' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len(frame)) + b'"'
    )
    assert len(body) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    exact = Client().post("/api/v1/auth/token", body, content_type="application/json")
    assert exact.status_code in (401, 422), exact.content


@pytest.mark.parametrize(
    "body",
    [b"{", b"[1, 2", b"\xff\xfe{}", b'{"name": "\xff"}', b"[" * 100_000 + b"]" * 100_000],
    ids=["truncated", "unclosed", "not-utf8", "bad-byte", "nested-100000"],
)
def test_malformed_json_is_a_400_in_the_error_shape(world, api_client, body):
    response = api_client(world.fed_admin).post(
        "/api/v1/units", body, content_type="application/json"
    )
    assert_error(response, 400, "bad_request")
