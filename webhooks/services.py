"""Webhook writes and deliveries. Deliveries run in the worker (webhooks.tasks); nothing
here is called inside a visitor's request except registration.

Order and at-least-once: an endpoint's events are sent one at a time in cursor order; the
cursor moves past an event only after a 2xx, so a failing receiver gets the same event
again (same `X-FTZ-Delivery` idempotency key) with exponential backoff, and the events
after it wait. After WEBHOOK_RETRY_HOURS of failures the endpoint is paused and its
contact told; resuming it in the admin or the API delivers everything it missed.
"""

import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from changes.api import ChangeEventSerializer
from changes.models import ChangeEvent
from ftzportal.outbox import enqueue_mail

from . import signing, targets
from .models import DeliveryKind, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# Events sent to one endpoint per task run; the task enqueues itself again for the rest.
BATCH = 100
MAX_DELAY = timedelta(hours=1)


def endpoint_register(*, api_key, url: str, resources=(), actions=(), contact_email: str = "") -> WebhookEndpoint:
    """A new endpoint for a partner key, after checking its target (TargetRefused if it
    may not receive webhooks). It receives the events that happen from now on."""
    targets.resolve(url)
    current = ChangeEvent.objects.aggregate(last=Max("id"))["last"] or 0
    return WebhookEndpoint.objects.create(
        api_key=api_key,
        url=url,
        resources=sorted(set(resources)),
        actions=sorted(set(actions)),
        contact_email=contact_email,
        cursor=current,
    )


def endpoint_resume(endpoint: WebhookEndpoint) -> None:
    """Un-pause: deliver everything since the last delivered event, from now."""
    from .tasks import deliver_endpoint_task

    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            is_active=True, paused_at=None, failing_since=None, failed_attempts=0, next_attempt_at=None
        )
        deliver_endpoint_task.enqueue(endpoint.pk)


def event_body(event: ChangeEvent) -> bytes:
    """The feed entry of the event, as GET /api/v1/changes/ shows it."""
    data = dict(ChangeEventSerializer(event).data)
    if data.get("url"):
        data["url"] = settings.PORTAL_BASE_URL.rstrip("/") + data["url"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def retry_delay(failed_attempts: int) -> timedelta:
    delay = timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(failed_attempts - 1, 0))
    return min(delay, MAX_DELAY)


