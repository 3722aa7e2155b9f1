"""An e-mail backend whose server is down, for the notification-failure tests."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend

ATTEMPTS: list[int] = []


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        ATTEMPTS.append(len(email_messages))
        raise SMTPServerDisconnected("Connection unexpectedly closed")
