"""The sessions on the profile page: listed with browser, address and last seen, ended one by
one or all but the current one; a password change or reset ends the others."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.accounts.models import SessionRecord
from dienhinh.core.models import AuditEntry
from tests.accounts.conftest import english_client
from tests.personas import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_hasher")

PROFILE = reverse("accounts:profile")
LOGIN = reverse("login")
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def browser(user, *, agent: str, address: str):
    client = english_client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def logged_out(client) -> bool:
    response = client.get(PROFILE)
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_profile_lists_the_sessions(world):
    phone = browser(world.officer_a, agent=PHONE, address="203.113.7.5")
    browser(world.officer_a, agent=DESKTOP, address="2001:db8::9")
    browser(world.officer_b, agent=DESKTOP, address="198.51.100.4")
    page = phone.get(PROFILE).content.decode()
    assert "Chrome · Android" in page and "203.113.7.5" in page
    assert "Firefox · Windows" in page and "2001:db8::9" in page
    assert "198.51.100.4" not in page  # someone else's
    assert page.count("This session") == 1
    assert len(re.findall(r"/account/profile/sessions/\d+/end/", page)) == 1


def test_ending_one_session_logs_it_out(world):
    phone = browser(world.officer_a, agent=PHONE, address="203.113.7.5")
    desktop = browser(world.officer_a, agent=DESKTOP, address="203.113.7.6")
    record = SessionRecord.objects.get(user_agent=DESKTOP)
    response = phone.post(reverse("accounts:session_revoke", args=[record.pk]))
    assert response["Location"] == PROFILE
    assert logged_out(desktop) and not logged_out(phone)
    entry = AuditEntry.objects.get(action="session.revoke")
    assert (entry.actor_id, entry.address) == (world.officer_a.pk, "203.113.7.5")


def test_nobody_ends_anothers_session_nor_the_current_one_by_id(world):
    mine = browser(world.officer_a, agent=PHONE, address="10.3.0.1")
    theirs = browser(world.officer_b, agent=PHONE, address="10.3.0.2")
    for record in SessionRecord.objects.all():
        assert mine.post(reverse("accounts:session_revoke", args=[record.pk])).status_code == 404
    assert not logged_out(mine) and not logged_out(theirs)


def test_log_out_everywhere_else(world):
    first = browser(world.officer_a, agent=PHONE, address="10.3.0.3")
    second = browser(world.officer_a, agent=DESKTOP, address="10.3.0.4")
    third = browser(world.officer_a, agent=DESKTOP, address="10.3.0.5")
    other_person = browser(world.officer_b, agent=DESKTOP, address="10.3.0.6")
    response = first.post(reverse("accounts:session_revoke_others"))
    assert "2 other sessions have been ended." in first.get(response["Location"]).content.decode()
    assert logged_out(second) and logged_out(third)
    assert not logged_out(first) and not logged_out(other_person)


def test_a_password_change_ends_the_other_sessions(world):
    here = browser(world.officer_a, agent=PHONE, address="10.3.0.7")
    there = browser(world.officer_a, agent=DESKTOP, address="10.3.0.8")
    there_key = there.cookies["sessionid"].value
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mới-2025-an", "new_password2": "Mới-2025-an"},
    )
    assert response["Location"] == reverse("password_change_done")
    # Ended, not merely refused by Django's password-hash check: the session is gone.
    assert not Session.objects.filter(session_key=there_key).exists()
    assert logged_out(there) and not logged_out(here)
    assert list(SessionRecord.objects.values_list("session_key", flat=True)) == [
        here.cookies["sessionid"].value
    ]
    assert AuditEntry.objects.filter(action="password.change").count() == 1


def test_a_password_reset_ends_every_session(world, run_tasks):
    signed_in = browser(world.officer_a, agent=PHONE, address="10.3.0.9")
    key = signed_in.cookies["sessionid"].value
    anonymous = english_client()
    with run_tasks():
        anonymous.post(reverse("password_reset"), {"email": world.officer_a.email})
    link = re.search(r"https?://\S+(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form = anonymous.get(link, follow=True)
    anonymous.post(
        form.redirect_chain[-1][0], {"new_password1": "Mới-2025-an", "new_password2": "Mới-2025-an"}
    )
    assert not Session.objects.filter(session_key=key).exists()
    assert logged_out(signed_in)
    assert AuditEntry.objects.filter(action="password.reset").count() == 1


def test_last_seen_is_written_at_most_every_few_minutes(world, settings):
    client = browser(world.officer_a, agent=PHONE, address="10.3.0.10")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            client.get(reverse("workspace:home"))
    assert not any("accounts_sessionrecord" in q["sql"] for q in queries.captured_queries)
    settings.SESSION_SEEN_INTERVAL = 0
    before = SessionRecord.objects.get().last_seen_at
    client.get(reverse("workspace:home"))
    assert SessionRecord.objects.get().last_seen_at > before


def test_logging_out_drops_the_record(world):
    client = browser(world.officer_a, agent=PHONE, address="10.3.0.11")
    assert SessionRecord.objects.count() == 1
    client.post(reverse("logout"))
    assert not SessionRecord.objects.exists()
