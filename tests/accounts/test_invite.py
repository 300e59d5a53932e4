"""Inviting a person: the form, the email, and choosing a password from its link."""

import re
import unicodedata

import pytest
from django.core import mail
from django.urls import reverse

from dienhinh.accounts.models import Role, RoleAssignment, User
from tests.factories import UserFactory, grant

INVITE = reverse("accounts:invite")


def invite_data(**overrides) -> dict:
    data = {
        "email": "Moi.Den@Example.VN",
        "full_name": "Trịnh Thị Mới",
        "phone": "0987 654 321",
        "unit_code": "TV-CL-A",
        "role": Role.OFFICER,
        "covers_subtree": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def district_admin(world):
    admin = UserFactory(email="district_admin@example.vn", full_name="Trương Văn Huyện")
    grant(admin, world.district, Role.SUBTREE_ADMIN)
    return admin


def test_invite_page_prefills_the_unit(world, login):
    response = login(world.fed_admin).get(INVITE, {"unit": world.unit_a.pk})
    assert response.status_code == 200
    assert 'value="TV-CL-A"' in response.content.decode()


def test_invite_page_refuses_a_unit_outside_scope(world, login, district_admin):
    client = login(district_admin)
    assert client.get(INVITE, {"unit": world.unit_c.pk}).status_code == 404
    assert client.get(INVITE, {"unit": "x"}).status_code == 404


def test_invite_creates_user_role_and_email(world, login, django_capture_on_commit_callbacks):
    client = login(world.fed_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, invite_data())
    user = User.objects.get(email="moi.den@example.vn")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.full_name == "Trịnh Thị Mới" and user.phone == "0987 654 321"
    assert not user.has_usable_password()
    role = RoleAssignment.objects.get(user=user)
    assert (role.unit, role.role, role.covers_subtree) == (world.unit_a, Role.OFFICER, True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["moi.den@example.vn"]
    page = client.get(response["Location"]).content.decode()
    assert "moi.den@example.vn has been invited as Unit officer" in page


def test_invitation_link_lets_the_user_choose_a_password_and_log_in(
    world, login, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.fed_admin).post(INVITE, invite_data())
    body = mail.outbox[0].body
    assert "Lê Thị Quản has invited you" in body
    link = re.search(r"https?://\S+(/accounts/password/reset/\S+/)", body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_password_url = page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    # The link works once only.
    assert client.get(link, follow=True).context["validlink"] is False
    logged_in = client.post(
        reverse("login"), {"username": "moi.den@example.vn", "password": "Mat-khau-moi-2025"}
    )
    assert logged_in.status_code == 302
    assert client.get(reverse("accounts:profile")).context["user"].email == "moi.den@example.vn"


def test_inviting_an_existing_email_adds_the_role_without_email(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.fed_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            INVITE,
            invite_data(email="OFFICER_B@example.vn", full_name="Tên Khác", role=Role.REVIEWER),
        )
    assert response["Location"] == reverse("accounts:user_detail", args=[world.officer_b.pk])
    assert mail.outbox == []
    assert world.officer_b.role_assignments.filter(unit=world.unit_a, role=Role.REVIEWER).exists()
    world.officer_b.refresh_from_db()
    assert world.officer_b.full_name == "Đặng Văn Bình"
    assert "already had an account" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"full_name": "   "}, "This field is required."),
        ({"unit_code": "NO-SUCH"}, "There is no unit with the code NO-SUCH among the units"),
        ({"unit_code": "TV-TP-C"}, "There is no unit with the code TV-TP-C among the units"),
        ({"role": "pope"}, "Select a valid choice."),
        ({"role": Role.SYSTEM_ADMIN}, "Select a valid choice."),
    ],
)
def test_invalid_invitation_saves_nothing(
    world, login, district_admin, django_capture_on_commit_callbacks, overrides, field_error
):
    users_before = User.objects.count()
    roles_before = RoleAssignment.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(district_admin).post(INVITE, invite_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error in page
    # What was typed comes back.
    assert 'value="0987 654 321"' in page
    assert User.objects.count() == users_before
    assert RoleAssignment.objects.count() == roles_before
    assert mail.outbox == []


def test_invitation_name_is_stored_nfc(world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.sysadmin).post(
            INVITE, invite_data(full_name=unicodedata.normalize("NFD", "Trịnh Thị Mới"))
        )
    assert User.objects.get(email="moi.den@example.vn").full_name == "Trịnh Thị Mới"


def test_an_unreachable_mail_server_does_not_break_the_invitation(
    world, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    from dienhinh.accounts.models import User

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "use_tls": False, "timeout": 2},
        }
    }
    browser = Client()
    browser.force_login(world.fed_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"/account/users/invite/?unit={world.unit_a.pk}",
            {
                "email": "khach@example.vn",
                "full_name": "Lâm Thị Khách",
                "phone": "",
                "unit_code": world.unit_a.code,
                "role": "officer",
                "covers_subtree": "on",
            },
        )
    assert response.status_code == 302
    assert User.objects.filter(email="khach@example.vn").exists()
