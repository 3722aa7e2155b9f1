"""Partner keys in the admin: djangorestframework-api-key's own admin (the key is shown
once, on creation; only its hash is stored), plus when each key was last used."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

admin.site.unregister(APIKey)


@admin.register(APIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "last_used_at", "request_count"]
    list_filter = ["revoked", "created"]
    list_select_related = ["usage"]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "last_used_at", "request_count")

    @admin.display(description=_("last used"), ordering="usage__last_used_at")
    def last_used_at(self, api_key):
        usage = getattr(api_key, "usage", None)
        return usage.last_used_at if usage else None

    @admin.display(description=_("requests (approximate)"), ordering="usage__request_count")
    def request_count(self, api_key):
        usage = getattr(api_key, "usage", None)
        return usage.request_count if usage else 0
