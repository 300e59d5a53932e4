"""SMTP backend that keeps the spaces in Vietnamese subjects.

Python before 3.13 drops the space between two RFC 2047 encoded words when it folds a long
non-ASCII header, so "bị trả lại để bổ sung" reaches the reader as "bị trả lạiđể bổ sung".
Vietnamese subjects are almost always long enough to be folded. The legacy
``email.header.Header`` encoder splits inside the encoded words and keeps every space, so
this policy uses it for the Subject; every other header is folded as usual.
"""

import email.policy
import smtplib
from email.header import Header

from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend


class SubjectSafePolicy(email.policy.EmailPolicy):
    def _fold(self, name, value, refold_binary=False):
        text = str(value)
        if name.lower() == "subject" and not text.isascii():
            encoded = Header(
                text, "utf-8", header_name=name, maxlinelen=self.max_line_length
            ).encode(linesep=self.linesep)
            return f"{name}: {encoded}{self.linesep}"
        return super()._fold(name, value, refold_binary=refold_binary)


SMTP_POLICY = SubjectSafePolicy().clone(linesep="\r\n")


class EmailBackend(DjangoSMTPBackend):
    def _send(self, email_message):
        # Django's own _send, with the subject-safe policy instead of email.policy.SMTP.
        if not email_message.recipients():
            return False
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(addr) for addr in email_message.recipients()]
        message = email_message.message(policy=SMTP_POLICY)
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes())
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
