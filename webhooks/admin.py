"""Webhook endpoints in the admin: who receives what, how deliveries went, and the
"send test event", "redeliver" and "resume" buttons of the partner API."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import WebhookDelivery, WebhookEndpoint
from .tasks import redeliver_task, send_test_event_task


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["attempted_at", "kind", "event_id", "attempt", "status_code", "succeeded", "latency_ms", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-attempted_at", "-pk"]
    show_change_link = True

    def get_queryset(self, request):
        # The latest attempts; the full log is under "Webhook deliveries".
        queryset = super().get_queryset(request)
        latest = list(queryset.order_by("-attempted_at", "-pk").values_list("pk", flat=True)[:20])
        return queryset.filter(pk__in=latest)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "api_key", "is_active", "paused_at", "cursor", "failing_since", "failed_attempts"]
    list_filter = ["is_active", ("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "api_key__name"]
    list_select_related = ["api_key"]
    autocomplete_fields = ["api_key"]
    readonly_fields = [
        "secret",
        "cursor",
        "failing_since",
        "failed_attempts",
        "next_attempt_at",
        # A worker's claim on the endpoint: a curator's save must not move or clear it.
        "leased_until",
        "paused_at",
        "created_at",
    ]
    inlines = [WebhookDeliveryInline]
    actions = ["send_test_event", "resume"]

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request, queryset):
        for endpoint in queryset:
            send_test_event_task.enqueue(endpoint.pk)
        self.message_user(request, _("Test events queued; see the delivery log."), messages.SUCCESS)

    @admin.action(description=_("Resume (deliver everything missed, in order)"))
    def resume(self, request, queryset):
        for endpoint in queryset:
            services.endpoint_resume(endpoint)
        self.message_user(request, _("Endpoints resumed."), messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["attempted_at", "endpoint", "kind", "event_id", "attempt", "status_code", "succeeded", "latency_ms"]
    list_filter = ["succeeded", "kind"]
    list_select_related = ["endpoint"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    show_full_result_count = False
    actions = ["redeliver"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Redeliver these events"))
    def redeliver(self, request, queryset):
        count = 0
        for delivery in queryset.exclude(event_id__isnull=True):
            redeliver_task.enqueue(delivery.endpoint_id, delivery.event_id)
            count += 1
        self.message_user(request, _("%(count)d events queued to be sent again.") % {"count": count}, messages.SUCCESS)
