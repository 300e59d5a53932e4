"""One-time form tokens: a double click or a resubmitted page creates one record, not two.

Every POST form a signed-in person is shown carries a hidden ``form_once`` field (the
``{% csrf_token %}`` tag of core/templatetags/once.py adds it, so no template can forget
it): a random nonce signed with the person's id and the time, valid 24 hours, stored
nowhere until it is used. ``core.web.once_per_submission`` consumes it on the views that
create a record or make a transition: the nonce's FormSubmission row is inserted in the
view's own transaction, so a second submission waits for the first and is then sent where
the first one led (the redirect kept in the row) instead of acting again.

A form without the field (a page older than this, a client without pages) is accepted as
before, without that protection; a token that expired or is another person's is refused
with a message, and nothing is saved.
"""

import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from dienhinh.core.idempotency import LIFETIME
from dienhinh.core.models import FormSubmission

FIELD = "form_once"
_SALT = "dienhinh.core.once"


class Refused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def issue(user) -> str:
    """A new token for one form shown to ``user``."""
    return signing.TimestampSigner(salt=_SALT).sign(f"{user.pk}:{secrets.token_hex(16)}")


def nonce_of(token: str, *, user) -> str:
    """The nonce of ``token`` if it is ``user``'s and less than a day old; else Refused."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        value = signer.unsign(token, max_age=LIFETIME)
    except signing.SignatureExpired:
        raise Refused(
            _(
                "This form was opened more than 24 hours ago, so it was not sent. Nothing "
                "was saved: check what it holds and send it again."
            )
        ) from None
    except signing.BadSignature:
        value = ""
    owner, _sep, nonce = value.partition(":")
    if owner != str(user.pk) or len(nonce) != 32:
        raise Refused(
            _(
                "This form was opened by another person or is damaged, so it was not sent. "
                "Nothing was saved: open the page again and send it from there."
            )
        )
    return nonce


def first_submission(nonce: str, *, user) -> FormSubmission | None:
    """Record the use of ``nonce`` inside the caller's transaction and return None, or return
    the earlier use. A parallel use waits for the first one's transaction (the unique
    index) and then sees it. Side effects: inserts the FormSubmission row."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(nonce=nonce, owner=user, redirect_to="")
    except IntegrityError:
        return FormSubmission.objects.filter(nonce=nonce).first()
    return None


def keep(nonce: str, *, redirect_to: str | None) -> None:
    """After the view answered: remember where it led, or forget the use when it did not
    lead anywhere (the form was shown again with its errors, and the page shown again
    carries a new token)."""
    if redirect_to:
        FormSubmission.objects.filter(nonce=nonce).update(redirect_to=redirect_to[:2000])
    else:
        FormSubmission.objects.filter(nonce=nonce).delete()
