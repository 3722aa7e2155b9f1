"""A failing mail server never loses or duplicates an inquiry: its mails wait in the
outbox and the worker sends each once when the server is back.

The honeypot, CSRF and rate-limit behaviour of the form is tested with the website
(tests/investments/); here: what happens after the form, when e-mail goes wrong. The
outbox itself (leases, backoff, failed mails) is tested in tests/ftzportal/test_outbox.py.
"""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from ftzportal.logging import KeyValueFormatter, RequestIdFilter
from ftzportal.models import OutboundMail, OutboundMailStatus
from investments.models import Inquiry
from investments.services import inquiry_create

from . import failing_mail

INVESTOR_EMAIL = "aigerim.investor@example.kz"
HANDLERS = ["inquiries@ftz.example.org"]
FAILING_BACKEND = "tests.security.failing_mail.FailingEmailBackend"
WORKING_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def mail_server_down(settings):
    settings.INQUIRY_NOTIFICATION_EMAILS = HANDLERS
    settings.EMAIL_BACKEND = FAILING_BACKEND
    # Retries are due at once, so each sweep below is one more attempt.
    settings.MAIL_RETRY_BASE_SECONDS = 0
    failing_mail.ATTEMPTS.clear()
    return settings


def submit_inquiry():
    return inquiry_create(
        name="Aigerim Test",
        email=INVESTOR_EMAIL,
        message="We would like to discuss a logistics warehouse in Horgos.",
        consent=True,
        company="Steppe Logistics Test LLP",
        country="KZ",
    )


def formatted_log(caplog) -> str:
    """The records as the production formatter writes them, tracebacks included."""
    formatter, request_filter = KeyValueFormatter(), RequestIdFilter()
    lines = []
    for record in caplog.records:
        request_filter.filter(record)
        lines.append(formatter.format(record))
    return "\n".join(lines)


@pytest.mark.django_db
def test_failed_mails_keep_the_inquiry_once_and_stay_queued(mail_server_down, deliver_mail):
    inquiry = submit_inquiry()
    assert failing_mail.ATTEMPTS == [], "nothing is sent while the inquiry is stored"

    assert deliver_mail() == {"retry": 2}

    # The handlers' notification and the investor's confirmation, each attempted once.
    assert failing_mail.ATTEMPTS == [1, 1]
    assert Inquiry.objects.count() == 1
    inquiry.refresh_from_db()
    assert inquiry.notified_at is None and inquiry.confirmation_sent_at is None
    queued = OutboundMail.objects.filter(object_id=inquiry.pk)
    assert sorted(queued.values_list("topic", "status", "attempts")) == [
        ("inquiry-confirmation", OutboundMailStatus.PENDING, 1),
        ("inquiry-notification", OutboundMailStatus.PENDING, 1),
    ]
    assert all("SMTPServerDisconnected" in error for error in queued.values_list("last_error", flat=True))
    assert mail.outbox == []


@pytest.mark.django_db
def test_failed_mail_is_logged_without_the_investors_address(mail_server_down, deliver_mail, caplog):
    inquiry = submit_inquiry()
    with caplog.at_level(logging.WARNING, logger="ftzportal.outbox"):
        deliver_mail()

    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 2
    written = formatted_log(caplog)
    assert "inquiry-notification" in written and "inquiry-confirmation" in written
    assert INVESTOR_EMAIL not in written and "Aigerim" not in written
    stored_errors = " ".join(OutboundMail.objects.filter(object_id=inquiry.pk).values_list("last_error", flat=True))
    assert INVESTOR_EMAIL not in stored_errors


@pytest.mark.django_db
def test_when_the_server_is_back_each_mail_is_sent_once(mail_server_down, deliver_mail):
    inquiry = submit_inquiry()
    deliver_mail()
    deliver_mail()
    assert failing_mail.ATTEMPTS == [1, 1, 1, 1]

    mail_server_down.EMAIL_BACKEND = WORKING_BACKEND
    assert deliver_mail() == {"sent": 2}
    assert deliver_mail() == {}, "a sent mail is never sent again"

    assert sorted(message.to[0] for message in mail.outbox) == sorted([HANDLERS[0], INVESTOR_EMAIL])
    notification = next(message for message in mail.outbox if message.to == HANDLERS)
    assert f"#{inquiry.pk}" in notification.subject
    inquiry.refresh_from_db()
    assert inquiry.notified_at is not None and inquiry.confirmation_sent_at is not None
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_website_form_answers_at_once_while_the_mail_server_is_down(client, mail_server_down):
    mail_server_down.INQUIRY_RATE_LIMIT = "100/h"
    response = client.post(
        reverse("investments:inquiry-create"),
        {
            "name": "Aigerim Test",
            "email": INVESTOR_EMAIL,
            "message": "Please send the incentive list for Kashgar.",
            "consent": "on",
            "website": "",
        },
    )

    assert response.status_code == 302, "the investor sees success, not a mail error"
    assert failing_mail.ATTEMPTS == [], "the request never talks to the mail server"
    inquiry = Inquiry.objects.get(email=INVESTOR_EMAIL)
    assert OutboundMail.objects.filter(object_id=inquiry.pk, status=OutboundMailStatus.PENDING).count() == 2


def test_log_formatter_masks_addresses_that_reach_a_message():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "refused for %s", (INVESTOR_EMAIL,), None)
    assert INVESTOR_EMAIL not in KeyValueFormatter().format(record)


def post_inquiry_from(client, address: str):
    return client.post(
        reverse("investments:inquiry-create"),
        {"name": "Rate Test", "email": "rate@example.com", "message": "Hello", "consent": "on", "website": ""},
        headers={"X-Real-IP": address},
    )


@pytest.mark.django_db
def test_behind_the_proxy_each_visitor_has_its_own_rate_limit(client, settings):
    # Every request reaches gunicorn from the proxy's address; the proxy names the visitor.
    settings.INQUIRY_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Real-IP"

    assert post_inquiry_from(client, "203.0.113.10").status_code == 302
    assert post_inquiry_from(client, "203.0.113.20").status_code == 302
    assert post_inquiry_from(client, "203.0.113.10").status_code == 429
    assert Inquiry.objects.count() == 2
