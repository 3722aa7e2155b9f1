"""Per-language columns for the zones app's text (django-modeltranslation), then change
history. History is registered here, after translation, because the historical model
must copy the per-language columns (HistoricalRecords() on the model class crashes)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Area, AreaIndustry, Contact, Facility, Figure, Incentive, Industry, Milestone, Zone


@register(Zone)
class ZoneTranslation(TranslationOptions):
    fields = ("name", "short_name", "summary", "description")


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name", "summary", "positioning", "inaugurated_on_basis")


@register(AreaIndustry)
class AreaIndustryTranslation(TranslationOptions):
    fields = ("note",)


@register(Industry)
class IndustryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Incentive)
class IncentiveTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "eligibility")


@register(Facility)
class FacilityTranslation(TranslationOptions):
    fields = ("name", "description", "state")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description", "date_basis")


@register(Figure)
class FigureTranslation(TranslationOptions):
    fields = ("label", "unit", "scope_name", "period", "note")


for model in (Zone, Area, Industry, Incentive, Facility, Milestone, Figure):
    simple_history.register(model, app=__package__)


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("name", "role")


simple_history.register(Contact, app=__package__)
