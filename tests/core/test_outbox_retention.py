"""The outbox keeps sent emails OUTBOX_RETENTION_DAYS (90) and no longer: manage.py
purge_sent_emails deletes the older sent ones, never a pending or failed one whatever its
age, and the worker runs it every day (core.periodic) without anyone scheduling it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dienhinh.core.models import OutgoingEmail
from dienhinh.core.tasks import purge_sent_emails_task

State = OutgoingEmail.State


def _email(key, state, *, days_ago):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return OutgoingEmail.objects.create(
        key=key,
        recipient="nguoi.nhan@example.vn",
        subject=key,
        body="…",
        state=state,
        created_at=at,
        next_attempt_at=at,
        sent_at=at if state == State.SENT else None,
    )


def _outbox():
    _email("sent-long-ago", State.SENT, days_ago=91)
    _email("sent-lately", State.SENT, days_ago=89)
    _email("pending-long-ago", State.PENDING, days_ago=400)
    _email("failed-long-ago", State.FAILED, days_ago=400)


def _keys():
    return sorted(OutgoingEmail.objects.values_list("key", flat=True))


@pytest.mark.django_db
def test_the_command_deletes_only_the_emails_sent_before_the_retention(world, plan):
    from tests.factories import make_nomination

    _outbox()
    dossier = make_nomination(plan, world.unit_a, by=world.officer_a, photo=False)
    dossier.emails.add(OutgoingEmail.objects.get(key="sent-long-ago"))
    out = StringIO()
    call_command("purge_sent_emails", stdout=out)
    assert "1 emails sent more than 90 days ago deleted" in out.getvalue()
    assert _keys() == ["failed-long-ago", "pending-long-ago", "sent-lately"]
    assert not dossier.emails.exists()  # the link went with the email, the dossier stays
    call_command("purge_sent_emails", stdout=out)  # again: nothing more
    assert len(_keys()) == 3


@pytest.mark.django_db
def test_the_retention_is_a_setting(settings):
    _outbox()
    settings.OUTBOX_RETENTION_DAYS = 30
    call_command("purge_sent_emails", verbosity=0)
    assert _keys() == ["failed-long-ago", "pending-long-ago"]


def _waiting():
    return list(
        DBTaskResult.objects.filter(status="READY", task_path=purge_sent_emails_task.module_path)
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_the_worker_purges_when_it_starts_and_queues_the_next_run_a_day_later(world):
    DBTaskResult.objects.all().delete()
    _outbox()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert _keys() == ["failed-long-ago", "pending-long-ago", "sent-lately"]
    (following,) = _waiting()
    wait = following.run_after - timezone.now()
    assert datetime.timedelta(hours=23) < wait <= datetime.timedelta(days=1)
    # A second worker starting (or the same one again) queues no second run.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert [row.pk for row in _waiting()] == [following.pk]
