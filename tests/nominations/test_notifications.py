"""Emails about transitions go through the database task queue, once per person."""

import pytest
from django.core import mail
from django.core.management import call_command

from dienhinh.core.mail import deliver_due
from dienhinh.core.models import OutgoingEmail
from dienhinh.nominations.enums import Action
from dienhinh.nominations.notifications import send_transition_emails
from dienhinh.nominations.workflow import Decision, transition_nomination


def run_worker():
    # The worker closes its database connection when it is done, as a real worker must:
    # these tests therefore commit for real (transaction=True) instead of running inside
    # one rolled-back transaction.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


worker_test = pytest.mark.django_db(transaction=True)


@worker_test
def test_submit_emails_the_next_level_reviewers_after_commit(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    assert mail.outbox == []  # queued, not sent inside the request
    run_worker()
    assert [m.to for m in mail.outbox] == [["reviewer@example.vn"]]
    message = mail.outbox[0]
    assert "Nguyễn Thị Mai" in message.subject
    assert f"/dossiers/{nomination.pk}/" in message.body


@worker_test
def test_return_emails_the_officers_with_the_reason(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    run_worker()
    mail.outbox.clear()
    transition_nomination(
        nomination,
        action=Action.RETURN,
        by=world.reviewer,
        decision=Decision(reason="Bổ sung ảnh tập thể"),
    )
    run_worker()
    assert [m.to for m in mail.outbox] == [["officer_a@example.vn"]]
    assert "Bổ sung ảnh tập thể" in mail.outbox[0].body
    # The officer is sent straight to the edit page, where the reason heads the form.
    assert f"/dossiers/{nomination.pk}/edit/" in mail.outbox[0].body


def test_running_the_job_twice_sends_nothing_twice(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    entry = nomination.transitions.get()
    assert send_transition_emails(entry.pk) == 1
    assert send_transition_emails(entry.pk) == 0
    assert deliver_due() == 1 and deliver_due() == 0
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1
