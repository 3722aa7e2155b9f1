"""A failing mail server never loses or duplicates an inquiry; the retry sends it once.

The honeypot, CSRF and rate-limit behaviour of the form is tested with the website
(tests/investments/); here: what happens after the form, when e-mail goes wrong.
"""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ftzportal.logging import KeyValueFormatter, RequestIdFilter
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
    failing_mail.ATTEMPTS.clear()
    return settings


def submit_inquiry(capture_on_commit):
    # Callbacks run as they would after a real commit; the test transaction never commits.
    with capture_on_commit(execute=True):
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
def test_failed_notification_keeps_the_inquiry_exactly_once(mail_server_down, django_capture_on_commit_callbacks):
    inquiry = submit_inquiry(django_capture_on_commit_callbacks)

    # The handlers' notification and the investor's confirmation, each once.
    assert failing_mail.ATTEMPTS == [1, 1], "each e-mail was attempted once, after the commit"
    assert Inquiry.objects.count() == 1
    inquiry.refresh_from_db()
    assert inquiry.notified_at is None, "a failed notification must stay pending for the retry"
    assert mail.outbox == []


@pytest.mark.django_db
def test_failed_notification_is_logged_without_the_investors_address(
    mail_server_down, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="investments"):
        inquiry = submit_inquiry(django_capture_on_commit_callbacks)

    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    # One for the handlers' notification, one for the investor's confirmation.
    assert len(errors) == 2
    for error in errors:
        assert str(inquiry.pk) in error.getMessage()
        assert INVESTOR_EMAIL not in error.getMessage()
        assert error.exc_info is not None, "operators need the SMTP error to act on"
    written = formatted_log(caplog)
    assert "SMTPServerDisconnected" in written
    assert INVESTOR_EMAIL not in written
    assert "Aigerim" not in written


@pytest.mark.django_db
def test_retry_command_sends_a_failed_notification_once(mail_server_down, django_capture_on_commit_callbacks):
    inquiry = submit_inquiry(django_capture_on_commit_callbacks)

    mail_server_down.EMAIL_BACKEND = WORKING_BACKEND
    call_command("send_inquiry_notifications", verbosity=0)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == HANDLERS
    assert f"#{inquiry.pk}" in mail.outbox[0].subject
    inquiry.refresh_from_db()
    assert inquiry.notified_at is not None
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_second_retry_sends_nothing(mail_server_down, django_capture_on_commit_callbacks):
    submit_inquiry(django_capture_on_commit_callbacks)
    mail_server_down.EMAIL_BACKEND = WORKING_BACKEND
    call_command("send_inquiry_notifications", verbosity=0)

    call_command("send_inquiry_notifications", verbosity=0)

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_retry_while_the_server_is_still_down_keeps_the_inquiry_pending(
    mail_server_down, django_capture_on_commit_callbacks
):
    inquiry = submit_inquiry(django_capture_on_commit_callbacks)

    call_command("send_inquiry_notifications", verbosity=0)
    call_command("send_inquiry_notifications", verbosity=0)

    # Notification + confirmation at submission, then the two notification retries.
    assert failing_mail.ATTEMPTS == [1, 1, 1, 1]
    inquiry.refresh_from_db()
    assert inquiry.notified_at is None
    mail_server_down.EMAIL_BACKEND = WORKING_BACKEND
    call_command("send_inquiry_notifications", verbosity=0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_website_form_succeeds_while_the_mail_server_is_down(
    client, mail_server_down, django_capture_on_commit_callbacks
):
    mail_server_down.INQUIRY_RATE_LIMIT = "100/h"
    with django_capture_on_commit_callbacks(execute=True):
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
    assert failing_mail.ATTEMPTS == [1, 1]  # notification and investor confirmation
    assert Inquiry.objects.filter(email=INVESTOR_EMAIL).count() == 1


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
