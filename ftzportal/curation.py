"""Rules of curation shared by the admin and the spreadsheet import: who may publish,
and keeping the publication state out of reach of those who may not.

Publishing is a permission of its own (`<app>.publish_<model>`), created with the roles by
`manage.py setup_roles`: Permission rows need no migration.
"""

from django.conf import settings
from modeltranslation.translator import NotRegistered, translator

from ftzportal.publication import PublicationStatus

PUBLICATION_FIELDS = ("publication_status", "published_at", "published_by")


def publish_codename(model) -> str:
    return f"publish_{model._meta.model_name}"


def can_publish(user, model) -> bool:
    """Whether `user` may publish, unpublish and archive entries of `model`."""
    if user is None or not user.is_active:
        return False
    return user.has_perm(f"{model._meta.app_label}.{publish_codename(model)}")


def keep_publication_state(entry) -> None:
    """Undo any change to `entry`'s publication state before it is saved by someone who
    may not publish: an existing entry keeps the state stored in the database, a new one
    is a draft. Forms never offer these fields to such users, but restoring an earlier
    version from history or importing a spreadsheet would otherwise carry them over."""
    stored = None
    if entry.pk is not None:
        stored = type(entry)._base_manager.filter(pk=entry.pk).values(*PUBLICATION_FIELDS).first()
    if stored is None:
        entry.publication_status = PublicationStatus.DRAFT
        entry.published_at = None
        entry.published_by = None
        return
    entry.publication_status = stored["publication_status"]
    entry.published_at = stored["published_at"]
    entry.published_by_id = stored["published_by"]


def translation_language_columns() -> list[tuple[str, str]]:
    """(language code, column suffix) of every site language but the default one."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [(code, code.replace("-", "_")) for code, _name in settings.LANGUAGES if code != default]


def missing_translations(entry) -> list[str]:
    """Language codes in which some text that exists in English is still empty."""
    try:
        fields = translator.get_options_for_model(type(entry)).all_fields.keys()
    except NotRegistered:
        return []
    default_suffix = settings.MODELTRANSLATION_DEFAULT_LANGUAGE.replace("-", "_")
    written = [field for field in fields if getattr(entry, f"{field}_{default_suffix}", None)]
    return [
        code
        for code, suffix in translation_language_columns()
        if any(not getattr(entry, f"{field}_{suffix}", None) for field in written)
    ]
