"""The mail outbox: every e-mail the portal sends goes through here.

`enqueue_mail` is called inside the transaction that writes the row a mail is about (an
inquiry, a reply, a subscription): the mail and the task that sends it are committed with
that row or not at all, and no request waits for a mail server.

Delivery is at least once and, once a send has succeeded, never again:
- `deliver` leases the mail (one UPDATE that only succeeds for a due, unleased, pending
  mail), so two workers never send it together;
- a failed send is retried with exponential backoff (a task enqueued with `run_after`)
  until MAIL_MAX_ATTEMPTS, then marked failed for the admin's retry action;
- a worker killed mid-send leaves its lease to run out; the worker's sweep (`deliver_due`)
  then sends the mail again. Only that window (after the server accepted the message,
  before the row was marked sent) can repeat a mail, and the repeat carries the same
  Message-ID, derived from the idempotency key, so mail systems and clients drop it.
"""

import hashlib
import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from .models import OutboundMail, OutboundMailStatus

logger = logging.getLogger(__name__)

# Sent after a mail was delivered, with `mail` (the OutboundMail): apps record it on their
# own rows (an inquiry's `notified_at`, say) without the base knowing them.
mail_sent = Signal()

MAX_RETRY_DELAY = timedelta(hours=1)
SWEEP_BATCH = 200


def enqueue_mail(
    *, key: str, topic: str, to: list[str], subject: str, body: str, headers=None, object_id=None
) -> OutboundMail:
    """Queue one mail in the caller's transaction. A key already queued is not queued
    again: a retried request or a double-submitted form sends one mail."""
    from .tasks import deliver_mail

    with transaction.atomic():
        mail, created = OutboundMail.objects.get_or_create(
            key=key,
            defaults={
                "topic": topic,
                "object_id": object_id,
                "to": list(to),
                "subject": str(subject)[:255],
                "body": body,
                "headers": dict(headers or {}),
            },
        )
        if created:
            deliver_mail.enqueue(mail.pk)
    return mail


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … doubling after each failed attempt, at most an hour."""
    delay = timedelta(seconds=settings.MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return min(delay, MAX_RETRY_DELAY)


def message_id(key: str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def deliver(mail_id: int, *, now=None) -> str:
    """Send one mail if it is due and no other worker holds it. Returns what happened:
    "sent", "retry", "failed" or "skipped"."""
    from .tasks import deliver_mail

    now = now or timezone.now()
    lease = timedelta(seconds=settings.MAIL_LEASE_SECONDS)
    claimed = (
        OutboundMail.objects.due(now).filter(pk=mail_id).update(leased_until=now + lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    mail = OutboundMail.objects.get(pk=mail_id)
    message = EmailMessage(
        subject=mail.subject, body=mail.body, to=mail.to, headers={**mail.headers, "Message-ID": message_id(mail.key)}
    )
    try:
        message.send()
    except Exception as error:
        # The error's class and text, never the recipients or the body.
        last_error = f"{type(error).__name__}: {error}"[:500]
        if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
            OutboundMail.objects.filter(pk=mail_id).update(
                status=OutboundMailStatus.FAILED, leased_until=None, last_error=last_error
            )
            logger.error("Mail %s (%s) failed %s times; given up.", mail_id, mail.topic, mail.attempts)
            return "failed"
        next_attempt_at = timezone.now() + retry_delay(mail.attempts)
        with transaction.atomic():
            OutboundMail.objects.filter(pk=mail_id).update(
                leased_until=None, next_attempt_at=next_attempt_at, last_error=last_error
            )
            deliver_mail.using(run_after=next_attempt_at).enqueue(mail_id)
        logger.warning("Mail %s (%s) failed (try %s); next %s.", mail_id, mail.topic, mail.attempts, next_attempt_at)
        return "retry"
    sent_at = timezone.now()
    OutboundMail.objects.filter(pk=mail_id).update(
        status=OutboundMailStatus.SENT, sent_at=sent_at, leased_until=None, last_error="", body=""
    )
    mail.sent_at = sent_at
    mail_sent.send(sender=OutboundMail, mail=mail)
    return "sent"


def deliver_due(*, now=None, limit: int = SWEEP_BATCH) -> dict[str, int]:
    """Send every mail that is due and unleased: those whose task was lost or whose worker
    died holding them. The worker runs this every MAIL_SWEEP_SECONDS."""
    now = now or timezone.now()
    outcomes: dict[str, int] = {}
    due = OutboundMail.objects.due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    for mail_id in list(due[:limit]):
        outcome = deliver(mail_id, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def retry_failed(queryset) -> int:
    """The admin's retry action: failed (or stuck) mails become due now, with a fresh task."""
    from .tasks import deliver_mail

    count = 0
    with transaction.atomic():
        for mail_id in list(queryset.exclude(status=OutboundMailStatus.SENT).values_list("pk", flat=True)):
            OutboundMail.objects.filter(pk=mail_id).update(
                status=OutboundMailStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), leased_until=None
            )
            deliver_mail.enqueue(mail_id)
            count += 1
    return count
