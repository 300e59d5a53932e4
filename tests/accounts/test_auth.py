"""Login, logout, password change and reset, and the login throttle, through the pages."""

import re

from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import english_client
from tests.personas import PASSWORD

LOGIN = reverse("login")
THROTTLED = "Too many failed logins"
WRONG = "The email or password is not correct."


def attempt(client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("workspace:home")


def from_address(address: str):
    return english_client(REMOTE_ADDR=address)


def test_login_and_logout(world, client):
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = attempt(client, "Officer_A@Example.vn", PASSWORD)
    assert logged_in(response)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_is_refused(world, client):
    response = attempt(client, "officer_a@example.vn", "wrong")
    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_inactive_user_cannot_log_in(world, client):
    world.officer_a.is_active = False
    world.officer_a.save()
    response = attempt(client, "officer_a@example.vn", PASSWORD)
    assert not logged_in(response)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_password_change(world, login, client):
    officer = login(world.officer_a)
    response = officer.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2025",
            "new_password2": "Mat-khau-moi-2025",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert not logged_in(attempt(client, "officer_a@example.vn", PASSWORD))
    assert logged_in(attempt(client, "officer_a@example.vn", "Mat-khau-moi-2025"))


def test_password_reset_by_email(world, client):
    response = client.post(reverse("password_reset"), {"email": "officer_b@example.vn"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer_b@example.vn"]
    link = re.search(r"https?://\S+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.context["validlink"] is True
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Bình-mới-2025!", "new_password2": "Bình-mới-2025!"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert logged_in(attempt(client, "officer_b@example.vn", "Bình-mới-2025!"))


def test_password_reset_for_unknown_email_sends_nothing(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_account_throttle_refuses_even_the_right_password(world, settings):
    assert settings.LOGIN_THROTTLE_PER_ACCOUNT == 5
    attacker = from_address("10.0.0.1")
    for _ in range(5):
        assert WRONG in attempt(attacker, "officer_a@example.vn", "guess").content.decode()
    refused = attempt(attacker, "officer_a@example.vn", PASSWORD)
    assert not logged_in(refused)
    assert THROTTLED in refused.content.decode()
    # The account is locked for everyone, wherever they come from...
    assert (
        THROTTLED
        in attempt(from_address("10.0.0.2"), "officer_a@example.vn", PASSWORD).content.decode()
    )
    # ...but other accounts are not.
    assert logged_in(attempt(from_address("10.0.0.2"), "officer_b@example.vn", PASSWORD))


def test_address_throttle_across_emails(world, settings):
    assert settings.LOGIN_THROTTLE_PER_ADDRESS == 20
    attacker = from_address("10.0.0.9")
    for number in range(20):
        attempt(attacker, f"guess{number}@example.vn", "guess")
    refused = attempt(attacker, "officer_b@example.vn", PASSWORD)
    assert THROTTLED in refused.content.decode()
    assert logged_in(attempt(from_address("10.0.0.10"), "officer_b@example.vn", PASSWORD))


def test_successful_login_clears_account_failures(world):
    for _round in range(2):
        browser = from_address("10.0.0.3")
        for _ in range(4):
            attempt(browser, "officer_a@example.vn", "typo")
        # Without the reset, the second round would reach the limit of 5.
        assert logged_in(attempt(browser, "officer_a@example.vn", PASSWORD))


def test_an_invitee_whose_link_expired_can_use_forgot_password(world, client):
    from django.core import mail

    from dienhinh.accounts.domain import invite_user

    invite_user(
        email="new@example.vn",
        full_name="Người Mới",
        unit=world.unit_a,
        role="officer",
        covers_subtree=True,
        by=world.fed_admin,
    )
    mail.outbox.clear()
    response = client.post("/accounts/password/reset/", {"email": "new@example.vn"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["new@example.vn"]]
