"""What the portal records about partners' API keys beyond what djangorestframework-api-key
stores: when each key was last used, and roughly how much."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import APIKey


class PartnerKeyUsage(models.Model):
    """Usage of one partner key. Written at most once a minute per key (see
    `partners.services.record_key_use`), so `last_used_at` is accurate to the minute."""

    api_key = models.OneToOneField(
        APIKey, verbose_name=_("API key"), on_delete=models.CASCADE, related_name="usage", primary_key=True
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    request_count = models.PositiveBigIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("partner key usage")
        verbose_name_plural = _("partner key usage")
        ordering = ["-last_used_at"]

    def __str__(self):
        return str(self.api_key)
