"""The user's own profile and API tokens."""

import unicodedata

from django.urls import reverse

from dienhinh.accounts.models import ApiToken, User

PROFILE = reverse("accounts:profile")
CREATE = reverse("accounts:token_create")


def test_profile_shows_roles_and_password_link(world, login):
    page = login(world.reviewer).get(PROFILE).content.decode()
    assert "reviewer@example.vn" in page
    assert reverse("password_change") in page
    assert "Liên đoàn Lao động huyện Càng Long" in page and "Reviewer" in page
    assert 'value="Huỳnh Văn Duyệt"' in page


def test_profile_without_role_says_so(world, login):
    page = login(world.outsider).get(PROFILE).content.decode()
    assert "You have no role yet." in page


def test_profile_saves_nfc_name_and_phone(world, login):
    client = login(world.officer_a)
    response = client.post(
        PROFILE,
        {"full_name": unicodedata.normalize("NFD", " Nguyễn  Thị Ánh "), "phone": " 0911 "},
    )
    assert response.status_code == 302
    world.officer_a.refresh_from_db()
    assert world.officer_a.full_name == "Nguyễn Thị Ánh"
    assert world.officer_a.phone == "0911"
    # The search and sort columns follow the new name.
    assert User.objects.search("anh").filter(pk=world.officer_a.pk).exists()
    assert "Your profile has been saved." in client.get(PROFILE).content.decode()


def test_profile_error_keeps_input_and_saves_nothing(world, login):
    response = login(world.officer_a).post(PROFILE, {"full_name": "", "phone": "0922"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert 'value="0922"' in page
    # The header still shows the stored name.
    assert "Nguyễn Thị An" in page
    world.officer_a.refresh_from_db()
    assert (world.officer_a.full_name, world.officer_a.phone) == ("Nguyễn Thị An", "")


def test_profile_cannot_change_active_flag_or_email(world, login):
    login(world.officer_a).post(
        PROFILE,
        {"full_name": "Nguyễn Thị An", "phone": "", "is_active": "", "email": "x@example.vn"},
    )
    world.officer_a.refresh_from_db()
    assert world.officer_a.is_active and world.officer_a.email == "officer_a@example.vn"


def test_token_key_is_shown_once(world, login, client):
    """``client`` is anonymous: the API calls authenticate by the token alone."""
    officer = login(world.officer_a)
    response = officer.post(CREATE, {"name": "Báo cáo tháng"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["new_key"]
    assert key.startswith(ApiToken.PREFIX)
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.name == "Báo cáo tháng"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash + token.key_start
    again = officer.get(PROFILE).content.decode()
    assert key not in again
    assert "Báo cáo tháng" in again and f"{token.key_start}…" in again
    # The key works as a bearer token on the API.
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200 and me.json()["email"] == "officer_a@example.vn"


def test_token_needs_a_name(world, login):
    response = login(world.officer_a).post(CREATE, {"name": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert response.context["new_key"] is None
    assert not ApiToken.objects.exists()


def test_revoke_own_token(world, login, client):
    token, key = ApiToken.issue(user=world.officer_a, name="cũ")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    officer = login(world.officer_a)
    response = officer.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response["Location"] == PROFILE
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = officer.get(PROFILE).content.decode()
    assert "The token cũ has been revoked." in page
    assert "Revoked on" in page
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_cannot_revoke_another_users_token(world, login):
    token, _key = ApiToken.issue(user=world.officer_a, name="của An")
    for other in (world.officer_b, world.sysadmin):
        response = login(other).post(reverse("accounts:token_revoke", args=[token.pk]))
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "của An" not in login(world.officer_b).get(PROFILE).content.decode()
