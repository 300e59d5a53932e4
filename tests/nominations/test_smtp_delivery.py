"""Notifications really leave through SMTP: a server started by the test receives them."""

from dienhinh.core.mail import deliver_due
from dienhinh.nominations.enums import Action
from dienhinh.nominations.notifications import send_transition_emails
from dienhinh.nominations.workflow import Decision, transition_nomination


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
    assert deliver_due() == 1  # the outbox's task, as the worker runs it
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["officer_a@example.vn"]
    subject = message["Subject"]
    assert subject == "Hồ sơ của đơn vị bị trả lại để bổ sung: Nguyễn Thị Mai"
    body = message.get_content()
    assert "Bổ sung ảnh hoạt động" in body