def _post(endpoint: WebhookEndpoint, *, body: bytes, key: str, kind: str, event_id, attempt: int) -> WebhookDelivery:
    """One signed POST, logged whatever happens."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "FTZ-Portal-Webhooks/1",
        "X-FTZ-Delivery": key,
        "X-FTZ-Event": kind,
        **signing.signed_headers(endpoint.secret, body),
    }
    started = time.monotonic()
    status, excerpt, error = None, b"", ""
    try:
        status, excerpt = targets.post(endpoint.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    except targets.TargetRefused as refused:
        error = str(refused)
    except (OSError, ValueError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        kind=kind,
        idempotency_key=key,
        attempt=attempt,
        status_code=status,
        succeeded=status is not None and 200 <= status < 300,
        latency_ms=round((time.monotonic() - started) * 1000),
        error=error[:300],
        response_excerpt=excerpt.decode("utf-8", "replace")[:500],
    )


def delivery_key(endpoint_id: int, event_id: int) -> str:
    return f"{endpoint_id}-{event_id}"


def deliver_endpoint(endpoint_id: int, *, now=None) -> int:
    """Send an endpoint the events after its cursor, in order, until one fails or none is
    left. Returns how many were delivered. Holds a lease so one worker at a time sends to
    an endpoint (which keeps the order)."""
    from .tasks import deliver_endpoint_task

    now = now or timezone.now()
    lease = timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * (BATCH + 2))
    claimed = (
        WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True, paused_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=now + lease)
    )
    if not claimed:
        return 0
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    delivered = 0
    try:
        for event in list(endpoint.events_after_cursor()[:BATCH]):
            attempt = endpoint.failed_attempts + 1
            result = _post(
                endpoint,
                body=event_body(event),
                key=delivery_key(endpoint.pk, event.id),
                kind=DeliveryKind.EVENT,
                event_id=event.id,
                attempt=attempt,
            )
            if result.succeeded:
                endpoint.cursor, endpoint.failing_since, endpoint.failed_attempts = event.id, None, 0
                WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                    cursor=event.id, failing_since=None, failed_attempts=0, next_attempt_at=None
                )
                delivered += 1
                continue
            _record_failure(endpoint, attempt)
            return delivered
        if endpoint.events_after_cursor().exists():
            deliver_endpoint_task.enqueue(endpoint.pk)
        return delivered
    finally:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(leased_until=None)


def _record_failure(endpoint: WebhookEndpoint, attempt: int) -> None:
    from .tasks import deliver_endpoint_task

    now = timezone.now()
    failing_since = endpoint.failing_since or now
    if now - failing_since >= timedelta(hours=settings.WEBHOOK_RETRY_HOURS):
        with transaction.atomic():
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                paused_at=now, failing_since=failing_since, failed_attempts=attempt
            )
            if endpoint.contact_email:
                enqueue_mail(
                    key=f"webhook:{endpoint.pk}:paused:{now.isoformat()}",
                    topic="webhook-paused",
                    to=[endpoint.contact_email],
                    subject="FTZ Portal: your webhook endpoint was paused",
                    body=(
                        f"Deliveries to {endpoint.url} have failed since {failing_since:%Y-%m-%d %H:%M} UTC, "
                        "so the endpoint is paused. Fix the receiver, then resume the endpoint "
                        "(POST /api/v1/webhooks/{id}/resume/): it receives every event it missed, in order."
                    ).replace("{id}", str(endpoint.pk)),
                    object_id=endpoint.pk,
                )
        logger.warning("Webhook endpoint %s paused after failing since %s.", endpoint.pk, failing_since)
        return
    next_attempt_at = now + retry_delay(attempt)
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            failing_since=failing_since, failed_attempts=attempt, next_attempt_at=next_attempt_at
        )
        deliver_endpoint_task.using(run_after=next_attempt_at).enqueue(endpoint.pk)


def deliver_all(*, now=None) -> int:
    """Every endpoint with events waiting and no failure backoff running (the worker's
    sweep; also what picks up endpoints a killed worker left leased)."""
    now = now or timezone.now()
    endpoints = WebhookEndpoint.objects.filter(is_active=True, paused_at__isnull=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return sum(deliver_endpoint(pk, now=now) for pk in list(endpoints.values_list("pk", flat=True)))


def enqueue_for_event(event: ChangeEvent) -> None:
    """A new feed event: wake the endpoints that want it."""
    from .tasks import deliver_endpoint_task

    for endpoint in WebhookEndpoint.objects.filter(is_active=True, paused_at__isnull=True).only(
        "pk", "resources", "actions"
    ):
        if endpoint.wants(event.resource, event.action):
            deliver_endpoint_task.enqueue(endpoint.pk)


def send_test_event(endpoint_id: int) -> WebhookDelivery:
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    now = timezone.now()
    body = json.dumps(
        {
            "cursor": None,
            "resource": None,
            "slug": None,
            "action": "test",
            "tombstone": False,
            "occurred_at": now.isoformat(),
            "url": None,
        },
        separators=(",", ":"),
    ).encode()
    return _post(
        endpoint,
        body=body,
        key=f"{endpoint.pk}-test-{int(now.timestamp())}",
        kind=DeliveryKind.TEST,
        event_id=None,
        attempt=1,
    )


def redeliver(endpoint_id: int, event_id: int) -> WebhookDelivery:
    """Send one past event again, out of order, under its original idempotency key."""
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    event = ChangeEvent.objects.get(pk=event_id)
    previous = WebhookDelivery.objects.filter(endpoint=endpoint, event_id=event_id).count()
    return _post(
        endpoint,
        body=event_body(event),
        key=delivery_key(endpoint.pk, event.id),
        kind=DeliveryKind.REDELIVERY,
        event_id=event.id,
        attempt=previous + 1,
    )
