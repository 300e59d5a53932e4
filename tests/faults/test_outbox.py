"""The outbox with a real SMTP server (aiosmtpd) on both databases: an SMTP server that is
stopped (down) or that answers "try again later" leaves the emails pending with their
attempts and delays growing, and they go out with their Message-ID once it is back; after
the last attempt an email is failed, shown to system administrators, and sent again by
"retry now"; the worker sends what was left pending when it starts. (The worker killed in
the middle of a batch is test_worker_kill.)"""

import datetime

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from dienhinh.core.mail import deliver_due, message_id_for, send_once
from dienhinh.core.models import OutgoingEmail
from tests.conftest import Inbox, free_port

State = OutgoingEmail.State


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a port of its own, which the test stops and starts
    again; mail goes out to it through the project's SMTP backend."""

    def __init__(self, settings, handler):
        self.handler, self.port, self.controller = handler, free_port(), None
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 5},
            }
        }

    @property
    def messages(self):
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class Busy(Inbox):
    """Answers "try again later" (451) to the first ``refusals`` messages, then accepts."""

    def __init__(self, refusals: int):
        super().__init__()
        self.refusals = refusals

    async def handle_DATA(self, server, session, envelope):
        if self.refusals:
            self.refusals -= 1
            return "451 4.3.2 System busy, try again later"
        return await super().handle_DATA(server, session, envelope)


class NoSuchMailbox(Inbox):
    """Refuses one recipient for good (550), accepts the others."""

    def __init__(self, refused: str):
        super().__init__()
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """The SMTP server, started; stopped at the end whatever happened."""
    server = SmtpServer(settings, Inbox())
    server.start()
    yield server
    server.stop()


def _queue(count: int) -> None:
    for n in range(count):
        assert send_once(
            key=f"fault:{n}", to=f"person{n}@example.vn", subject=f"Thư {n}", body="Nội dung"
        )


def _all_due_now() -> None:
    """As if the waiting time had passed."""
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def test_smtp_down_keeps_emails_pending_with_growing_delays_until_it_is_back(db, settings, smtp):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    smtp.stop()
    _queue(3)
    assert not send_once(key="fault:0", to="x@example.vn", subject="again", body="")

    delays = []
    for attempt in (1, 2, 3):
        _all_due_now()
        before = timezone.now()
        assert deliver_due() == 0
        rows = list(OutgoingEmail.objects.order_by("key"))
        assert {row.state for row in rows} == {State.PENDING}
        assert {row.attempts for row in rows} == {attempt}
        assert all("Connection refused" in row.last_error for row in rows)
        delays.append(min(row.next_attempt_at for row in rows) - before)
        assert deliver_due() == 0  # not due yet: nothing is tried
        assert OutgoingEmail.objects.filter(attempts=attempt).count() == 3
    # 1, 2, 4 minutes.
    assert [round(d.total_seconds() / 60) for d in delays] == [1, 2, 4]

    smtp.start()  # the same server, back on its port
    _all_due_now()
    assert deliver_due() == 3
    received = {tuple(to): message for to, message in smtp.messages}
    assert set(received) == {(f"person{n}@example.vn",) for n in range(3)}
    assert received[("person0@example.vn",)]["Message-ID"] == message_id_for("fault:0")
    assert received[("person0@example.vn",)]["Subject"] == "Thư 0"
    row = OutgoingEmail.objects.get(key="fault:0")
    assert row.state == State.SENT and row.sent_at and row.last_error == ""
    assert row.attempts == 4


def test_after_the_last_attempt_an_email_is_failed_and_an_admin_retries_it(
    world, settings, smtp, login
):
    settings.EMAIL_MAX_ATTEMPTS = 2
    smtp.stop()
    _queue(2)
    for _attempt in range(2):
        _all_due_now()
        deliver_due()
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {State.FAILED}

    admin = login(world.sysadmin)
    audit = admin.get("/audit/").content.decode()
    assert "Thư chờ gửi: 0; gửi không được: 2." in audit
    assert "/admin/core/outgoingemail/?state__exact=failed" in audit
    assert "Thư chờ gửi" not in login(world.monitor).get("/audit/").content.decode()
    listing = admin.get("/admin/core/outgoingemail/", {"state__exact": "failed"}).content.decode()
    assert "person0@example.vn" in listing and "person1@example.vn" in listing

    smtp.start()
    chosen = OutgoingEmail.objects.get(key="fault:1")
    response = admin.post(
        "/admin/core/outgoingemail/",
        {"action": "retry_now", "_selected_action": [chosen.pk]},
        follow=True,
    )
    assert "1 thư sẽ được gửi lại ngay." in response.content.decode()
    chosen.refresh_from_db()
    assert chosen.state == State.PENDING and chosen.attempts == 0
    assert deliver_due() == 1
    assert [to for to, _message in smtp.messages] == [["person1@example.vn"]]
    assert OutgoingEmail.objects.get(key="fault:0").state == State.FAILED


def test_a_server_that_says_try_again_later_gets_the_email_again_later(db, settings):
    """A running server that refuses for now (451): that email waits its delay, the next
    ones are still sent in the same run, and the refused one goes out at its next try."""
    server = SmtpServer(settings, Busy(refusals=1))
    server.start()
    try:
        _queue(3)
        assert deliver_due() == 2
        waiting = OutgoingEmail.objects.get(state=State.PENDING)
        assert waiting.attempts == 1 and "451" in waiting.last_error
        assert waiting.next_attempt_at > timezone.now()
        assert deliver_due() == 0  # not due yet
        _all_due_now()
        assert deliver_due() == 1
    finally:
        server.stop()
    assert sorted(to[0] for to, _message in server.messages) == [
        f"person{n}@example.vn" for n in range(3)
    ]
    waiting.refresh_from_db()
    assert waiting.state == State.SENT and waiting.attempts == 2


def test_a_mailbox_refused_for_good_is_failed_at_once_and_the_others_go_out(db, settings):
    """550 for one recipient: that email would be refused at every attempt, so it is failed
    at the first, with the server's answer; the run goes on with the others. A temporary
    refusal (451, above) and a server that is down keep theirs pending."""
    server = SmtpServer(settings, NoSuchMailbox(refused="person1@example.vn"))
    server.start()
    try:
        _queue(3)
        assert deliver_due() == 2
    finally:
        server.stop()
    refused = OutgoingEmail.objects.get(key="fault:1")
    assert refused.state == State.FAILED and refused.attempts == 1
    assert "550" in refused.last_error and "No such mailbox" in refused.last_error
    assert sorted(to[0] for to, _message in server.messages) == [
        "person0@example.vn",
        "person2@example.vn",
    ]
    assert OutgoingEmail.objects.filter(state=State.SENT).count() == 2


@pytest.mark.django_db(transaction=True)  # the worker's own transactions commit
def test_the_worker_sends_what_was_left_pending_when_it_starts(settings, smtp_server):
    _queue(2)
    # No delivery task waits in the queue any more (a worker killed while running it).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert sorted(to[0] for to, _message in smtp_server.messages) == [
        "person0@example.vn",
        "person1@example.vn",
    ]
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {State.SENT}
