"""Partner webhooks: endpoints a partner registers, and the log of every delivery attempt.

An endpoint keeps a cursor into the change feed (`ChangeEvent.id`): events after it that
match the endpoint's resources and actions are delivered one at a time, oldest first, and
the cursor moves only when the receiver answered 2xx. Nothing is queued per event, so no
event can be lost between the change and its delivery, and the order is the feed's.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import APIKey

from changes.models import Action, Resource


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    api_key = models.ForeignKey(
        APIKey, verbose_name=_("partner key"), on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=500)
    resources = models.JSONField(
        _("resources"), default=list, blank=True, help_text=_("Empty: every resource of the change feed.")
    )
    actions = models.JSONField(_("actions"), default=list, blank=True, help_text=_("Empty: every action."))
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret, editable=False)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Told when the endpoint is paused after a day of failures.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    # Delivery state: the last event delivered, the current run of failures, the lease.
    cursor = models.BigIntegerField(_("delivered up to event"), default=0)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    failed_attempts = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    leased_until = models.DateTimeField(_("held by a worker until"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self):
        return self.url

    def wants(self, resource: str, action: str) -> bool:
        return (not self.resources or resource in self.resources) and (not self.actions or action in self.actions)

    def events_after_cursor(self):
        from changes.models import ChangeEvent

        events = ChangeEvent.objects.filter(id__gt=self.cursor).order_by("id")
        if self.resources:
            events = events.filter(resource__in=self.resources)
        if self.actions:
            events = events.filter(action__in=self.actions)
        return events


class DeliveryKind(models.TextChoices):
    EVENT = "event", _("change event")
    REDELIVERY = "redelivery", _("redelivery")
    TEST = "test", _("test event")


class WebhookDelivery(models.Model):
    """One attempt to POST one event to one endpoint."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.BigIntegerField(_("event cursor"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DeliveryKind.choices, default=DeliveryKind.EVENT)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, db_index=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_excerpt = models.CharField(_("response excerpt"), max_length=500, blank=True)
    attempted_at = models.DateTimeField(_("attempted at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-attempted_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-attempted_at"], name="webhook_delivery_log")]

    def __str__(self):
        return f"{self.idempotency_key} #{self.attempt}"


RESOURCE_CHOICES = Resource.values
ACTION_CHOICES = Action.values
