from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscription

EMAIL_PERMISSION = "alerts.view_email_subscription"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Who follows which search. Read-only: addresses come from the investors' own
    sign-ups; a publisher may delete one on request. The address itself (column, field,
    search) only for those with `view_email_subscription` (Publishers): Curators see which
    searches are followed, not by whom."""

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

    def sees_addresses(self, request) -> bool:
        return request.user.has_perm(EMAIL_PERMISSION)

    def get_list_display(self, request):
        if self.sees_addresses(request):
            return self.list_display
        return ["subscription", *[name for name in self.list_display if name != "email"]]

    def get_search_fields(self, request):
        if self.sees_addresses(request):
            return self.search_fields
        return [name for name in self.search_fields if name != "email"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if self.sees_addresses(request) else [name for name in fields if name != "email"]

    @admin.display(description=_("search alert"), ordering="pk")
    def subscription(self, obj):
        return f"#{obj.pk}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.is_confirmed
