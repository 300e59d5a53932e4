"""Security events go to the audit log with the client address: logins, failures, lockouts,
two-factor changes, role grants, tokens, sessions, exports and downloads of personal data;
system administrators see and export them, monitors (whose entries are their units') do not."""

import csv
import io

from django.test import Client

from dienhinh.accounts.models import Role
from dienhinh.core.models import AuditEntry
from tests.factories import pdf_bytes
from tests.otp import code_for, give_device
from tests.personas import PASSWORD

LIST = "/audit/"
EXPORT = "/audit/export.csv"


def _login(address: str, email: str, password: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.post("/accounts/login/", {"username": email, "password": password})
    return client


def _rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_logins_failures_and_lockouts_carry_the_address(world, fast_hasher, login):
    _login("203.113.9.1", world.officer_a.email, PASSWORD)
    for _ in range(5):
        _login("198.51.100.66", world.officer_a.email, "guess")
    _login("198.51.100.66", "nobody@example.vn", "guess")
    entries = {
        (entry.action, entry.address, entry.target_id)
        for entry in AuditEntry.objects.filter(action__startswith="auth.")
    }
    assert ("auth.login", "203.113.9.1", world.officer_a.pk) in entries
    assert ("auth.login_failed", "198.51.100.66", world.officer_a.pk) in entries
    assert ("auth.lockout", "198.51.100.66", world.officer_a.pk) in entries
    assert ("auth.login_failed", "198.51.100.66", None) in entries  # no such account

    admin = login(world.sysadmin)
    page = admin.get(LIST, {"action": "security"}).content.decode()
    for text in (
        '<span class="muted">auth.login_failed</span>',
        '<span class="muted">auth.lockout</span>',
        "198.51.100.66",
        "203.113.9.1",
    ):
        assert text in page
    rows = _rows(admin.get(EXPORT, {"action": "auth.lockout"}))
    assert [(row["Action code"], row["Client address"]) for row in rows] == [
        ("auth.lockout", "198.51.100.66")
    ]
    # A monitor's audit list holds their units' entries: not the security events.
    monitor = login(world.monitor).get(LIST, {"action": "security"}).content.decode()
    assert "198.51.100.66" not in monitor
    assert '<span class="muted">auth.login_failed</span>' not in monitor


def test_two_factor_tokens_roles_and_sessions_are_logged(world, login, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = give_device(world.officer_a)
    officer = login(world.officer_a, REMOTE_ADDR="203.113.9.2")
    officer.post("/account/profile/tokens/", {"name": "Kịch bản"})
    officer.post("/accounts/two-factor/disable/", {"code": code_for(device)})
    login(world.fed_admin, REMOTE_ADDR="203.113.9.3").post(
        f"/account/users/{world.officer_b.pk}/roles/add/",
        {"unit_code": "TV-CL", "role": Role.REVIEWER, "covers_subtree": "on"},
    )
    logged = dict(
        AuditEntry.objects.filter(
            action__in=["token.create", "otp.disable", "role.grant"]
        ).values_list("action", "address")
    )
    assert logged == {
        "token.create": "203.113.9.2",
        "otp.disable": "203.113.9.2",
        "role.grant": "203.113.9.3",
    }
    page = login(world.sysadmin).get(LIST, {"action": "security"}).content.decode()
    assert '<span class="muted">otp.disable</span>' in page
    assert '<span class="muted">token.create</span>' in page


def test_exports_and_downloads_of_personal_data_are_logged(world, login, make_nomination):
    from django.core.files.base import ContentFile

    from dienhinh.nominations.models import Attachment

    nomination = make_nomination()
    attachment = Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(pdf_bytes(), "d.pdf"),
        content_type="application/pdf",
        size=100,
        original_name="Thành tích.pdf",
    )
    officer = login(world.officer_a, REMOTE_ADDR="203.113.9.4")
    assert officer.get("/dossiers/export.xlsx").status_code == 200
    assert officer.get(f"/dossiers/attachments/{attachment.pk}/").status_code == 200
    # Thumbnails and pages are not downloads of personal data; a refused file is none.
    assert login(world.officer_b).get(f"/dossiers/attachments/{attachment.pk}/").status_code == 404
    admin = login(world.sysadmin, REMOTE_ADDR="203.113.9.5")
    export = admin.get(EXPORT, {"action": "security"})
    rows = _rows(export)
    by_action = {row["Action code"]: row for row in rows}
    assert by_action["export.personal_data"]["Client address"] == "203.113.9.4"
    assert "/dossiers/export.xlsx" in by_action["export.personal_data"]["Details"]
    assert "Thành tích.pdf" in by_action["download.personal_data"]["Details"]
    assert AuditEntry.objects.filter(action="download.personal_data").count() == 1
    # The audit export itself is logged, and does not list itself.
    assert "audit.csv" not in {row["Details"] for row in rows}
    assert AuditEntry.objects.filter(
        action="export.personal_data", actor=world.sysadmin, address="203.113.9.5"
    ).exists()
