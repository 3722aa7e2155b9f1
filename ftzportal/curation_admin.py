"""Admin building blocks shared by every curated model (zones and investments apps).

`CuratedAdmin` = per-language fields (modeltranslation's plain TranslationAdmin: the
tabbed variant loads jQuery UI from a CDN) + change history with revert
(SimpleHistoryAdmin) + the publication workflow below. `CuratedImportExportAdmin` adds
CSV/XLSX import and export (django-import-export) for the directory models.

The workflow is enforced on the server: the publish/unpublish/archive actions exist only
for users with the model's `publish_<model>` permission (Django drops any other action
name from a POST, so a forged request does nothing), the publication fields are read-only
on the form for everyone else, and `save_model` restores the stored state whatever the
form or a history revert carried.
"""

import datetime

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ftzportal.curation import PUBLICATION_FIELDS, can_publish, keep_publication_state, missing_translations
from ftzportal.publication import PublicationStatus

REVIEW_MAX_AGE_DAYS = 180


class NotReviewedFilter(admin.SimpleListFilter):
    """Entries never reviewed, or whose last review is more than 180 days old."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("stale", _("Not reviewed for over %(days)s days") % {"days": REVIEW_MAX_AGE_DAYS})]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            cutoff = timezone.localdate() - datetime.timedelta(days=REVIEW_MAX_AGE_DAYS)
            return queryset.not_reviewed_since(cutoff)
        return queryset


class PublicationWorkflowMixin:
    """Draft → published → archived, with who published when; bulk review dates."""

    actions = ["publish_selected", "unpublish_selected", "archive_selected", "mark_reviewed_today"]
    # Set by the workflow, never typed in.
    workflow_readonly_fields = ("published_at", "published_by", "created_at", "updated_at")
    publication_fieldset_fields = (*PUBLICATION_FIELDS, "last_reviewed", "created_at", "updated_at")

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *self.workflow_readonly_fields]
        if not self.has_publish_permission(request, obj):
            readonly.append("publication_status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        """The model's own fields first, then one "Publication" section."""
        names = [name for _title, options in super().get_fieldsets(request, obj) for name in options["fields"]]
        publication = [name for name in self.publication_fieldset_fields if name in names]
        content = [name for name in names if name not in publication]
        return [(None, {"fields": content}), (_("Publication"), {"fields": publication})]

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request, obj):
            keep_publication_state(obj)
        elif "publication_status" in form.changed_data and obj.publication_status == PublicationStatus.PUBLISHED:
            obj.publish(request.user)
        super().save_model(request, obj, form, change)

    def _save_each(self, request, queryset, change, reason):
        """Save entry by entry (not QuerySet.update) so that history records the change
        with its author and the content-version signal makes caches stale."""
        count = 0
        for entry in queryset:
            if change(entry) is False:
                continue
            entry._change_reason = str(reason)
            entry.save()
            self.log_change(request, entry, str(reason))
            count += 1
        return count

    def _report(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Publish selected entries"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        def publish(entry):
            if entry.is_published:
                return False
            entry.publish(request.user)

        count = self._save_each(request, queryset, publish, _("Published"))
        self._report(
            request, ngettext("%(count)d entry published.", "%(count)d entries published.", count) % {"count": count}
        )

    @admin.action(description=_("Unpublish selected entries (back to draft)"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        def unpublish(entry):
            if entry.publication_status == PublicationStatus.DRAFT:
                return False
            entry.unpublish()

        count = self._save_each(request, queryset, unpublish, _("Back to draft"))
        self._report(
            request,
            ngettext("%(count)d entry back to draft.", "%(count)d entries back to draft.", count) % {"count": count},
        )

    @admin.action(description=_("Archive selected entries"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        def archive(entry):
            if entry.publication_status == PublicationStatus.ARCHIVED:
                return False
            entry.archive()

        count = self._save_each(request, queryset, archive, _("Archived"))
        self._report(
            request, ngettext("%(count)d entry archived.", "%(count)d entries archived.", count) % {"count": count}
        )

    @admin.action(description=_("Mark selected entries reviewed today"), permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        today = timezone.localdate()

        def review(entry):
            entry.last_reviewed = today

        count = self._save_each(request, queryset, review, _("Reviewed"))
        self._report(
            request,
            ngettext("%(count)d entry marked reviewed.", "%(count)d entries marked reviewed.", count)
            % {"count": count},
        )

    @admin.display(description=_("Translations"))
    def translation_status(self, obj):
        missing = missing_translations(obj)
        if not missing:
            return format_html('<span class="translations-complete">{}</span>', _("complete"))
        return format_html(
            '<span class="translations-missing">{} {}</span>',
            _("missing:"),
            ", ".join(missing),
        )


class CuratedAdmin(PublicationWorkflowMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Admin of a curated (Publishable, translated, history-tracked) model."""

    list_per_page = 50
    save_on_top = True

    class Media:
        css = {"all": ["curation/admin.css"]}


class CuratedImportExportAdmin(ImportExportMixin, CuratedAdmin):
    """A curated model that curators also maintain by spreadsheet (CSV or XLSX)."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def has_import_permission(self, request):
        # Importing adds and changes entries: only for those who may do both.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # One invalid row (unknown slug, negative value…) must roll back the whole file.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}
