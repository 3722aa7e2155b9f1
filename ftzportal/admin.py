"""The outbox in the admin: what is waiting, what failed, and a way to send it again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import OutboundMail, OutboundMailStatus


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "topic", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status", "topic"]
    search_fields = ["key"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutboundMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = outbox.retry_failed(queryset.exclude(status=OutboundMailStatus.SENT))
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count) % {"count": count},
            messages.SUCCESS,
        )
