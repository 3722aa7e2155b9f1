"""The curation admin for the zone, its areas and the policy directory."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from ftzportal.curation_admin import CuratedAdmin, CuratedImportExportAdmin, LastReviewedFilter
from ftzportal.fact_check import grouped
from ftzportal.facts import qualified

from .models import Area, AreaIndustry, Contact, Facility, Figure, Incentive, Industry, Milestone, Source, Zone
from .resources import IncentiveResource, IndustryResource

NAME_SEARCH = ["name_en", "name_zh_hans", "name_ru", "slug"]
TITLE_SEARCH = ["title_en", "title_zh_hans", "title_ru", "slug"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "seed_file"]
    search_fields = ["title", "publisher", "author", "seed_file", "url"]
    date_hierarchy = "published_on"
    ordering = ["-published_on", "title"]


@admin.register(Zone)
class ZoneAdmin(CuratedAdmin):
    list_display = [
        "name",
        "short_name",
        "established_on",
        "total_area_km2",
        "publication_status",
        "last_reviewed",
        "translation_status",
    ]
    list_filter = ["publication_status", LastReviewedFilter]
    search_fields = [*NAME_SEARCH, "short_name_en", "short_name_zh_hans", "short_name_ru"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["source"]
    ordering = ["name_en"]
    sourced_values = ("total_area_km2",)
    checked_number = "total_area_km2"


class AreaIndustryInline(TranslationTabularInline):
    model = AreaIndustry
    fields = ["industry", "note", "order", "source", "quote"]
    autocomplete_fields = ["industry", "source"]
    # The admin's wide text area would stretch the table past the page.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 36})}}
    extra = 0
    verbose_name = _("key industry")
    verbose_name_plural = _("key industries")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("industry", "source")


@admin.register(Area)
class AreaAdmin(CuratedAdmin):
    list_display = [
        "name",
        "zone",
        "area_km2",
        "inaugurated_on",
        "publication_status",
        "last_reviewed",
        "translation_status",
    ]
    list_filter = ["publication_status", "zone", LastReviewedFilter]
    list_select_related = ["zone"]
    search_fields = [*NAME_SEARCH, "aliases"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["zone", "source", "contact"]
    inlines = [AreaIndustryInline]
    ordering = ["-area_km2"]
    sourced_values = ("area_km2",)
    checked_number = "area_km2"


@admin.register(Industry)
class IndustryAdmin(CuratedImportExportAdmin):
    resource_classes = [IndustryResource]
    list_display = ["name", "slug", "parent", "publication_status", "last_reviewed", "translation_status"]
    list_filter = ["publication_status", ("parent", admin.RelatedOnlyFieldListFilter), LastReviewedFilter]
    list_select_related = ["parent"]
    search_fields = NAME_SEARCH
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent", "source"]
    ordering = ["name_en"]


@admin.register(Incentive)
class IncentiveAdmin(CuratedImportExportAdmin):
    resource_classes = [IncentiveResource]
    list_display = [
        "title",
        "category",
        "area_list",
        "publication_status",
        "effective_from",
        "last_reviewed",
        "translation_status",
    ]
    list_filter = ["publication_status", "category", "areas", "industries", LastReviewedFilter]
    search_fields = [*TITLE_SEARCH, "areas__aliases", "source_note"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["areas", "industries", "source"]
    date_hierarchy = "effective_from"
    ordering = ["-effective_from", "title_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description=_("areas"))
    def area_list(self, obj):
        return ", ".join(area.name for area in obj.areas.all()) or _("zone-wide")


@admin.register(Facility)
class FacilityAdmin(CuratedAdmin):
    list_display = ["name", "kind", "area", "zone", "publication_status", "last_reviewed", "translation_status"]
    list_filter = ["publication_status", "kind", "area", LastReviewedFilter]
    list_select_related = ["area", "zone"]
    search_fields = NAME_SEARCH
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["zone", "area", "source"]
    ordering = ["name_en"]


@admin.register(Milestone)
class MilestoneAdmin(CuratedAdmin):
    list_display = ["title", "happened_on", "area", "publication_status", "last_reviewed", "translation_status"]
    list_filter = ["publication_status", "area", LastReviewedFilter]
    list_select_related = ["area"]
    search_fields = TITLE_SEARCH
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["zone", "area", "source"]
    date_hierarchy = "happened_on"
    ordering = ["-happened_on"]


@admin.register(Figure)
class FigureAdmin(CuratedAdmin):
    list_display = [
        "label",
        "value_with_unit",
        "period",
        "area",
        "order",
        "publication_status",
        "last_reviewed",
        "translation_status",
    ]
    list_filter = ["publication_status", "area", LastReviewedFilter]
    list_select_related = ["area"]
    search_fields = ["label_en", "label_zh_hans", "label_ru", "slug", "unit"]
    prepopulated_fields = {"slug": ["label_en"]}
    autocomplete_fields = ["zone", "area", "source"]
    ordering = ["order", "pk"]
    sourced_values = ("value", "unit", "qualifier", "money_kind", "scope", "scope_name", "period")
    checked_number = "value"
    checked_qualifier = "qualifier"

    @admin.display(description=_("value"), ordering="value")
    def value_with_unit(self, obj):
        # As the source states it: "more than 17,600,000,000 CNY", "5 ports" (not "5.00").
        return qualified(f"{grouped(obj.value)} {obj.unit}".strip(), obj.qualifier)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Named contacts of the investment promotion team, chosen on areas and projects."""

    list_display = ["name", "role", "email", "phone", "languages", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_en", "name_zh_hans", "name_ru", "role_en", "email"]
    ordering = ["name_en"]
