"""API tokens expire, and a person keeps at most API_LOGIN_TOKEN_CAP login tokens (before,
a fuzzing run left one account with 537)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import ApiToken, TokenKind
from dienhinh.core.models import AuditEntry
from tests.personas import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_hasher")


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_password_logins_keep_only_the_latest_ten_tokens(world, settings):
    assert settings.API_LOGIN_TOKEN_CAP == 10
    keys = []
    for _ in range(12):
        response = Client().post(
            "/api/v1/auth/token",
            {"email": world.officer_a.email, "password": PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 201
        keys.append(response.json()["token"])
    active = ApiToken.objects.active().filter(user=world.officer_a)
    assert active.count() == 10
    assert _bearer(keys[0]).get("/api/v1/me").status_code == 401
    assert _bearer(keys[1]).get("/api/v1/me").status_code == 401
    assert _bearer(keys[-1]).get("/api/v1/me").status_code == 200
    revoked = AuditEntry.objects.filter(action="token.revoke")
    assert [entry.extra["reason"] for entry in revoked] == ["cap", "cap"]


def test_named_tokens_do_not_count_against_the_cap(world, settings):
    settings.API_LOGIN_TOKEN_CAP = 2
    named, _key = issue_token(user=world.officer_a, name="script")
    for _ in range(3):
        issue_token(user=world.officer_a, name="API", kind=TokenKind.LOGIN)
    assert ApiToken.objects.active().filter(pk=named.pk).exists()
    assert ApiToken.objects.active().filter(kind=TokenKind.LOGIN).count() == 2


def test_a_login_token_expires_after_ninety_days(world):
    response = Client().post(
        "/api/v1/auth/token",
        {"email": world.officer_a.email, "password": PASSWORD},
        content_type="application/json",
    )
    token = ApiToken.objects.get()
    assert token.kind == TokenKind.LOGIN
    assert abs((token.expires_at - timezone.now()) - datetime.timedelta(days=90)) < (
        datetime.timedelta(minutes=1)
    )
    key = response.json()["token"]
    assert _bearer(key).get("/api/v1/me").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = _bearer(key).get("/api/v1/me")
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "unauthenticated"


def test_a_named_token_lives_the_days_chosen_and_at_most_a_year(world, login, api_client):
    page = login(world.officer_a)
    page.post(reverse("accounts:token_create"), {"name": "Báo cáo", "days": "30"})
    token = ApiToken.objects.get(name="Báo cáo")
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 30
    refused = page.post(reverse("accounts:token_create"), {"name": "Lâu", "days": "1000"})
    assert "Select a valid choice." in refused.content.decode()
    api = api_client(world.officer_a)
    too_long = api.post(
        "/api/v1/tokens", {"name": "x", "days": 366}, content_type="application/json"
    )
    assert too_long.status_code == 422
    made = api.post("/api/v1/tokens", {"name": "y", "days": 365}, content_type="application/json")
    assert made.status_code == 201 and "expires_at" in made.json()


def test_the_profile_lists_expiry_and_marks_expired_tokens(world, login):
    fresh, _ = issue_token(user=world.officer_a, name="Còn hạn", days=30)
    old, _ = issue_token(user=world.officer_a, name="Hết hạn")
    ApiToken.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    page = login(world.officer_a).get(reverse("accounts:profile")).content.decode()
    assert "Expires" in page and "Expired" in page
    assert timezone.localtime(fresh.expires_at).strftime("%d/%m/%Y") in page
