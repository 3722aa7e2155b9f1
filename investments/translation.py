"""Per-language columns for enterprises and projects, then their change history (see
zones/translation.py for why history is registered here)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Enterprise, Project


@register(Enterprise)
class EnterpriseTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description")


for model in (Enterprise, Project):
    simple_history.register(model, app=__package__)
