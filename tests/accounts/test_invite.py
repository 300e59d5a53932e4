"""Inviting a person: the form, the emails from the task queue, choosing a password from the
link, an existing account asked to accept the role (without telling the inviter it exists),
resending, and the throttle per invited email."""

import re
import unicodedata

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from dienhinh.accounts.models import Invitation, Role, RoleAssignment, User
from dienhinh.core.models import AuditEntry
from tests.factories import UserFactory, grant

INVITE = reverse("accounts:invite")
SENT = "The invitation was sent."


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


def link_in(message, path: str) -> str:
    return re.search(rf"https?://\S+({path}\S+/)", message.body).group(1)


def test_invite_page_prefills_the_unit(world, login):
    response = login(world.fed_admin).get(INVITE, {"unit": world.unit_a.pk})
    assert response.status_code == 200
    assert 'value="TV-CL-A"' in response.content.decode()


def test_invite_page_refuses_a_unit_outside_scope(world, login, district_admin):
    client = login(district_admin)
    assert client.get(INVITE, {"unit": world.unit_c.pk}).status_code == 404
    assert client.get(INVITE, {"unit": "x"}).status_code == 404


def test_invite_creates_user_role_and_email(world, login, run_tasks):
    client = login(world.fed_admin)
    with run_tasks():
        response = client.post(INVITE, invite_data())
    user = User.objects.get(email="moi.den@example.vn")
    assert response.status_code == 302
    assert user.full_name == "Trịnh Thị Mới" and user.phone == "0987 654 321"
    assert not user.has_usable_password()
    role = RoleAssignment.objects.get(user=user)
    assert (role.unit, role.role, role.covers_subtree) == (world.unit_a, Role.OFFICER, True)
    assert [m.to for m in mail.outbox] == [["moi.den@example.vn"]]
    page = client.get(response["Location"]).content.decode()
    assert SENT in page
    # The invitation waits on the invite page and on the person's page, with "resend".
    assert "moi.den@example.vn" in page and "Resend invitation" in page
    assert "Resend invitation" in client.get(f"/account/users/{user.pk}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_invitation_email_goes_out_from_the_worker(world):
    from dienhinh.accounts.invitations import invite_user

    invite_user(
        email="hang@example.vn",
        full_name="Lý Thị Hằng",
        unit=world.unit_a,
        role=Role.OFFICER,
        covers_subtree=False,
        by=world.fed_admin,
    )
    assert mail.outbox == []  # queued, not sent by the request
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [["hang@example.vn"]]
    # In the inviter's language (here the site's default, Vietnamese).
    assert "Lê Thị Quản đã mời bạn" in mail.outbox[0].body


def test_invitation_link_lets_the_user_choose_a_password_and_log_in(
    world, login, client, run_tasks
):
    with run_tasks():
        login(world.fed_admin).post(INVITE, invite_data())
    body = mail.outbox[0].body
    assert "Lê Thị Quản has invited you" in body
    link = link_in(mail.outbox[0], "/accounts/password/reset/")
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


def test_an_existing_account_is_asked_and_the_inviter_learns_nothing(
    world, login, district_admin, run_tasks
):
    """officer_c's account is in another branch: the district's administrator must not
    learn that it exists, nor give it a role without its owner's consent."""
    stranger = UserFactory(email="officer_c@example.vn", full_name="Phan Thị Xa")
    grant(stranger, world.unit_c, Role.OFFICER)
    admin = login(district_admin)
    answers = []
    with run_tasks():
        for email in ("officer_c@example.vn", "brand.new@example.vn"):
            response = admin.post(INVITE, invite_data(email=email, full_name="Tên Gõ Vào"))
            page = admin.get(response["Location"]).content.decode()
            answers.append((response.status_code, response["Location"], SENT in page))
            assert "Phan Thị Xa" not in page
    assert answers[0] == answers[1] == (302, f"{INVITE}?unit={world.unit_a.pk}", True)
    # Nothing is granted yet, and the account keeps its own name.
    assert not stranger.role_assignments.filter(unit=world.unit_a).exists()
    stranger.refresh_from_db()
    assert stranger.full_name == "Phan Thị Xa"
    # No audit entry the district can see names the account.
    assert not AuditEntry.objects.filter(target_label__contains="Phan Thị Xa").exists()
    asked = next(m for m in mail.outbox if m.to == ["officer_c@example.vn"])
    assert "Trương Văn Huyện invites you to take the role Unit officer" in asked.body

    # The owner accepts, logged in: now the role is theirs.
    link = link_in(asked, "/account/invitations/accept/")
    owner = login(stranger)
    assert "Accept the role" in owner.get(link).content.decode()
    assert owner.post(link)["Location"] == reverse("accounts:profile")
    role = stranger.role_assignments.get(unit=world.unit_a)
    assert (role.role, role.created_by) == (Role.OFFICER, district_admin)
    entry = AuditEntry.objects.get(action="role.grant", target_id=stranger.pk)
    assert entry.actor_id == stranger.pk and entry.extra["accepted"] is True
    # Once only.
    assert owner.get(link).status_code == 404


def test_only_the_invited_person_can_accept(world, login, run_tasks):
    with run_tasks():
        login(world.fed_admin).post(INVITE, invite_data(email="officer_b@example.vn"))
    link = link_in(mail.outbox[0], "/account/invitations/accept/")
    assert login(world.officer_a).get(link).status_code == 404
    assert login(world.officer_a).post(link).status_code == 404
    assert login(world.officer_b).get(link.replace("accept/", "accept/x")).status_code == 404
    # Logged out: the login page first, then back here.
    response = login(None).get(link)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not world.officer_b.role_assignments.filter(unit=world.unit_a).exists()


def test_an_invitation_from_someone_who_lost_their_rights_is_void(world, login, run_tasks):
    with run_tasks():
        login(world.fed_admin).post(INVITE, invite_data(email="officer_b@example.vn"))
    link = link_in(mail.outbox[0], "/account/invitations/accept/")
    world.fed_admin.role_assignments.all().delete()
    response = login(world.officer_b).post(link)
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    assert not world.officer_b.role_assignments.filter(unit=world.unit_a).exists()


def test_resend_sends_again_while_pending(world, login, run_tasks):
    admin = login(world.fed_admin)
    with run_tasks():
        admin.post(INVITE, invite_data())
        invitation = Invitation.objects.get()
        response = admin.post(f"/account/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["moi.den@example.vn"]] * 2
    invitation.refresh_from_db()
    assert invitation.sent_count == 2
    # Another branch's administrator does not see it; once the person has logged in, it
    # is no longer pending.
    assert (
        login(world.reviewer).post(f"/account/invitations/{invitation.pk}/resend/").status_code
        == 404
    )
    User.objects.filter(pk=invitation.user_id).update(last_login="2025-07-01T00:00:00Z")
    assert admin.post(f"/account/invitations/{invitation.pk}/resend/").status_code == 404


def test_invitations_to_one_email_are_throttled(world, login, settings, run_tasks):
    assert settings.INVITE_PER_EMAIL == 3
    admin = login(world.fed_admin)
    with run_tasks():
        for role in (Role.OFFICER, Role.REVIEWER, Role.EDITOR):
            admin.post(INVITE, invite_data(email="officer_b@example.vn", role=role))
        refused = admin.post(INVITE, invite_data(email="officer_b@example.vn"))
    assert refused.status_code == 200
    assert "This email has been sent enough invitations for now" in refused.content.decode()
    assert len(mail.outbox) == 3
    assert Invitation.objects.count() == 3


def test_invitations_from_one_address_are_throttled_whatever_the_email(
    world, login, settings, run_tasks
):
    settings.INVITE_PER_ADDRESS = 2
    settings.INVITE_PER_EMAIL = 1
    admin = login(world.fed_admin)
    with run_tasks():
        for number in range(2):
            admin.post(INVITE, invite_data(email=f"new{number}@example.vn"))
        refused = admin.post(INVITE, invite_data(email="new2@example.vn"))
        elsewhere = admin.post(
            INVITE, invite_data(email="new3@example.vn"), REMOTE_ADDR="10.2.0.9", follow=True
        )
        # The refusal spent nothing of new2's own allowance (one invitation here).
        again = admin.post(
            INVITE, invite_data(email="new2@example.vn"), REMOTE_ADDR="10.2.0.9", follow=True
        )
    assert refused.status_code == 200
    assert "Too many invitations were sent from this address" in refused.content.decode()
    assert "The invitation was sent." in elsewhere.content.decode()
    assert "The invitation was sent." in again.content.decode()
    invited = set(Invitation.objects.values_list("user__email", flat=True))
    assert invited == {f"new{number}@example.vn" for number in range(4)}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invited)


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
    world, login, district_admin, run_tasks, overrides, field_error
):
    users_before = User.objects.count()
    roles_before = RoleAssignment.objects.count()
    with run_tasks():
        response = login(district_admin).post(INVITE, invite_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error in page
    # What was typed comes back.
    assert 'value="0987 654 321"' in page
    assert User.objects.count() == users_before
    assert RoleAssignment.objects.count() == roles_before
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invitation_name_is_stored_nfc(world, login, run_tasks):
    with run_tasks():
        login(world.sysadmin).post(
            INVITE, invite_data(full_name=unicodedata.normalize("NFD", "Trịnh Thị Mới"))
        )
    assert User.objects.get(email="moi.den@example.vn").full_name == "Trịnh Thị Mới"


def test_an_unreachable_mail_server_does_not_break_the_invitation(world, settings, login):
    """The email is queued: a mail server that is down cannot fail the page (the worker
    sends it later)."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "use_tls": False, "timeout": 2},
        }
    }
    response = login(world.fed_admin).post(INVITE, invite_data(email="khach@example.vn"))
    assert response.status_code == 302
    assert User.objects.filter(email="khach@example.vn").exists()
    assert Invitation.objects.filter(user__email="khach@example.vn", sent_count=1).exists()
