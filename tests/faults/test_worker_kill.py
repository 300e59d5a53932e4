"""The real worker (``manage.py db_worker``) killed with SIGKILL in the middle of a batch of
30 emails to a real SMTP server, then started again: every email arrives, and a duplicate
can only be the one email whose sending the kill interrupted after the server accepted it,
with the same Message-ID. PostgreSQL: the worker and the test share the suite's database,
and rows are locked while they are sent (SKIP LOCKED); SQLite: the worker runs on a file
of its own holding the test's database, as the embedded mode does."""

import asyncio
import sqlite3
import threading
import time
from collections import Counter
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from dienhinh.core.mail import send_once
from dienhinh.core.models import OutgoingEmail
from tests.conftest import free_port
from tests.faults.processes import environment, start_worker

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = 30


class HeldInbox:
    """Accepts messages until it holds ``accept`` of them, then keeps the next sender
    waiting for its answer until ``release`` is set: the kill lands in the middle of the
    batch, with the worker inside a send, whatever the machine's speed."""

    def __init__(self, accept: int):
        self.messages: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.lock = threading.Lock()
        self.accept = accept
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        while len(self.messages) >= self.accept and not self.release.is_set():
            await asyncio.sleep(0.01)
        message_id = ""
        for line in envelope.content.decode(errors="replace").splitlines():
            if line.lower().startswith("message-id:"):
                message_id = line.split(":", 1)[1].strip()
                break
        with self.lock:
            self.messages.extend((to, message_id) for to in envelope.rcpt_tos)
        return "250 OK"


def _wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class Outbox:
    """The outbox the worker sends from, read here as the worker writes it. PostgreSQL: the
    suite's database, which the worker shares. SQLite: the test's in-memory database copied
    into the worker's file (WAL, as in production) once the emails are queued, read with
    sqlite3."""

    def __init__(self, var):
        self.file = None
        if connection.vendor == "sqlite":
            self.file = var / "dienhinh.sqlite3"
            self.env = {"DATABASE_URL": ""}
        else:
            db = connection.settings_dict
            self.env = {
                "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@"
                f"{quote(db['HOST'], safe='')}/{db['NAME']}"
            }

    def hand_over(self) -> None:
        if self.file is not None:
            copy = sqlite3.connect(self.file)
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            copy.close()

    def rows(self) -> list[tuple[str, str, str]]:
        """(recipient, state, Message-ID) of every email."""
        if self.file is None:
            return list(OutgoingEmail.objects.values_list("recipient", "state", "message_id"))
        db = sqlite3.connect(self.file, timeout=20)
        try:
            return db.execute(
                "SELECT recipient, state, message_id FROM core_outgoingemail"
            ).fetchall()
        finally:
            db.close()

    def count(self, state: str) -> int:
        return sum(row[1] == state for row in self.rows())


def test_a_worker_killed_in_the_middle_of_a_batch_loses_no_email(tmp_path):
    inbox = HeldInbox(accept=8)
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    outbox = Outbox(tmp_path)
    env = environment(
        tmp_path,
        **outbox.env,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
    )
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]  # the embedded database: var/dienhinh.sqlite3
    for n in range(BATCH):
        send_once(key=f"batch:{n}", to=f"p{n}@example.vn", subject=f"Thư {n}", body="Nội dung")
    outbox.hand_over()
    worker = None
    try:
        worker = start_worker(env, tmp_path)
        # The worker's 9th send waits for the server's answer: killed there.
        _wait_until(lambda: len(inbox.messages) >= 8 and outbox.count("sent") == 8)
        worker.kill()
        at_kill = len(inbox.messages)
        inbox.release.set()  # the server answers the dead connection (accepted: a duplicate)
        assert at_kill == 8
        assert outbox.count("pending") == BATCH - 8

        worker = start_worker(env, tmp_path)
        _wait_until(lambda: outbox.count("sent") == BATCH and len(inbox.messages) >= BATCH)
    finally:
        if worker is not None:
            worker.stop()
        smtp.stop()

    message_ids = {recipient: message_id for recipient, _state, message_id in outbox.rows()}
    received = Counter(to for to, _id in inbox.messages)
    assert set(received) == {f"p{n}@example.vn" for n in range(BATCH)}
    duplicates = [to for to, times in received.items() if times > 1]
    assert len(duplicates) <= 1 and max(received.values()) <= 2, received
    for to, message_id in inbox.messages:
        assert message_id == message_ids[to]  # a resend folds into the first
    print(f"delivered before the kill: {at_kill}; duplicates: {duplicates}")
