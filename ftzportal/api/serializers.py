"""Serializer pieces shared by the API's resources: how a related entry appears (slug,
name, API URL), how sources appear, and plain text fields that refuse what the database
cannot store.

The list serializers of the big resources (enterprises, projects, incentives) build their
rows as plain dicts with the read-model helpers below (`ref`, `published_refs`,
`source_repr`, `date_repr`, `datetime_repr`, `choice_label`, `api_url`, `web_url`) instead
of DRF's per-field machinery; their declared fields stay for the OpenAPI schema, and
tests/api/test_read_models.py pins each dict to what DRF's generic path gives."""

import functools
import re
from collections.abc import Callable

from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ftzportal.publication import published_only, published_or_none

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
QUOTE_HELP = (
    "What the source says: the sentence or sentences of `source` this entry rests on, "
    "verbatim in the source's language (one per line); '' for sample data."
)
SLUG_RE = re.compile(rf"^{SLUG_PATTERN}$")
_is_slug_shaped = re.compile(SLUG_PATTERN).fullmatch


class PublishedOnlyListSerializer(serializers.ListSerializer):
    """Leaves out related entries that are not published (drafts, archived)."""

    def to_representation(self, data):
        items = data.all() if hasattr(data, "all") else data
        return super().to_representation(published_only(items))


class RefSerializer(serializers.Serializer):
    """A related entry: its slug, name and URL; null (or left out of a list) when the entry
    is not published."""

    # Set by each subclass (the schema shows the docstring to partners, not this).
    view_name: str = ""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        list_serializer_class = PublishedOnlyListSerializer

    def get_url(self, obj) -> str:
        return api_url(self.context, self.view_name, obj.slug)

    def to_representation(self, instance):
        if not instance.is_published:
            return None
        return super().to_representation(instance)


def api_url(context, view_name: str, slug: str) -> str:
    """Absolute address of an API entry (a path without a request in `context`)."""
    return _slug_url_function(context, view_name, lambda s: reverse(view_name, kwargs={"slug": s}))(slug)


def web_url(context, entry) -> str:
    """Absolute address of the entry's page on the website, in the active language. For
    models whose `get_absolute_url()` depends on the slug alone."""
    model = type(entry)
    return _slug_url_function(context, model, lambda s: model(slug=s).get_absolute_url())(entry.slug)


# Slug-shaped, so every slug route accepts them.
_SLUG_PLACEHOLDER = "slug0placeholder0"
_SLUG_CHECK = "slug1check1"
_URL_FUNCTIONS = "_slug_url_functions"


def _slug_url_function(context, key, path_for: Callable[[str], str]) -> Callable[[str], str]:
    """slug -> address, for the route `path_for` reverses. A `reverse()` and
    `build_absolute_uri()` per row cost more than the rest of a row: the route is
    resolved once per serializer context (one request) and language, with a placeholder
    slug, and each row's slug is put in its place."""
    language = translation.get_language()
    functions = context.setdefault(_URL_FUNCTIONS, {})
    function = functions.get((key, language))
    if function is None:
        function = functions[(key, language)] = _url_function_from_template(context.get("request"), path_for)
    return function


def _url_function_from_template(request, path_for: Callable[[str], str]) -> Callable[[str], str]:
    def exact(slug: str) -> str:
        path = path_for(slug)
        return request.build_absolute_uri(path) if request else path

    template = exact(_SLUG_PLACEHOLDER)
    head, found, tail = template.partition(_SLUG_PLACEHOLDER)

    def from_template(slug: str) -> str:
        # Anything else (which reverse() would quote or refuse) takes the exact way.
        return f"{head}{slug}{tail}" if _is_slug_shaped(slug) else exact(slug)

    def constant(slug: str) -> str:
        return template

    # An address that does not contain the slug does not depend on it (a zone's page is
    # the home page). Either way, checked once with another slug; if the address is not
    # that simple, every row takes the exact way.
    function = from_template if found else constant
    return function if function(_SLUG_CHECK) == exact(_SLUG_CHECK) else exact


def ref(context, view_name: str, entry) -> dict | None:
    """What RefSerializer gives for `entry`: {"slug", "name", "url"}, or None when there
    is no entry or it is not published."""
    if published_or_none(entry) is None:
        return None
    return {"slug": entry.slug, "name": entry.name, "url": api_url(context, view_name, entry.slug)}


def published_refs(context, view_name: str, entries) -> list[dict]:
    """What RefSerializer(many=True) gives: the published entries only."""
    return [ref(context, view_name, entry) for entry in published_only(entries)]


# DRF's own formatting of dates and times (ISO 8601, times in the current time zone).
_DATE = serializers.DateField(read_only=True)
_DATETIME = serializers.DateTimeField(read_only=True)


def date_repr(value) -> str | None:
    return _DATE.to_representation(value)


def datetime_repr(value) -> str | None:
    return _DATETIME.to_representation(value)


def choice_label(choices, value: str) -> str:
    """What `get_FOO_display()` gives for a field with these choices (a TextChoices
    class), from a dict built once per language: Django flattens and translates every
    choice at each call."""
    return _choice_labels(choices, translation.get_language()).get(value, value)


@functools.lru_cache(maxsize=64)
def _choice_labels(choices, language: str | None) -> dict[str, str]:
    # `language` is the active one: it keys the cache, and the labels come out in it.
    return {value: str(label) for value, label in choices.choices}


class SourceSerializer(serializers.Serializer):
    """Where the facts of an entry come from."""

    title = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="Address of the article, or empty.")


def source_repr(source) -> dict | None:
    """What SourceSerializer gives, or None without a source."""
    if source is None:
        return None
    return {
        "title": source.title,
        "publisher": source.publisher,
        "published_on": date_repr(source.published_on),
        "url": source.url,
    }


class WebUrlField(serializers.SerializerMethodField):
    """Absolute address of the entry's page on the website, in the response language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The entry's page on the website, in the response language.")
        super().__init__(method_name="get_web_url", **kwargs)


class WebUrlMixin:
    def get_web_url(self, obj) -> str:
        return web_url(self.context, obj)


def _encodable(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError(_("Text must be valid Unicode."), code="invalid") from None


class TextField(serializers.CharField):
    """A CharField that refuses NUL characters (DRF does) and lone surrogates from JSON
    escapes like "\\ud800" (which neither SQLite nor PostgreSQL can store), and anything
    that is not a JSON string (DRF would turn the number 0 into "0"): the schema says
    string."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_encodable)
        if not any(isinstance(v, ProhibitNullCharactersValidator) for v in self.validators):
            self.validators.append(ProhibitNullCharactersValidator())

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class PublishedSlugRelatedField(serializers.SlugRelatedField):
    """A published entry referenced by slug. Anything that is not slug-shaped (numbers,
    objects, NUL bytes) is refused before it reaches the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG_RE.match(data):
            self.fail("invalid")
        return super().to_internal_value(data)
