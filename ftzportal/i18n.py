"""Per-language columns of translated fields (django-modeltranslation stores one column
per site language)."""

from django.conf import settings


def translated(*fields: str) -> list[str]:
    """`translated("name")` → ["name_en", "name_zh_hans", "name_ru"]; several fields give
    each field's columns in turn."""
    return [f"{field}_{code.replace('-', '_')}" for field in fields for code, _label in settings.LANGUAGES]
