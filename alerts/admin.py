from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Who follows which search. Read-only: addresses come from the investors' own
    sign-ups; a publisher may delete one on request."""

    list_display = ["email", "list_kind", "query", "frequency", "confirmed", "last_sent_at", "unsubscribed_at"]
    list_filter = ["list_kind", "frequency", ("confirmed_at", admin.EmptyFieldListFilter), "unsubscribed_at"]
    search_fields = ["email", "query"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "email",
        "list_kind",
        "query",
        "frequency",
        "language",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "last_sent_at",
        "high_water_mark",
    ]
    exclude = ["unsubscribe_token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.is_confirmed
