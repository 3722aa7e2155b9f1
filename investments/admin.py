"""The curation admin for enterprises and projects, and the inquiry desk."""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField as BooleanOutput
from django.db.models import Case, Count, F, Q, Value, When
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline

from ftzportal.curation_admin import CuratedImportExportAdmin, LastReviewedFilter
from ftzportal.downloads import CSV_CONTENT_TYPE, csv_cell
from ftzportal.facts import qualified
from ftzportal.pagination import EstimatedCountPaginator

from .desk import Period, desk
from .forms import DeskFilterForm
from .models import Enterprise, Inquiry, InquiryReply, InquiryStatus, InquiryStatusChange, Project
from .resources import EnterpriseResource, ProjectResource
from .services import inquiry_assign, inquiry_reply, inquiry_set_status

DESK_PERMISSION = "investments.view_inquiry_desk"

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


def inquiry_handlers():
    """Active staff who may change inquiries: the people an inquiry can be assigned to."""
    permission = Permission.objects.get(content_type__app_label="investments", codename="change_inquiry")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission))
        .distinct()
        .order_by("username")
    )


class HandlerChoiceField(forms.ModelChoiceField):
    """Offers the handlers; the value is the chosen user's id, checked by the action
    (so a wrong choice gets its own message rather than "No action selected")."""

    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def validate(self, value):
        pass


