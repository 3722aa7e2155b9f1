"""The base of every read-only resource of the API."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ftzportal import lists
from ftzportal.caching import CachedResponseMixin
from ftzportal.downloads import Table, csv_response
from ftzportal.pagination import in_total_order

from .conditional import ConditionalGetMixin
from .renderers import CSVRenderer
from .serializers import SLUG_PATTERN


def requested_language(request) -> str:
    """`?lang=` first (for links and tools that cannot set headers), then Accept-Language
    or the website's language cookie, else English. An unknown `?lang=` is a 400, not a
    silent English answer."""
    asked = request.GET.get("lang")
    if asked is None:
        return translation.get_language_from_request(request, check_path=False)
    codes = [code for code, _name in settings.LANGUAGES]
    if asked.lower() not in codes:
        raise ValidationError(
            {
                "lang": [
                    _("Unknown language “%(value)s”: use one of %(codes)s.")
                    % {"value": asked, "codes": ", ".join(codes)}
                ]
            }
        )
    return asked.lower()


class RequestLanguageMixin:
    """The API has no language prefix in its URLs, so LocaleMiddleware serves it in the
    default language; the API answers in the language the client asks for instead
    (`?lang=`, Accept-Language, or the website's language cookie), falling back to English.
    LocaleMiddleware then names that language in the Content-Language header."""

    def initial(self, request, *args, **kwargs):
        translation.activate(requested_language(request._request))
        super().initial(request, *args, **kwargs)


class PublishedReadOnlyViewSet(
    RequestLanguageMixin, ConditionalGetMixin, CachedResponseMixin, viewsets.ReadOnlyModelViewSet
):
    """Published entries: a list, and each entry by its slug."""

    # The schema shows docstrings to partners (this one on every list and detail operation
    # of a subclass without its own). Subclasses set `queryset` starting from
    # `Model.objects.published()`, `serializer_class` and, where the website filters the
    # same list, the website's `filterset_class`.
    lookup_field = "slug"
    # Only slug-shaped path segments reach the database; anything else is a JSON 404.
    lookup_value_regex = SLUG_PATTERN

    def get_renderers(self):
        renderers = super().get_renderers()
        # `?format=csv` only, on lists that have a download table: not offered through
        # Accept, so clients and the schema keep JSON as the one negotiated type.
        if (
            self.action == "list"
            and self.request is not None
            and self.request.GET.get("format") == CSVRenderer.format
            and self.download_table() is not None
        ):
            renderers.append(CSVRenderer())
        return renderers

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            return self._conditional(self.csv_list, request, *args, **kwargs)
        return super().list(request, *args, **kwargs)

    def csv_list(self, request, *args, **kwargs):
        # Every filtered row, not a page (an invalid filter raises the usual 400 here).
        queryset = self.filter_queryset(self.get_queryset())
        return csv_response(self.download_table(), queryset)

    def download_table(self) -> Table | None:
        resource = lists.for_model(self.queryset.model)
        return Table.of(resource) if resource is not None and resource.download_columns else None

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors of a CSV request (400, 429…) keep the API's JSON error body.
        if isinstance(response, Response) and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def filter_queryset(self, queryset):
        return in_total_order(super().filter_queryset(queryset))


def document_resource(name: str, plural: str):
    """Summaries and the `slug` path parameter of a resource's two operations."""
    return extend_schema_view(
        list=extend_schema(summary=f"List published {plural}", tags=[plural]),
        retrieve=extend_schema(
            summary=f"One published {name}, by slug",
            tags=[plural],
            parameters=[
                OpenApiParameter(
                    "slug", str, OpenApiParameter.PATH, pattern=f"^{SLUG_PATTERN}$", description=f"The {name}'s slug."
                )
            ],
        ),
    )
