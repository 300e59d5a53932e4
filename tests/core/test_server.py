"""The production server as `make run` starts it (gunicorn --config gunicorn.conf.py), one
process for the module: what gunicorn refuses itself and what Django refuses from the
headers both answer in the API's JSON error shape with the right status, and a 2 GB upload
is answered before its body is sent."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The server runs on an SQLite database of its own, whatever the suite's database.
pytestmark = pytest.mark.one_database


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
        "DIENHINH_VAR_DIR": str(var),
        "CACHE_LOCATION": str(var / "cache"),
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
    }
    # Nothing asked here reaches the database: what is refused is refused before any view.
    env.pop("DATABASE_URL", None)
    log = (var / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    if process.poll() is not None:
        pytest.fail("gunicorn exited: " + (var / "gunicorn.log").read_text())
    yield port
    process.terminate()
    process.wait(timeout=10)
    log.close()


def _request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def _error(answer, status: int, code: str) -> dict:
    got, content_type, body = answer
    assert got == status, body[:300]
    assert content_type.startswith("application/json"), (content_type, body[:300])
    error = json.loads(body)["error"]
    assert error["code"] == code and error["message"] and error["details"] == []
    return error


def test_a_request_line_over_the_servers_limit_is_a_json_414(server):
    error = _error(_request(server, "GET", "/api/v1/units?q=" + "a" * 9000), 414, "uri_too_long")
    assert error["message"] == "Địa chỉ quá dài. Hãy dùng ô tìm kiếm hoặc các bộ lọc."


def test_an_address_over_djangos_limit_is_a_json_414_in_the_callers_language(server):
    answer = _request(
        server, "GET", "/api/v1/units?q=" + "a" * 5000, headers={"Accept-Language": "en"}
    )
    error = _error(answer, 414, "uri_too_long")
    assert error["message"].startswith("The address is too long")


def test_headers_over_the_servers_limit_are_a_json_431(server):
    answer = _request(server, "GET", "/api/v1/units", headers={"X-Big": "a" * 9000})
    _error(answer, 431, "headers_too_large")


def test_a_two_gigabyte_upload_is_answered_before_it_is_sent(server):
    """Headers announcing 2 GB and the first kilobyte: the 413 comes back at once."""
    head = (
        "POST /api/v1/nominations/1/photos HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {2 * 1024**3}\r\n\r\n"
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server), timeout=30) as sock:
        sock.sendall(head.encode() + b"--x\r\n" + b"a" * 1024)
        received = b""
        while b"\r\n\r\n" not in received or not received.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    # Only the first kilobyte was sent: the answer cannot have waited for the rest (the bound
    # is loose for a loaded machine; sending 2 GB here would take minutes).
    assert time.monotonic() - started < 30
    status_line, _, rest = received.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413"), received[:300]
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error"]["code"] == "too_large"


def test_an_oversized_json_body_is_a_json_413(server):
    body = b'{"email": "' + b"a" * 3_000_000 + b'"}'
    answer = _request(
        server, "POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    _error(answer, 413, "too_large")


def test_malformed_json_is_a_json_400(server):
    answer = _request(
        server, "POST", "/api/v1/auth/token", b'{"email": ', {"Content-Type": "application/json"}
    )
    _error(answer, 400, "bad_request")


def test_an_application_failure_is_not_called_a_request_not_understood():
    """gunicorn writes a 500 itself when the application raises before answering (Django's
    own 500 handler failing too, as with a missing static manifest): it says so."""
    from dienhinh.core.server import error_response

    head, _, body = error_response(500, "Internal Server Error").partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 500 Internal Server Error")
    error = json.loads(body)["error"]
    assert error["code"] == "error"
    assert error["message"] == "Đã có lỗi ở phía hệ thống"
