"""Per-language columns of translated fields (django-modeltranslation stores one column
per site language)."""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

DEFAULT_PORTAL_NAME = "FTZ Portal"
TRANSLATED_PORTAL_NAME = _("FTZ Portal")


def translated(*fields: str) -> list[str]:
    """`translated("name")` → ["name_en", "name_zh_hans", "name_ru"]; several fields give
    each field's columns in turn."""
    return [f"{field}_{code.replace('-', '_')}" for field in fields for code, _label in settings.LANGUAGES]


def translated_portal_name() -> str:
    """The site's name in the active language where it is the default one; a deployment
    that names the portal otherwise (PORTAL_NAME) keeps its own name."""
    name = settings.PORTAL_NAME
    return str(TRANSLATED_PORTAL_NAME) if name == DEFAULT_PORTAL_NAME else name


def collation_key(text: str, language: str | None = None) -> tuple:
    """How a reader of `language` expects names ordered: Chinese by pinyin (with tones,
    then the characters), Russian by its alphabet (ё with е), others case-insensitively."""
    language = language or get_language() or settings.LANGUAGE_CODE
    text = str(text)
    if language == "zh-hans":
        return (" ".join(lazy_pinyin(text, style=Style.TONE3)).casefold(), text)
    if language == "ru":
        return (text.casefold().replace("ё", "е"), text)
    return (text.casefold(), text)
