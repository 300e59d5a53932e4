"""Notifications really leave through SMTP: a server started by the test receives them."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from dienhinh.nominations.enums import Action
from dienhinh.nominations.notifications import send_transition_emails
from dienhinh.nominations.workflow import Decision, transition_nomination


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "dienhinh.core.mail_backend.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": controller.port,
                "use_tls": False,
                "timeout": 10,
            },
        }
    }
    yield inbox
    controller.stop()


def test_a_returned_dossier_reaches_the_officer_by_smtp_in_vietnamese(
    world, make_nomination, smtp_server
):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    transition_nomination(
        nomination,
        action=Action.RETURN,
        by=world.reviewer,
        decision=Decision(reason="Bổ sung ảnh hoạt động"),
    )
    entry = nomination.transitions.get(action=Action.RETURN)
    assert send_transition_emails(entry.pk) == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["officer_a@example.vn"]
    subject = message["Subject"]
    assert subject == "Hồ sơ của đơn vị bị trả lại để bổ sung: Nguyễn Thị Mai"
    body = message.get_content()
    assert "Bổ sung ảnh hoạt động" in body
