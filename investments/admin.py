"""The curation admin for enterprises and projects, and the inquiry desk."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline

from ftzportal.curation_admin import CuratedImportExportAdmin, LastReviewedFilter
from ftzportal.facts import qualified
from ftzportal.pagination import EstimatedCountPaginator

from .models import Enterprise, Inquiry, InquiryReply, InquiryStatus, InquiryStatusChange, Project
from .resources import EnterpriseResource, ProjectResource
from .services import inquiry_assign, inquiry_reply, inquiry_set_status

NAME_SEARCH = ["name_en", "name_zh_hans", "name_ru", "slug"]


class LargeTableAdmin(CuratedImportExportAdmin):
    """A changelist of up to millions of rows: no exact count of the whole table on each
    page (the "N total" link is dropped, the page count is PostgreSQL's estimate when the
    list is not filtered), and related rows chosen by autocomplete, never by a select box
    listing every row."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # No date_hierarchy: its links list the distinct years of the whole filtered list, a
    # scan of every row on each page.


class ProjectInline(TranslationTabularInline):
    model = Project
    fields = ["name", "slug", "area", "industry", "status", "value", "currency", "signed_on"]
    autocomplete_fields = ["area", "industry"]
    prepopulated_fields = {"slug": ["name_en"]}
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area", "industry")


@admin.register(Enterprise)
class EnterpriseAdmin(LargeTableAdmin):
    resource_classes = [EnterpriseResource]
    list_display = [
        "name",
        "area",
        "industry_list",
        "origin",
        "settled_on",
        "publication_status",
        "is_sample",
        "last_reviewed",
        "translation_status",
    ]
    list_filter = [
        "publication_status",
        "area",
        "industries",
        "is_foreign_invested",
        "is_sample",
        LastReviewedFilter,
    ]
    list_select_related = ["area"]
    search_fields = NAME_SEARCH
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["area", "industries", "source"]
    ordering = ["name_en"]
    inlines = [ProjectInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("industries")

    @admin.display(description=_("industries"))
    def industry_list(self, obj):
        return ", ".join(industry.name for industry in obj.industries.all())

    @admin.display(description=_("origin"))
    def origin(self, obj):
        return obj.origin_label


@admin.register(Project)
class ProjectAdmin(LargeTableAdmin):
    resource_classes = [ProjectResource]
    list_display = [
        "name",
        "area",
        "enterprise",
        "industry",
        "status",
        "value_with_currency",
        "signed_on",
        "publication_status",
        "last_reviewed",
        "translation_status",
    ]
    list_filter = ["publication_status", "status", "area", "industry", "currency", "is_sample", LastReviewedFilter]
    list_select_related = ["area", "enterprise", "industry"]
    search_fields = [*NAME_SEARCH, "enterprise__name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["area", "enterprise", "industry", "source", "contact"]
    ordering = ["name_en"]
    sourced_values = ("value", "value_kind", "value_qualifier", "currency")
    checked_number = "value"
    checked_qualifier = "value_qualifier"

    @admin.display(description=_("contracted value"), ordering="value")
    def value_with_currency(self, obj):
        if obj.value is None:
            return "—"
        return qualified(f"{obj.value:,.2f} {obj.currency}", obj.value_qualifier)


class StatusChangeInline(admin.TabularInline):
    """The inquiry's status changes: a record, never edited."""

    model = InquiryStatusChange
    fields = ["changed_at", "old_status", "new_status", "changed_by"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class ReplyInline(admin.StackedInline):
    """The conversation on the investor's private page. A handler writes a public reply
    in the empty form: on save it is stored, shown on that page and e-mailed to the
    investor (investments.services.inquiry_reply). Sent messages are never edited."""

    model = InquiryReply
    fields = ["body", "from_investor", "author", "created_at", "emailed_at"]
    readonly_fields = ["from_investor", "author", "created_at", "emailed_at"]
    extra = 1
    max_num = None
    can_delete = False
    verbose_name = _("public reply")
    verbose_name_plural = _("conversation with the investor (public replies are e-mailed)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        # Existing messages show read-only; the add permission still allows a new reply.
        return False

    # Replies belong to the inquiry: whoever may handle inquiries may read and write them.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("investments.view_inquiry") or request.user.has_perm("investments.change_inquiry")

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("investments.change_inquiry")


def _status_action(status: InquiryStatus):
    """An admin action that moves the selected inquiries to `status`."""

    def action(modeladmin, request, queryset):
        changed = sum(
            inquiry_set_status(inquiry=inquiry, status=status, user=request.user) is not None for inquiry in queryset
        )
        modeladmin.message_user(
            request,
            ngettext("%(count)d inquiry marked “%(status)s”.", "%(count)d inquiries marked “%(status)s”.", changed)
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )

    action.__name__ = f"mark_{status.value.replace('-', '_')}"
    return admin.action(description=format_lazy(_("Mark as “{status}”"), status=status.label), permissions=["change"])(
        action
    )


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    """Handlers change an inquiry's status and assignee; what the investor wrote (and how
    it arrived) is shown read-only and cannot be changed."""

    list_display = ["name", "company", "created_at", "status", "interests", "assignee", "channel"]
    list_filter = ["status", "area", "industry", "channel", ("assignee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["area", "industry", "project", "assignee"]
    search_fields = ["name", "email", "company", "message", "partner_name"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    original_fields = [
        "name",
        "email",
        "company",
        "country",
        "area",
        "industry",
        "project",
        "message",
        "consent",
        "channel",
        "partner_name",
        "shortlist_entries",
        "created_at",
        "updated_at",
        "notified_at",
        "confirmation_sent_at",
    ]
    fields = ["status", "assignee", "contact", *original_fields]
    readonly_fields = original_fields
    inlines = [ReplyInline, StatusChangeInline]
    actions = [
        "assign_to_me",
        _status_action(InquiryStatus.IN_PROGRESS),
        _status_action(InquiryStatus.ANSWERED),
        _status_action(InquiryStatus.CLOSED),
    ]

    def has_add_permission(self, request):
        # Inquiries come from investors (website form, partner API), never from the admin.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The assignee is saved by the form; a status change goes through the service,
        # which records it with its author.
        new_status = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        inquiry_set_status(inquiry=obj, status=new_status, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not InquiryReply:
            return super().save_formset(request, form, formset, change)
        # New replies go through the service, which stores, e-mails and moves the status.
        for reply in formset.save(commit=False):
            if reply.pk is None and reply.body.strip():
                inquiry_reply(inquiry=form.instance, body=reply.body.strip(), user=request.user)
                self.message_user(request, _("Your reply was saved and e-mailed to the investor."), messages.SUCCESS)

    @admin.display(description=_("shortlist sent with the inquiry"))
    def shortlist_entries(self, obj):
        return "; ".join(f"{entry.get('title')} ({entry.get('kind')})" for entry in obj.shortlist or []) or "—"

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for inquiry in queryset:
            inquiry_assign(inquiry=inquiry, assignee=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d inquiry assigned to you.", "%(count)d inquiries assigned to you.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("interests"))
    def interests(self, obj):
        return " · ".join(str(interest) for interest in (obj.area, obj.industry, obj.project) if interest) or "—"
