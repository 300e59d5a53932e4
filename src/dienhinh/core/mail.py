"""Sending email at most once per purpose, so background jobs can safely run twice."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from dienhinh.core.models import SentEmail


def send_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send one email unless one with ``key`` was already sent; True when sent now.

    The key row is committed first, so two workers running the same job cannot both send;
    if sending fails the row is deleted again and a retry of the job sends it.
    """
    try:
        with transaction.atomic():
            record = SentEmail.objects.create(key=key[:255], recipient=to, subject=subject[:255])
    except IntegrityError:
        return False
    # Sent outside the transaction: a slow SMTP server must not hold SQLite's write lock.
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        record.delete()  # not sent: a retry of the job sends it
        raise
    return True
