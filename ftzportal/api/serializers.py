"""Serializer pieces shared by the API's resources: how a related entry appears (slug,
name, API URL), how sources appear, and plain text fields that refuse what the database
cannot store."""

import re

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
SLUG_RE = re.compile(rf"^{SLUG_PATTERN}$")


class PublishedOnlyListSerializer(serializers.ListSerializer):
    """Leaves out related entries that are not published (drafts, archived)."""

    def to_representation(self, data):
        items = data.all() if hasattr(data, "all") else data
        return super().to_representation([item for item in items if item.is_published])


class RefSerializer(serializers.Serializer):
    """A related entry: {"slug", "name", "url"}; null (or left out of a list) when the
    entry is not published. Subclasses set `view_name`."""

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
    from django.urls import reverse

    path = reverse(view_name, kwargs={"slug": slug})
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


class SourceSerializer(serializers.Serializer):
    """Where the facts of an entry come from."""

    title = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="Address of the article, or empty.")


class WebUrlField(serializers.SerializerMethodField):
    """Absolute address of the entry's page on the website, in the response language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The entry's page on the website, in the response language.")
        super().__init__(method_name="get_web_url", **kwargs)


class WebUrlMixin:
    def get_web_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


def _encodable(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError(_("Text must be valid Unicode."), code="invalid") from None


class TextField(serializers.CharField):
    """A CharField that refuses NUL characters (DRF does) and lone surrogates from JSON
    escapes like "\\ud800" (which neither SQLite nor PostgreSQL can store)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_encodable)
        if not any(isinstance(v, ProhibitNullCharactersValidator) for v in self.validators):
            self.validators.append(ProhibitNullCharactersValidator())


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