class InquiryActionForm(ActionForm):
    """The action bar, with the handler the "Reassign" action gives the inquiries to."""

    assignee = HandlerChoiceField(
        label=_("Reassign to"), queryset=get_user_model().objects.none(), required=False, empty_label=_("nobody")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = inquiry_handlers()


class ServiceLevelFilter(admin.SimpleListFilter):
    """Where an inquiry stands against the first reply promised to the investor."""

    title = _("first reply")
    parameter_name = "reply"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("waiting", _("Awaiting a first reply, not yet due")),
            ("replied", _("Replied")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.overdue(now)
        if self.value() == "waiting":
            return queryset.awaiting_first_reply().exclude(reply_due_at__lt=now)
        if self.value() == "replied":
            return queryset.filter(first_replied_at__isnull=False)
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("My open inquiries")), ("nobody", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.open().assigned_to(request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    """Handlers change an inquiry's status and assignee; what the investor wrote (and how
    it arrived) is shown read-only and cannot be changed.

    The list puts the handler's own open inquiries first, then the overdue ones (most
    overdue first), then the newest; the desk (`desk/`) shows the figures."""

    list_display = [
        "name",
        "company",
        "created_at",
        "status",
        "first_reply",
        "interests",
        "assignee",
        "channel",
        "source",
    ]
    list_filter = [
        ServiceLevelFilter,
        AssignedFilter,
        "status",
        "area",
        "industry",
        "source",
        "channel",
        ("assignee", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["area", "industry", "project", "assignee"]
    search_fields = ["name", "email", "company", "message", "partner_name"]
    date_hierarchy = "created_at"
    # The filtered count is enough; the total of 100,000 rows would cost a second count.
    show_full_result_count = False
    action_form = InquiryActionForm
    original_fields = [
        "name",
        "email",
        "company",
        "country",
        "province",
        "area",
        "industry",
        "project",
        "message",
        "consent",
        "channel",
        "source",
        "partner_name",
        "shortlist_entries",
        "created_at",
        "updated_at",
        "reply_due_at",
        "first_replied_at",
        "closed_at",
        "notified_at",
        "confirmation_sent_at",
    ]
    fields = ["status", "assignee", "contact", *original_fields]
    readonly_fields = original_fields
    inlines = [ReplyInline, StatusChangeInline]
    actions = [
        "assign_to_me",
        "reassign",
        _status_action(InquiryStatus.IN_PROGRESS),
        _status_action(InquiryStatus.ANSWERED),
        _status_action(InquiryStatus.CLOSED),
    ]

    class Media:
        css = {"all": ["curation/desk.css"]}

    def get_queryset(self, request):
        # Not super(): ModelAdmin orders before we could annotate what the order uses.
        now = timezone.now()
        overdue = ~Q(status=InquiryStatus.CLOSED) & Q(first_replied_at__isnull=True, reply_due_at__lt=now)
        inquiries = self.model._default_manager.get_queryset().annotate(
            is_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanOutput()),
            overdue_since=Case(When(overdue, then=F("reply_due_at"))),
            mine_open=Case(
                When(~Q(status=InquiryStatus.CLOSED) & Q(assignee_id=request.user.pk), then=Value(True)),
                default=Value(False),
                output_field=BooleanOutput(),
            ),
        )
        return inquiries.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["-mine_open", "-is_overdue", "overdue_since", "-created_at"]

    def get_urls(self):
        desk_view = self.admin_site.admin_view(self.desk_view)
        return [path("desk/", desk_view, name="investments_inquiry_desk"), *super().get_urls()]

    def desk_view(self, request):
        """The inquiry desk: figures for this week, month or quarter (CSV with ?format=csv).
        Handlers and publishers; figures only, no investor's personal data."""
        if not request.user.has_perm(DESK_PERMISSION):
            raise PermissionDenied
        form = DeskFilterForm(request.GET or None)
        chosen = form.chosen() if form.is_bound else {"period": Period.WEEK, "area": None}
        figures = desk(period=chosen["period"], area=chosen["area"])
        if request.GET.get("format") == "csv":
            return desk_csv_response(figures)
        can_handle = self.has_view_or_change_permission(request)
        mine = Inquiry.objects.open().assigned_to(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Inquiry desk"),
            "opts": self.opts,
            "form": form,
            "desk": figures,
            "can_handle": can_handle,
            "mine": mine.aggregate(
                open=Count("pk"),
                overdue=Count("pk", filter=Q(first_replied_at__isnull=True, reply_due_at__lt=figures.now)),
            )
            if can_handle
            else None,
            "changelist_url": reverse("admin:investments_inquiry_changelist"),
            "csv_query": csv_query(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/investments/inquiry/desk.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "desk_url": reverse("admin:investments_inquiry_desk") if request.user.has_perm(DESK_PERMISSION) else "",
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("first reply"), ordering="reply_due_at")
    def first_reply(self, obj):
        if obj.first_replied_at:
            return format_html(
                "{} {}", _("replied"), date_format(timezone.localtime(obj.first_replied_at), "SHORT_DATETIME_FORMAT")
            )
        if obj.reply_due_at is None or obj.status == InquiryStatus.CLOSED:
            return "—"
        due = date_format(timezone.localtime(obj.reply_due_at), "SHORT_DATETIME_FORMAT")
        if obj.is_overdue:
            return format_html('<strong class="desk-overdue">{}</strong>', _("Overdue since %(due)s") % {"due": due})
        return _("due by %(due)s") % {"due": due}

    @admin.action(description=_("Reassign to the handler chosen beside the action"), permissions=["change"])
    def reassign(self, request, queryset):
        chosen = request.POST.get("assignee") or None
        assignee = inquiry_handlers().filter(pk=chosen).first() if chosen and chosen.isdigit() else None
        if chosen and assignee is None:
            self.message_user(request, _("Choose a handler who may handle inquiries."), messages.ERROR)
            return
        count = 0
        for inquiry in queryset.select_related("assignee"):
            inquiry_assign(inquiry=inquiry, assignee=assignee)
            self.log_change(request, inquiry, [{"changed": {"fields": ["assignee"]}}])
            count += 1
        name = (assignee.get_full_name() or assignee.get_username()) if assignee else _("nobody")
        self.message_user(
            request,
            ngettext("%(count)d inquiry reassigned to %(name)s.", "%(count)d inquiries reassigned to %(name)s.", count)
            % {"count": count, "name": name},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        # Inquiries come from investors (website form, partner API), never from the admin.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = inquiry_handlers()
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
                message = _("Your reply was saved; the e-mail to the investor is on its way.")
                self.message_user(request, message, messages.SUCCESS)

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


def csv_query(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def desk_csv_response(figures) -> HttpResponse:
    """The desk's figures as one CSV: a row per figure (section, label, value)."""
    window = figures.window
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="inquiry-desk-{window.period}-{window.first_day}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Section"), _("Label"), _("Figure")])
    rows = [
        (_("Period"), _("First day"), window.first_day.isoformat()),
        (_("Period"), _("Last day"), window.last_day.isoformat()),
        (_("Totals"), _("Received in the period"), figures.received),
        (_("Totals"), _("Received in the period before"), figures.received_before),
        (_("Totals"), _("Open now"), figures.open_now),
        (_("Totals"), _("Overdue now"), figures.overdue_now),
    ]
    for breakdown in figures.breakdowns:
        rows += [(breakdown.title, label, n) for label, n in breakdown.rows]
    for chart in (figures.trend, figures.reply_trend):
        rows += [(chart.title, column.label, column.value) for column in chart.columns]
    for section, levels in (
        (_("Service level, all inquiries"), [figures.overall]),
        (_("Service level by handler"), figures.by_handler),
        (_("Service level by area"), figures.by_area),
    ):
        for level in levels:
            rows += [
                (section, f"{level.label}: {measure}", value)
                for measure, value in (
                    (_("first replies"), level.replied),
                    (_("first replies on time"), level.replied_on_time),
                    (_("median hours to first reply"), level.reply_median),
                    (_("90th percentile hours to first reply"), level.reply_p90),
                    (_("closed"), level.closed),
                    (_("median hours to close"), level.close_median),
                    (_("90th percentile hours to close"), level.close_p90),
                )
            ]
    for row in rows:
        writer.writerow([cell if isinstance(cell, int | float) else csv_cell(cell and str(cell)) for cell in row])
    return response
