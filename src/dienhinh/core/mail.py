"""Sending email at most once per purpose, so background jobs can safely run twice."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from dienhinh.core.models import SentEmail


def send_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send one email unless one with ``key`` was already sent; True when sent now.

    The key row is written first inside a transaction, so two workers running the same job
    cannot both send; if sending fails the row is rolled back and a retry sends again.
    """
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key[:255], recipient=to, subject=subject[:255])
            send_mail(subject, body, None, [to])
    except IntegrityError:
        return False
    return True
