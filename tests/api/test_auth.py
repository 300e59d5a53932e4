"""Getting, using, listing and revoking API tokens; session use and CSRF; throttling."""

import pytest
from django.test import Client

from dienhinh.accounts.models import ApiToken
from tests.api.conftest import assert_error
from tests.otp import sign_in
from tests.personas import PASSWORD

TOKEN_URL = "/api/v1/auth/token"


def _obtain(client, email, password, **extra):
    body = {"email": email, "password": password, **extra}
    return client.post(TOKEN_URL, body, content_type="application/json")


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_password_gives_a_token_that_authenticates(world):
    response = _obtain(Client(), "OFFICER_A@example.vn", PASSWORD, name="Máy chấm công")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "name", "token", "expires_at"}
    assert body["name"] == "Máy chấm công"
    assert body["token"].startswith("dh_")
    me = _bearer(body["token"]).get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == "officer_a@example.vn"


def test_token_endpoint_needs_no_csrf(world):
    response = _obtain(Client(enforce_csrf_checks=True), world.officer_a.email, PASSWORD)
    assert response.status_code == 201


def test_wrong_password_is_401_with_the_error_shape(world):
    error = assert_error(_obtain(Client(), world.officer_a.email, "wrong"), 401)
    assert error["code"] == "invalid_credentials"


def test_inactive_user_gets_no_token(world):
    world.officer_a.is_active = False
    world.officer_a.save()
    assert_error(_obtain(Client(), world.officer_a.email, PASSWORD), 401)


def test_missing_fields_are_422(world):
    response = Client().post(TOKEN_URL, {"email": "x@example.vn"}, content_type="application/json")
    error = assert_error(response, 422, "invalid")
    assert error["details"][0]["field"] == "password"


def test_five_wrong_passwords_then_the_right_one_is_throttled(world, fast_hasher):
    client = Client()
    for _ in range(5):
        assert_error(_obtain(client, world.officer_a.email, "wrong"), 401)
    response = _obtain(client, world.officer_a.email, PASSWORD)
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert not ApiToken.objects.filter(user=world.officer_a).exists()


def test_malformed_json_is_400_with_the_error_shape(world):
    response = Client().post(TOKEN_URL, "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)


def test_own_tokens_are_listed_without_their_key(world, api_client):
    client = api_client(world.officer_a)
    created = client.post(
        "/api/v1/tokens", {"name": "  Báo cáo  "}, content_type="application/json"
    )
    assert created.status_code == 201
    key = created.json()["token"]
    assert created.json()["name"] == "Báo cáo"
    ApiToken.issue(user=world.officer_b, name="not mine")
    listed = client.get("/api/v1/tokens")
    assert listed.status_code == 200
    assert sorted(t["name"] for t in listed.json()) == ["Báo cáo", "tests"]
    assert key not in listed.content.decode()
    assert all(
        set(t) == {"id", "name", "prefix", "created_at", "expires_at", "last_used_at"}
        for t in listed.json()
    )


def test_blank_token_name_is_refused(world, api_client):
    response = api_client(world.officer_a).post(
        "/api/v1/tokens", {"name": "   "}, content_type="application/json"
    )
    assert_error(response, 400, "invalid")


def test_revoked_token_gives_401(world):
    token, key = ApiToken.issue(user=world.officer_a, name="a")
    client = _bearer(key)
    assert client.get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert_error(client.get("/api/v1/me"), 401, "unauthenticated")
    assert_error(_bearer("dh_made-up").get("/api/v1/me"), 401, "unauthenticated")


def test_another_users_token_cannot_be_revoked(world, api_client):
    token, key = ApiToken.issue(user=world.officer_b, name="b")
    response = api_client(world.officer_a).delete(f"/api/v1/tokens/{token.pk}")
    assert_error(response, 404, "not_found")
    assert _bearer(key).get("/api/v1/me").status_code == 200


def test_token_of_a_deactivated_user_gives_401(world):
    _token, key = ApiToken.issue(user=world.officer_a, name="a")
    world.officer_a.is_active = False
    world.officer_a.save()
    assert_error(_bearer(key).get("/api/v1/me"), 401)


class TestSession:
    """The docs page and the browser use the session; unsafe methods then need CSRF."""

    def test_session_reads_work(self, world):
        client = Client(enforce_csrf_checks=True)
        sign_in(client, world.fed_admin)
        assert client.get(f"/api/v1/units/{world.unit_a.pk}").status_code == 200

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("patch", "/api/v1/units/{unit_a}", {"short_name": "A"}),
            ("post", "/api/v1/tokens", {"name": "x"}),
            ("delete", "/api/v1/role-assignments/{role}", None),
        ],
    )
    def test_unsafe_method_without_csrf_is_refused(self, world, method, path, body):
        client = Client(enforce_csrf_checks=True)
        sign_in(client, world.fed_admin)
        role = world.officer_a.role_assignments.get().pk
        url = path.format(unit_a=world.unit_a.pk, role=role)
        kwargs = {"data": body, "content_type": "application/json"} if body else {}
        response = getattr(client, method)(url, **kwargs)
        assert_error(response, 403, "forbidden")
        assert world.officer_a.role_assignments.exists()
        assert not ApiToken.objects.filter(user=world.fed_admin).exists()

    def test_unsafe_method_with_csrf_token_works(self, world):
        client = Client(enforce_csrf_checks=True)
        sign_in(client, world.fed_admin)
        client.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does
        csrf = client.cookies["csrftoken"].value
        response = client.patch(
            f"/api/v1/units/{world.unit_a.pk}",
            {"short_name": "CĐCS A"},
            content_type="application/json",
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code == 200
        assert response.json()["short_name"] == "CĐCS A"

    def test_bearer_token_needs_no_csrf(self, world):
        _token, key = ApiToken.issue(user=world.fed_admin, name="a")
        client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
        response = client.patch(
            f"/api/v1/units/{world.unit_a.pk}", {"short_name": "A"}, content_type="application/json"
        )
        assert response.status_code == 200
