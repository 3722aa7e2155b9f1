"""Rules of curation shared by the admin and the spreadsheet import: who may publish,
and keeping the publication state out of reach of those who may not.

Publishing is a permission of its own (`<app>.publish_<model>`), created with the roles by
`manage.py setup_roles`: Permission rows need no migration.
"""

import difflib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from modeltranslation.translator import NotRegistered, translator

from ftzportal.models import PendingChange
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


# --- Pending changes: a Curator's edit of a published entry waits for a Publisher ---------


def _stored(field, entry):
    """`field`'s value on `entry` as JSON keeps it: None, or the field's own text form."""
    value = field.value_from_object(entry)
    return None if value is None else field.value_to_string(entry)


def _restored(field, value):
    return None if value is None else field.to_python(value)


def pending_change_for(entry):
    """The pending change of `entry`, or None."""
    if entry is None or entry.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(entry)
    return PendingChange.objects.filter(content_type=content_type, object_id=entry.pk).first()


def entries_with_pending_changes(model):
    """Keys of `model`'s entries that have a pending change (for a queryset filter)."""
    return PendingChange.objects.filter(content_type=ContentType.objects.get_for_model(model)).values("object_id")


@transaction.atomic
def record_pending_change(entry, form, user) -> PendingChange | None:
    """Keep what `form` changed on the published `entry` as its pending change, leaving
    the entry itself as published. A field changed again replaces its proposal; the
    published values are those of the first proposal. None when nothing changed."""
    live = type(entry)._base_manager.get(pk=entry.pk)
    changes, original = {}, {}
    for name in form.changed_data:
        try:
            field = entry._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            changes[name] = sorted(item.pk for item in form.cleaned_data[name])
            original[name] = sorted(getattr(live, name).values_list("pk", flat=True))
        elif field.concrete and not field.primary_key and name not in PUBLICATION_FIELDS:
            changes[name], original[name] = _stored(field, entry), _stored(field, live)
    if not changes:
        return None
    pending, _created = PendingChange.objects.select_for_update().get_or_create(
        content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk
    )
    pending.changes = {**pending.changes, **changes}
    pending.original = {**original, **pending.original}
    pending.author = user
    pending.save()
    return pending


@transaction.atomic
def publish_pending_change(pending: PendingChange, *, reason: str) -> None:
    """Apply `pending` to its entry (saved, so history and caches see the change) and
    delete it."""
    model = pending.content_type.model_class()
    entry = model._base_manager.select_for_update().get(pk=pending.object_id)
    many = {}
    for name, value in pending.changes.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
        else:
            setattr(entry, field.attname, _restored(field, value))
    entry._change_reason = reason
    entry.save()
    for name, keys in many.items():
        getattr(entry, name).set(keys)
    pending.delete()


def _words_diff(old: str, new: str):
    """`old` → `new` word by word, removed words in <del>, added ones in <ins>."""
    old_words, new_words = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", " ".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", " ".join(new_words[j1:j2])))
        if tag == "equal":
            parts.append(conditional_escape(" ".join(old_words[i1:i2])))
    return mark_safe(" ".join(str(part) for part in parts))


def _display(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.many_to_many:
        return ", ".join(str(item) for item in field.related_model._base_manager.filter(pk__in=value)) or "—"
    if field.is_relation:
        return str(field.related_model._base_manager.filter(pk=value).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(_restored(field, value), value))
    return str(value)


def _is_text(field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def pending_change_rows(pending: PendingChange) -> list[tuple]:
    """(field label, published value, the change) for each field of `pending`: text word
    by word, any other value whole."""
    model = pending.content_type.model_class()
    rows = []
    for name, proposed in pending.changes.items():
        field = model._meta.get_field(name)
        published, wanted = _display(field, pending.original.get(name)), _display(field, proposed)
        if _is_text(field):
            change = _words_diff(published, wanted)
        else:
            change = format_html("<del>{}</del> <ins>{}</ins>", published, wanted)
        rows.append((field.verbose_name, published, change))
    return rows
