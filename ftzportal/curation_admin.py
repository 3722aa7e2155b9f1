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

Curators keep the facts true (`SourcedFactsMixin`): the source and its quote stand beside
the values they support, with a preview of the quote as cited and a check of it against
the source (ftzportal.fact_check), repeated as warnings on save; the "last reviewed"
filter and column and the "Mark as reviewed today" action keep reviews from going stale.
"""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from ftzportal import fact_check
from ftzportal.curation import (
    PUBLICATION_FIELDS,
    can_publish,
    entries_with_pending_changes,
    keep_publication_state,
    missing_translations,
    pending_change_for,
    pending_change_rows,
    publish_pending_change,
    record_pending_change,
)
from ftzportal.i18n import translated
from ftzportal.publication import PublicationStatus


def review_days() -> int:
    """After how many days a review is due again (setting FACT_REVIEW_DAYS, default 180)."""
    return getattr(settings, "FACT_REVIEW_DAYS", 180)


class LastReviewedFilter(admin.SimpleListFilter):
    """Entries never reviewed, reviewed too long ago, or either ("stale": due for review)."""

    title = _("last reviewed")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        days = review_days()
        return [
            ("never", _("Never")),
            ("older", ngettext("More than %(days)d day ago", "More than %(days)d days ago", days) % {"days": days}),
            (
                "stale",
                ngettext("Never, or more than %(days)d day ago", "Never, or more than %(days)d days ago", days)
                % {"days": days},
            ),
        ]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - datetime.timedelta(days=review_days())
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        if self.value() == "older":
            return queryset.filter(last_reviewed__lt=cutoff)
        if self.value() == "stale":
            return queryset.not_reviewed_since(cutoff)
        return queryset


def _icon_line(ok: bool, text) -> tuple:
    """One line of the "Check" field: Django's own yes/alert icon, then the text."""
    icon, alt = ("icon-yes.svg", _("OK")) if ok else ("icon-alert.svg", _("Warning"))
    return static(f"admin/img/{icon}"), alt, text


