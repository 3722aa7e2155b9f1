"""The mail outbox (ftzportal.outbox): queued with its row, leased, retried with backoff,
never sent twice once sent, failed mails visible and retryable in the admin."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ftzportal import outbox
from ftzportal.models import OutboundMail, OutboundMailStatus
from tests.security import failing_mail

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.security.failing_mail.FailingEmailBackend"


def queue(key="test:1", **overrides):
    fields = {"key": key, "topic": "test", "to": ["investor@example.com"], "subject": "Hello", "body": "Body"}
    return outbox.enqueue_mail(**{**fields, **overrides})


def test_a_mail_and_its_task_are_committed_with_the_callers_transaction_or_not_at_all():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        assert OutboundMail.objects.count() == 1 and DBTaskResult.objects.count() == 1
        raise RuntimeError("the inquiry could not be stored")
    assert OutboundMail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0

    queue()
    assert OutboundMail.objects.count() == 1
    task = DBTaskResult.objects.get()
    assert task.task_path == "ftzportal.tasks.deliver_mail"
    assert task.args_kwargs["args"] == [OutboundMail.objects.get().pk]


def test_the_same_key_is_queued_once():
    first, second = queue(), queue(body="a second time")
    assert first.pk == second.pk
    assert OutboundMail.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert OutboundMail.objects.get().body == "Body"


def test_the_task_sends_the_mail_once_with_a_message_id_from_its_key(settings):
    mail_id = queue(headers={"List-Unsubscribe": "<https://example.com/u>"}).pk
    assert outbox.deliver(mail_id) == "sent"
    assert outbox.deliver(mail_id) == "skipped"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["investor@example.com"] and sent.subject == "Hello" and sent.body == "Body"
    assert sent.extra_headers["Message-ID"] == outbox.message_id("test:1")
    assert sent.extra_headers["List-Unsubscribe"] == "<https://example.com/u>"
    stored = OutboundMail.objects.get(pk=mail_id)
    assert stored.status == OutboundMailStatus.SENT and stored.sent_at is not None and stored.attempts == 1
    assert stored.body == "", "a sent body (it may hold a private link) is not kept"


def test_message_ids_are_stable_per_key_and_differ_between_keys():
    assert outbox.message_id("inquiry:1:notification") == outbox.message_id("inquiry:1:notification")
    assert outbox.message_id("inquiry:1:notification") != outbox.message_id("inquiry:1:confirmation")
    assert outbox.message_id("x").endswith("@localhost>")


def test_a_mail_leased_by_a_live_worker_is_not_sent_by_another():
    mail_id = queue().pk
    OutboundMail.objects.filter(pk=mail_id).update(leased_until=timezone.now() + timedelta(minutes=2), attempts=1)
    assert outbox.deliver(mail_id) == "skipped"
    assert outbox.deliver_due() == {}
    assert mail.outbox == []


def test_a_mail_whose_worker_died_is_sent_by_the_sweep_once_its_lease_runs_out():
    mail_id = queue().pk
    # A worker claimed it and was killed before sending: the lease is all that is left.
    OutboundMail.objects.filter(pk=mail_id).update(leased_until=timezone.now() - timedelta(seconds=1), attempts=1)
    assert outbox.deliver_due() == {"sent": 1}
    assert len(mail.outbox) == 1
    assert OutboundMail.objects.get(pk=mail_id).attempts == 2
    assert outbox.deliver_due() == {}


def test_retry_delays_double_from_the_base_up_to_an_hour(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 30
    assert [outbox.retry_delay(attempt).total_seconds() for attempt in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.retry_delay(40) == timedelta(hours=1)


def test_a_failed_send_is_retried_later_by_a_new_task_with_backoff(settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.MAIL_RETRY_BASE_SECONDS = 30
    failing_mail.ATTEMPTS.clear()
    mail_id = queue().pk
    before = timezone.now()

    assert outbox.deliver(mail_id) == "retry"

    stored = OutboundMail.objects.get(pk=mail_id)
    assert stored.status == OutboundMailStatus.PENDING and stored.attempts == 1 and stored.leased_until is None
    assert before + timedelta(seconds=29) < stored.next_attempt_at < timezone.now() + timedelta(seconds=31)
    assert "SMTPServerDisconnected" in stored.last_error
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == 2
    assert retry.run_after == stored.next_attempt_at
    # Not due yet: neither the task nor the sweep sends it before its time.
    assert outbox.deliver(mail_id) == "skipped" and outbox.deliver_due() == {}
    assert outbox.deliver_due(now=stored.next_attempt_at + timedelta(seconds=1)) == {"retry": 1}
    assert failing_mail.ATTEMPTS == [1, 1]


def test_after_the_last_attempt_a_mail_is_failed_and_the_admin_can_send_it_again(settings, client):
    from tests.factories import UserFactory

    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.MAIL_RETRY_BASE_SECONDS = 0
    settings.MAIL_MAX_ATTEMPTS = 3
    mail_id = queue().pk
    assert [outbox.deliver(mail_id) for _ in range(3)] == ["retry", "retry", "failed"]
    assert OutboundMail.objects.get(pk=mail_id).status == OutboundMailStatus.FAILED
    assert outbox.deliver_due() == {}

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:ftzportal_outboundmail_changelist")
    page = client.get(changelist + "?status__exact=failed").content.decode()
    assert "SMTPServerDisconnected" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(changelist, {"action": "send_again", "_selected_action": [mail_id]})
    assert response.status_code == 302
    assert OutboundMail.objects.get(pk=mail_id).status == OutboundMailStatus.PENDING
    assert outbox.deliver_due() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_sent_mails_cannot_be_sent_again_from_the_admin():
    mail_id = queue().pk
    outbox.deliver(mail_id)
    assert outbox.retry_failed(OutboundMail.objects.all()) == 0
    assert OutboundMail.objects.get(pk=mail_id).status == OutboundMailStatus.SENT
