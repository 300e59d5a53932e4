"""Two-factor authentication: setting it up (required for administrators, monitors and
editors; demo accounts exempt in demo mode only), logging in with a code or a recovery code,
turning it off, and the API's token endpoint asking for ``otp``."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dienhinh.accounts.models import ApiToken, RecoveryCode, Role
from dienhinh.core.models import AuditEntry
from tests.accounts.conftest import english_client
from tests.factories import UserFactory, grant
from tests.otp import code_for, give_device
from tests.personas import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_hasher")

LOGIN = reverse("login")
CODE = reverse("login_code")
SETUP = reverse("two_factor_setup")
HOME = reverse("workspace:home")
PROFILE = reverse("accounts:profile")
TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def no_device_backoff(settings):
    # django-otp makes a device wait a second after a wrong code; the tests that type a
    # wrong code and then the right one do not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def password_login(client, user):
    return client.post(LOGIN, {"username": user.email, "password": PASSWORD})


def set_up(client) -> list[str]:
    """Turn two-factor authentication on through the setup page; the recovery codes."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(SETUP, {"code": code_for(device)})
    assert done.status_code == 200 and "no-store" in done["Cache-Control"]
    return re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", done.content.decode())


@pytest.mark.parametrize("persona", ["sysadmin", "fed_admin", "monitor", "editor"])
def test_people_whose_roles_require_it_set_it_up_before_anything_else(world, persona):
    user = getattr(world, persona)
    client = english_client()
    assert password_login(client, user)["Location"] == HOME
    for url in (HOME, PROFILE, reverse("nominations:list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    setup = client.get(SETUP).content.decode()
    assert 'src="data:image/svg+xml' in setup  # the QR code, inline under the CSP
    assert "Your roles let you see and change many people" in setup
    codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert RecoveryCode.objects.filter(user=user).count() == 10
    assert not any(
        code in RecoveryCode.objects.values_list("code_hash", flat=True) for code in codes
    )
    assert client.get(HOME).status_code == 200
    assert AuditEntry.objects.filter(action="otp.enable", target_id=user.pk).exists()


def test_a_wrong_first_code_turns_nothing_on(world):
    client = english_client()
    password_login(client, world.editor)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "The code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(HOME)["Location"].startswith(SETUP)


@pytest.mark.parametrize("persona", ["reviewer", "officer_a", "outsider"])
def test_it_is_optional_for_everyone_else(world, persona):
    client = english_client()
    password_login(client, getattr(world, persona))
    assert client.get(HOME).status_code == 200
    assert "Set up two-factor authentication" in client.get(PROFILE).content.decode()


def test_demo_accounts_are_exempt_in_demo_mode_only(world, settings):
    demo_editor = UserFactory(email="bientap@demo.dienhinh.vn", full_name="Biên Tập Demo")
    grant(demo_editor, world.province, Role.EDITOR)
    demo_editor.set_password(PASSWORD)
    demo_editor.save()
    settings.DEMO_MODE = False
    client = english_client()
    password_login(client, demo_editor)
    assert client.get(HOME)["Location"].startswith(SETUP)
    settings.DEMO_MODE = True
    client = english_client()
    password_login(client, demo_editor)
    assert client.get(HOME).status_code == 200
    # Demo mode does not exempt real accounts.
    client = english_client()
    password_login(client, world.editor)
    assert client.get(HOME)["Location"].startswith(SETUP)
    # In demo mode the token endpoint gives a demo account its token without a code.
    assert _obtain(demo_editor).status_code == 201


def test_login_with_a_device_asks_for_the_code(world):
    device = give_device(world.officer_a)
    client = english_client()
    response = password_login(client, world.officer_a)
    assert response["Location"] == CODE
    # Not logged in until the code is given.
    assert client.get(PROFILE)["Location"].startswith(LOGIN)
    wrong = client.post(CODE, {"code": "123456"})
    assert "The code is not correct" in wrong.content.decode()
    assert client.post(CODE, {"code": code_for(device)})["Location"] == HOME
    assert client.get(PROFILE).status_code == 200
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.extra == {"method": "totp"} and entry.target_id == world.officer_a.pk


def test_the_code_step_keeps_where_the_person_was_going(world):
    device = give_device(world.officer_a)
    client = english_client()
    start = client.get(PROFILE)
    response = client.post(
        start["Location"], {"username": world.officer_a.email, "password": PASSWORD}
    )
    assert response["Location"] == CODE
    assert client.post(CODE, {"code": code_for(device)})["Location"] == PROFILE


def test_the_code_step_expires(world, settings):
    give_device(world.officer_a)
    client = english_client()
    password_login(client, world.officer_a)
    settings.LOGIN_CODE_TIMEOUT = -1
    assert client.get(CODE)["Location"] == LOGIN


def test_wrong_codes_are_throttled_like_passwords(world):
    device = give_device(world.officer_a)
    client = english_client(REMOTE_ADDR="10.2.0.1")
    password_login(client, world.officer_a)
    for _ in range(5):
        client.post(CODE, {"code": "111111"})
    refused = client.post(CODE, {"code": code_for(device)})
    assert refused.status_code == 429
    assert "Too many login attempts were made from this address" in refused.content.decode()
    assert client.get(PROFILE)["Location"].startswith(LOGIN)


def test_a_recovery_code_logs_in_once(world):
    client = english_client()
    password_login(client, world.officer_a)
    client.get(SETUP)
    codes = set_up(client)
    client.post(reverse("logout"))

    for attempt, expected in ((codes[3].lower().replace("-", " "), HOME), (codes[3], None)):
        browser = english_client()
        password_login(browser, world.officer_a)
        response = browser.post(CODE, {"code": attempt})
        if expected:
            assert response["Location"] == expected
            assert "9 are left" in browser.get(HOME).content.decode()
        else:
            assert "used already" in response.content.decode()
    used = AuditEntry.objects.get(action="otp.recovery_used")
    assert used.extra == {"left": 9}


def test_turning_it_off_needs_a_current_code(world, login):
    device = give_device(world.officer_a)
    client = login(world.officer_a)
    refused = client.post(reverse("two_factor_disable"), {"code": "000000"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    done = client.post(reverse("two_factor_disable"), {"code": code_for(device)})
    assert done["Location"] == PROFILE
    assert not TOTPDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert AuditEntry.objects.filter(action="otp.disable").count() == 1


def test_after_turning_it_off_a_required_person_sets_it_up_again(world, login):
    device = give_device(world.monitor)
    client = login(world.monitor)
    client.post(reverse("two_factor_disable"), {"code": code_for(device)})
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_new_recovery_codes_replace_the_old_ones(world, login):
    client = english_client()
    password_login(client, world.officer_a)
    old = set_up(client)
    device = TOTPDevice.objects.get()
    response = client.post(reverse("two_factor_renew"), {"code": code_for(device)})
    new = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    browser = english_client()
    password_login(browser, world.officer_a)
    assert "used already" in browser.post(CODE, {"code": old[0]}).content.decode()


def test_turning_it_on_ends_the_other_sessions(world):
    other = english_client()
    password_login(other, world.officer_a)
    assert other.get(PROFILE).status_code == 200
    client = english_client()
    password_login(client, world.officer_a)
    set_up(client)
    assert other.get(PROFILE)["Location"].startswith(LOGIN)
    assert client.get(PROFILE).status_code == 200


def test_a_session_without_its_code_creates_no_token(world):
    """A session opened before the device (or by a password alone) must give the code
    before it can create an API token on the profile page or through the API."""
    give_device(world.officer_a)
    client = Client()
    client.force_login(world.officer_a)
    response = client.post(reverse("accounts:token_create"), {"name": "script"})
    assert response["Location"].startswith(CODE)
    api = client.post("/api/v1/tokens", {"name": "script"}, content_type="application/json")
    assert api.status_code == 401
    assert not ApiToken.objects.exists()


# --- the API's token endpoint ---------------------------------------------------------------


def _obtain(user, **extra):
    body = {"email": user.email, "password": PASSWORD, **extra}
    return Client().post(TOKEN_URL, body, content_type="application/json")


def test_the_token_endpoint_needs_otp_from_people_with_a_device(world):
    device = give_device(world.officer_a)
    missing = _obtain(world.officer_a)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "otp_required"
    wrong = _obtain(world.officer_a, otp="000000")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_otp"
    assert not ApiToken.objects.exists()
    good = _obtain(world.officer_a, otp=code_for(device))
    assert good.status_code == 201
    assert AuditEntry.objects.get(action="auth.login").extra == {"method": "totp"}


def test_the_token_endpoint_refuses_required_people_without_a_device(world):
    response = _obtain(world.editor)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "second_factor_setup_required"
    assert not ApiToken.objects.exists()
    device = give_device(world.editor)
    assert _obtain(world.editor, otp=code_for(device)).status_code == 201


def test_the_unlock_email_also_comes_after_wrong_codes(world, run_tasks):
    give_device(world.officer_a)
    client = english_client(REMOTE_ADDR="10.2.0.9")
    password_login(client, world.officer_a)
    with run_tasks():
        for _ in range(5):
            client.post(CODE, {"code": "222222"})
    assert [m.to for m in mail.outbox] == [["officer_a@example.vn"]]
