"""The real worker (``manage.py db_worker``) killed with SIGKILL in the middle of a batch of
30 emails to a real SMTP server, then started again: every email arrives, and a duplicate
can only be the one email whose sending the kill interrupted after the server accepted it,
with the same Message-ID. PostgreSQL: the worker and the test share the suite's database,
and rows are locked while they are sent (SKIP LOCKED); SQLite: the worker runs on a file
of its own holding the test's database, as the embedded mode does."""

import asyncio
import threading
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from dienhinh.core.mail import send_once
from tests.conftest import free_port
from tests.faults.processes import WorkerDatabase, start_worker

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


def _states(database: WorkerDatabase) -> Counter:
    return Counter(state for (state,) in database.rows("SELECT state FROM core_outgoingemail"))


def test_a_worker_killed_in_the_middle_of_a_batch_loses_no_email(tmp_path):
    inbox = HeldInbox(accept=8)
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    database = WorkerDatabase(tmp_path)
    env = database.environment(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
    )
    for n in range(BATCH):
        send_once(key=f"batch:{n}", to=f"p{n}@example.vn", subject=f"Thư {n}", body="Nội dung")
    database.hand_over()
    worker = None
    try:
        worker = start_worker(env, tmp_path)
        # The worker's 9th send waits for the server's answer: killed there.
        _wait_until(lambda: len(inbox.messages) >= 8 and _states(database)["sent"] == 8)
        worker.kill()
        at_kill = len(inbox.messages)
        inbox.release.set()  # the server answers the dead connection (accepted: a duplicate)
        assert at_kill == 8
        assert _states(database)["pending"] == BATCH - 8

        worker = start_worker(env, tmp_path)
        _wait_until(lambda: _states(database)["sent"] == BATCH and len(inbox.messages) >= BATCH)
    finally:
        if worker is not None:
            worker.stop()
        smtp.stop()

    message_ids = dict(database.rows("SELECT recipient, message_id FROM core_outgoingemail"))
    received = Counter(to for to, _id in inbox.messages)
    assert set(received) == {f"p{n}@example.vn" for n in range(BATCH)}
    duplicates = [to for to, times in received.items() if times > 1]
    assert len(duplicates) <= 1 and max(received.values()) <= 2, received
    for to, message_id in inbox.messages:
        assert message_id == message_ids[to]  # a resend folds into the first
    print(f"delivered before the kill: {at_kill}; duplicates: {duplicates}")
