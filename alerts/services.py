"""Search alerts: subscribe (double opt-in by a signed link), confirm, send digests,
unsubscribe. Writes happen here; views and the command only call these. Mails are queued
in the outbox (ftzportal.outbox) in the transaction that writes the subscription; the
worker sends them."""

import logging
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ftzportal import lists
from ftzportal.outbox import enqueue_mail

from .models import Subscription

logger = logging.getLogger(__name__)

CONFIRM_SALT = "alerts.subscription.confirm"
DIGEST_LIMIT = 50
# Not part of what a list shows: the page number and the order.
NOT_FILTERS = {"page", "ordering"}


def filterset_for(kind: str, query: str):
    resource = lists.get(kind)
    return resource.filterset_class(QueryDict(query), queryset=resource.queryset())


def normalise_query(kind: str, query) -> str | None:
    """The list's filter as a canonical query string (filter names only, empty values
    and page/ordering left out, sorted), or None when the filter is not valid."""
    names = set(lists.get(kind).filterset_class.base_filters) - NOT_FILTERS
    pairs = sorted((name, value.strip()) for name in names for value in query.getlist(name) if value.strip())
    normalised = QueryDict(mutable=True)
    for name, value in pairs:
        normalised.appendlist(name, value)
    text = normalised.urlencode()
    return text if filterset_for(kind, text).is_valid() else None


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def confirmation_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.pk))


def subscription_request(
    *, email: str, kind: str, query: str, frequency: str, submission_key: str = ""
) -> Subscription:
    """Create (or renew) an unconfirmed subscription and queue the confirmation link in the
    same transaction. An address that already follows this search confirmed gets no new
    e-mail, and the visitor sees the same page either way (nobody learns who subscribes to
    what). The same form posted twice (`submission_key`) queues one e-mail."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        subscription, _created = Subscription.objects.get_or_create(
            email=email.strip().lower(), list_kind=kind, query=query, defaults={"frequency": frequency}
        )
        if subscription.is_confirmed and subscription.unsubscribed_at is None:
            return subscription
        subscription.frequency = frequency
        subscription.language = language
        subscription.confirmed_at = None
        subscription.unsubscribed_at = None
        subscription.save()
        queue_confirmation(subscription, request_key=submission_key or secrets.token_hex(16))
    return subscription


def queue_confirmation(subscription: Subscription, *, request_key: str):
    with translation.override(subscription.language):
        confirm_url = absolute(reverse("alerts:confirm", args=[confirmation_token(subscription)]))
        context = {
            "subscription": subscription,
            "confirm_url": confirm_url,
            "list_url": absolute(subscription.list_url()),
            "max_age_days": settings.ALERT_CONFIRMATION_MAX_AGE_DAYS,
        }
        return _queue(
            subscription,
            key=f"alert:{subscription.pk}:confirm:{request_key}",
            topic="alert-confirmation",
            subject=str(_("Confirm your search alert")),
            template="alerts/email/confirm.txt",
            context=context,
        )


def subscription_by_confirmation_token(token: str) -> Subscription | None:
    """The active subscription a confirmation link names, unchanged; None when the link
    was altered, forged or is older than ALERT_CONFIRMATION_MAX_AGE_DAYS."""
    max_age = settings.ALERT_CONFIRMATION_MAX_AGE_DAYS * 24 * 60 * 60
    try:
        pk = int(signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age))
    except (signing.BadSignature, ValueError):
        return None
    return Subscription.objects.filter(pk=pk, unsubscribed_at__isnull=True).first()


def subscription_confirm(token: str) -> Subscription | None:
    """The subscription a confirmation link names, now confirmed; None when the link is
    not valid (see subscription_by_confirmation_token)."""
    subscription = subscription_by_confirmation_token(token)
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        now = timezone.now()
        # The first digest covers what changes from now on, not the list's whole history.
        Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=now, high_water_mark=now)
        subscription.confirmed_at = subscription.high_water_mark = now
    return subscription


def subscription_unsubscribe(token: str) -> Subscription | None:
    subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if subscription is not None and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def _queue(subscription: Subscription, *, key: str, topic: str, subject: str, template: str, context: dict):
    unsubscribe_url = absolute(subscription.get_unsubscribe_url())
    body = render_to_string(template, {**context, "unsubscribe_url": unsubscribe_url})
    return enqueue_mail(
        key=key,
        topic=topic,
        to=[subscription.email],
        subject=subject,
        body=body,
        object_id=subscription.pk,
        headers={
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def new_entries(subscription: Subscription, until):
    """Published entries matching the subscription's filter, changed after its high-water
    mark and not after `until`, newest first."""
    filterset = filterset_for(subscription.list_kind, subscription.query)
    if not filterset.is_valid():
        return None
    since = subscription.high_water_mark or subscription.confirmed_at
    return filterset.qs.filter(updated_at__gt=since, updated_at__lte=until).order_by("-updated_at", "-pk")


def send_digest(subscription: Subscription, *, now=None) -> bool:
    """Queue one digest for one subscription. Each change is sent once: the high-water mark
    moves to `now`, in the transaction that queues the mail, whether or not anything was
    new. Returns whether an e-mail was queued."""
    now = now or timezone.now()
    entries = new_entries(subscription, now)
    if entries is None:
        logger.warning("Subscription %s has a filter that is no longer valid; skipped.", subscription.pk)
        return False
    resource = lists.get(subscription.list_kind)
    with translation.override(subscription.language), transaction.atomic():
        rows = [
            {"title": resource.title_of(entry), "url": absolute(entry.get_absolute_url())}
            for entry in entries[:DIGEST_LIMIT]
        ]
        if rows:
            context = {
                "subscription": subscription,
                "entries": rows,
                "more": max(entries.count() - DIGEST_LIMIT, 0) if len(rows) == DIGEST_LIMIT else 0,
                "list_url": absolute(subscription.list_url()),
            }
            _queue(
                subscription,
                key=f"alert:{subscription.pk}:digest:{now.isoformat()}",
                topic="alert-digest",
                subject=str(_("New entries for your search")),
                template="alerts/email/digest.txt",
                context=context,
            )
        Subscription.objects.filter(pk=subscription.pk).update(
            high_water_mark=now, last_sent_at=now if rows else subscription.last_sent_at
        )
    return bool(rows)


def send_digests(frequency: str | None = None) -> int:
    """Digests for every confirmed, active subscription (of one frequency, if given)."""
    subscriptions = Subscription.objects.active()
    if frequency:
        subscriptions = subscriptions.filter(frequency=frequency)
    now = timezone.now()
    return sum(send_digest(subscription, now=now) for subscription in subscriptions.order_by("pk"))