class SourcedFactsMixin:
    """The source and what it says beside the values they support, checked.

    A model admin names the values its entry's quote vouches for (`sourced_values`, shown
    in the "Source" section with the source and the quote) and the number checked against
    the quote (`checked_number`, with the field of its qualifier in `checked_qualifier`).
    Every quote is also checked line by line against the source's article file."""

    sourced_values: tuple[str, ...] = ()
    checked_number: str | None = None
    checked_qualifier: str | None = None
    source_fieldset_fields = ("source", "quote", "source_preview", "fact_check")

    @property
    def has_quote(self) -> bool:
        return any(field.name == "quote" for field in self.model._meta.get_fields())

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        if self.has_quote:
            readonly += ["source_preview", "fact_check"]
        return readonly

    def source_fieldset(self, names: list[str], request, obj=None):
        """The "Source" section: the values the quote supports (each language's column of
        a translated one), then the source, the quote, its preview and its check."""
        if not self.has_quote:
            return None
        wanted = [column for field in self.sourced_values for column in (field, *translated(field))]
        fields = [name for name in wanted if name in names]
        fields += [name for name in self.source_fieldset_fields if name in names]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only, the quote would show twice: as typed and in its preview.
            fields = [name for name in fields if name != "quote"]
        title = _("Value and its source") if self.sourced_values else _("Source")
        return (title, {"fields": fields})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "quote" and formfield is not None:
            # Its preview below carries the model's label, "What the source says".
            formfield.label = _("Quote")
            formfield.widget.attrs["rows"] = 4
        return formfield

    def fact_findings(self, entry) -> list[tuple[bool, str]]:
        """(ok, text) for each check of `entry`: its number against its quote, the quote
        against the source's article."""
        findings = []
        quote = getattr(entry, "quote", "") or ""
        number = getattr(entry, self.checked_number, None) if self.checked_number else None
        if number is not None:
            qualifier = getattr(entry, self.checked_qualifier, "") if self.checked_qualifier else ""
            problems = fact_check.number_problems(number, quote, qualifier)
            findings += [(False, problem) for problem in problems]
            if not problems:
                findings.append(
                    (True, _("%(number)s is in what the source says.") % {"number": fact_check.grouped(number)})
                )
        source = entry.source if getattr(entry, "source_id", None) else None
        lines = fact_check.quote_lines(quote)
        article = fact_check.article_text(source.seed_file) if source is not None else None
        if article is not None and lines:
            missing = fact_check.lines_not_in(quote, article)
            findings += [
                (False, _("Not found verbatim in %(file)s: “%(line)s”") % {"file": source.seed_file, "line": line})
                for line in missing
            ]
            if not missing:
                findings.append((True, _("Every line stands verbatim in %(file)s.") % {"file": source.seed_file}))
        return findings

    def fact_problems(self, entry) -> list[str]:
        return [text for ok, text in self.fact_findings(entry) if not ok]

    @admin.display(description=_("What the source says"))
    def source_preview(self, obj):
        quote_lines = fact_check.quote_lines(obj.quote or "")
        if not quote_lines:
            return _("No quote yet.")
        quote = format_html(
            "<blockquote>{}</blockquote>", format_html_join("", "<p>{}</p>", ((line,) for line in quote_lines))
        )
        source = obj.source if obj.source_id else None
        if source is None:
            return format_html('{}<p class="help">{}</p>', quote, _("No source chosen."))
        cited = [source.title, source.publisher, date_format(source.published_on) if source.published_on else ""]
        citation = ", ".join(part for part in cited if part)
        if source.url:
            citation = format_html('<a href="{}" rel="noopener noreferrer">{}</a>', source.url, citation)
        return format_html('{}<p class="help">— {}</p>', quote, citation)

    @admin.display(description=_("Check"))
    def fact_check(self, obj):
        findings = self.fact_findings(obj)
        if not findings:
            return _("Nothing to check against yet (no number, or no article file of the source).")
        return format_html_join(
            "", '<div><img src="{}" alt="{}"> {}</div>', (_icon_line(ok, text) for ok, text in findings)
        )

    def warn_of_problems(self, request, entry, checker=None):
        """One warning message per problem `checker` (this admin by default) finds."""
        for problem in (checker or self).fact_problems(entry):
            self.message_user(
                request, _("“%(entry)s”: %(problem)s") % {"entry": entry, "problem": problem}, messages.WARNING
            )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.has_quote:
            # A warning, not an error: a curator may have good reasons (a figure the source
            # rounds differently, an article being corrected).
            self.warn_of_problems(request, obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Changed inline entries with a quote (an area's key industries, an enterprise's
        # projects) are checked too, by their own admin where they have one.
        if not any(field.name == "quote" for field in formset.model._meta.get_fields()):
            return
        checker = self.admin_site._registry.get(formset.model)
        if not isinstance(checker, SourcedFactsMixin):
            checker = SourcedFactsMixin()
        for inline_form in formset.forms:
            entry = inline_form.instance
            if entry.pk is not None and inline_form.has_changed() and inline_form not in formset.deleted_forms:
                self.warn_of_problems(request, entry, checker)

    def get_fieldsets(self, request, obj=None):
        """The sections as the admin below gives them, with the "Source" section second."""
        fieldsets = super().get_fieldsets(request, obj)
        names = [name for _title, options in fieldsets for name in options["fields"]]
        section = self.source_fieldset(names, request, obj)
        if section is None:
            return fieldsets
        moved = {*section[1]["fields"], "quote"}
        rest = [
            (title, {**options, "fields": [n for n in options["fields"] if n not in moved]})
            for title, options in fieldsets
        ]
        return [rest[0], section, *rest[1:]]


class PendingChangeFilter(admin.SimpleListFilter):
    """Entries with a Curator's change waiting for a Publisher."""

    title = _("pending change")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("Waiting for a Publisher"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=entries_with_pending_changes(queryset.model))
        return queryset


class PublicationWorkflowMixin:
    """Draft → published → archived, with who published when; bulk review dates.

    What a published entry says changes only with a Publisher: a Curator's edit of one is
    kept as its pending change (ftzportal.models.PendingChange) and the entry stays as
    published. Its inlines are read-only for them meanwhile (a pending change holds the
    entry's own fields and many-to-many choices). The change page shows the pending
    change as a diff, the "pending change" filter lists the entries that have one, and a
    Publisher publishes or discards it with the actions below."""

    actions = [
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "publish_pending_changes",
        "discard_pending_changes",
        "mark_reviewed_today",
    ]
    # Set by the workflow, never typed in.
    workflow_readonly_fields = ("published_at", "published_by", "created_at", "updated_at")
    publication_fieldset_fields = (*PUBLICATION_FIELDS, "last_reviewed", "created_at", "updated_at")

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *self.workflow_readonly_fields, "pending_change"]
        if not self.has_publish_permission(request, obj):
            readonly.append("publication_status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        """The model's own fields first, then one "Publication" section, then the pending
        change if there is one."""
        names = [name for _title, options in super().get_fieldsets(request, obj) for name in options["fields"]]
        names = [name for name in names if name != "pending_change"]
        publication = [name for name in self.publication_fieldset_fields if name in names]
        content = [name for name in names if name not in publication]
        fieldsets = [(None, {"fields": content}), (_("Publication"), {"fields": publication})]
        if pending_change_for(obj) is not None:
            fieldsets.append((_("Pending change"), {"fields": ["pending_change"]}))
        return fieldsets

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PendingChangeFilter]

    def _keeps_changes_pending(self, request, obj) -> bool:
        """Whether `request.user`'s edits of `obj` wait for a Publisher."""
        return (
            obj is not None
            and obj.pk is not None
            and obj.is_published
            and not self.has_publish_permission(request, obj)
        )

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self._keeps_changes_pending(request, obj):
            for inline in inlines:
                inline.has_add_permission = inline.has_change_permission = inline.has_delete_permission = (
                    lambda *args, **kwargs: False
                )
        return inlines

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            entry = self.get_object(request, object_id)
            pending = pending_change_for(entry)
            if pending is not None:
                self.message_user(
                    request,
                    _("A change to this entry by %(author)s waits for a Publisher: see “Pending change” below.")
                    % {"author": pending.author or _("a former user")},
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request, obj):
            keep_publication_state(obj)
            if change and obj.is_published:
                # The published entry stays as it is; the edit waits for a Publisher.
                request.pending_change_kept = True
                record_pending_change(obj, form, request.user)
                self.message_user(
                    request,
                    _(
                        "Your change is kept as a pending change: the published entry stays as it is "
                        "until a Publisher publishes it."
                    ),
                    messages.WARNING,
                )
                return
        elif "publication_status" in form.changed_data and obj.publication_status == PublicationStatus.PUBLISHED:
            obj.publish(request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "pending_change_kept", False):
            return  # many-to-many choices are in the pending change; inlines were read-only
        super().save_related(request, form, formsets, change)

    @admin.display(description=_("Pending change"))
    def pending_change(self, obj):
        pending = pending_change_for(obj)
        if pending is None:
            return "—"
        heading = format_html(
            "<p>{}</p>",
            _("Proposed by %(author)s on %(date)s:")
            % {
                "author": pending.author or _("a former user"),
                "date": date_format(pending.updated_at, "DATETIME_FORMAT"),
            },
        )
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td class="pending-diff">{}</td></tr>',
            pending_change_rows(pending),
        )
        return format_html(
            '{}<table class="pending-change"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            heading,
            _("Field"),
            _("Published"),
            _("Change (removed, added)"),
            rows,
        )

    @admin.action(description=_("Publish the pending changes of the selected entries"), permissions=["publish"])
    def publish_pending_changes(self, request, queryset):
        count = 0
        for entry in queryset:
            pending = pending_change_for(entry)
            if pending is not None:
                publish_pending_change(pending, reason=str(_("Published a pending change")))
                self.log_change(request, entry, str(_("Published a pending change")))
                count += 1
        self._report(
            request,
            ngettext("%(count)d pending change published.", "%(count)d pending changes published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Discard the pending changes of the selected entries"), permissions=["publish"])
    def discard_pending_changes(self, request, queryset):
        count = 0
        for entry in queryset:
            pending = pending_change_for(entry)
            if pending is not None:
                pending.delete()
                self.log_change(request, entry, str(_("Discarded a pending change")))
                count += 1
        self._report(
            request,
            ngettext("%(count)d pending change discarded.", "%(count)d pending changes discarded.", count)
            % {"count": count},
        )

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

    @admin.action(description=_("Mark as reviewed today"), permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        """Sets the review date and nothing else: not `updated_at`, and no save signal, so
        a review is no change for search alerts, the change feed, the sitemap or caches.
        Change history still records who reviewed."""
        today = timezone.localdate()
        entries = [entry for entry in queryset if entry.last_reviewed != today]
        for entry in entries:
            entry.last_reviewed = today
        reason = str(_("Reviewed"))
        bulk_update_with_history(
            entries, self.model, ["last_reviewed"], default_user=request.user, default_change_reason=reason
        )
        for entry in entries:
            self.log_change(request, entry, reason)
        count = len(entries)
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


class CuratedAdmin(SourcedFactsMixin, PublicationWorkflowMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Admin of a curated (Publishable, translated, history-tracked, sourced) model."""

    list_per_page = 50
    save_on_top = True


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
