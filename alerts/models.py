"""E-mail alerts on a saved search: an address follows one filtered list (incentives,
enterprises or projects) and receives a digest of entries published or updated since the
last one. No account: the address is confirmed by a signed link (double opt-in), and every
e-mail carries a one-click unsubscribe link."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ftzportal import lists


class ListKind(models.TextChoices):
    """The filtered lists one can follow: their keys in `ftzportal.lists` (stored, so kept
    here as the column's choices; a test checks they name declared lists)."""

    INCENTIVES = "incentives", _("Incentives")
    ENTERPRISES = "enterprises", _("Enterprises")
    PROJECTS = "projects", _("Projects")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not unsubscribed: the ones digests go to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail"))
    list_kind = models.CharField(_("list"), max_length=20, choices=ListKind.choices)
    query = models.CharField(
        _("filter"),
        max_length=2000,
        blank=True,
        help_text=_("The list's query string, normalised (sorted, empty values and the page left out)."),
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    # Entries updated after this instant and not after the next run's start go into the next
    # digest, so each change is sent once.
    high_water_mark = models.DateTimeField(_("digest covers changes until"), null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_unsubscribe_token, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")
        constraints = [
            models.CheckConstraint(condition=Q(list_kind__in=ListKind.values), name="subscription_valid_list"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="subscription_valid_frequency"),
            models.UniqueConstraint(fields=["email", "list_kind", "query"], name="subscription_unique_search"),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"], name="subscription_due")]
        # The address is personal data: seen only by those who handle subscriptions
        # (Publishers, see setup_roles), not by everyone who may view them.
        permissions = [("view_email_subscription", _("Can see subscribers' e-mail addresses"))]

    def __str__(self):
        # No address: the title of admin pages that a Curator also sees.
        return f"#{self.pk} {self.list_kind}?{self.query}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def list_url(self) -> str:
        path = lists.get(self.list_kind).list_url()
        return f"{path}?{self.query}" if self.query else path

    def get_unsubscribe_url(self) -> str:
        return reverse("alerts:unsubscribe", args=[self.unsubscribe_token])
