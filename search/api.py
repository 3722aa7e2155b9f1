"""GET /api/v1/search/?q=&type=&area=: the website's search (search.engine), as JSON, with
the same ranking, counts per type and correction of misspelt words. Bad input is a 400 in
the API's error shape (ftzportal.api.errors)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ftzportal.api.errors import ErrorSerializer
from ftzportal.api.schema import PortalAutoSchema
from ftzportal.api.schema_values import NON_BLANK_TEXT_PATTERN, slug_schema
from ftzportal.api.viewsets import RequestLanguageMixin
from ftzportal.caching import CachedResponseMixin
from zones.models import Area

from .engine import COUNT_CAP, display, run_search
from .models import Kind
from .text import MAX_QUERY_LENGTH

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGE = 1000
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, trim_whitespace=True)
    type = serializers.ChoiceField(choices=Kind.choices, required=False)
    area = serializers.SlugField(max_length=100, required=False)
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, required=False, default=DEFAULT_PAGE_SIZE
    )

    def validate_area(self, value):
        if not Area.objects.published().filter(slug=value).exists():
            raise serializers.ValidationError(_("“%(value)s” is not an area of the zone.") % {"value": value})
        return value


class SearchResultSerializer(serializers.Serializer):
    type = serializers.ChoiceField(source="kind", choices=Kind.choices)
    title = serializers.CharField(source="name", help_text="The entry's name in the response language, plain text.")
    title_html = serializers.CharField(source="title", help_text="The name, escaped HTML with matches in <mark>.")
    snippet_html = serializers.CharField(source="snippet", help_text="A short extract, escaped HTML with <mark>.")
    url = serializers.SerializerMethodField(help_text="The entry's page on the website.")
    language = serializers.CharField(help_text="Language of title and snippet (English where none in yours).")
    is_sample = serializers.BooleanField()
    rank = serializers.FloatField(
        help_text="Higher is better; results are sorted by it, unless the count is capped: then name matches "
        "come first, then the other matches (real entries first, then by type)."
    )

    def get_url(self, result) -> str:
        return self.context["request"].build_absolute_uri(result.url)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=f"Entries matching q (and type and area); at most {COUNT_CAP:,} per type (see `count_capped`)."
    )
    count_capped = serializers.BooleanField(
        help_text=f"More entries match than `count`: it stopped at {COUNT_CAP:,} per type, and only those are listed."
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=f"Entries matching q (and area) per type, whatever `type` is; at most {COUNT_CAP:,} each.",
    )
    counts_capped = serializers.ListField(
        child=serializers.ChoiceField(choices=Kind.choices),
        help_text=f"The types with more than {COUNT_CAP:,} matching entries (their count says {COUNT_CAP:,}).",
    )
    corrected_query = serializers.CharField(
        allow_null=True, help_text="When the words of q match nothing: the corrected words the results are for."
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchResultSerializer(many=True)


class SearchSchema(PortalAutoSchema):
    """`area` is one of the published areas' slugs, listed when the schema is built."""

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "area",
                slug_schema(Area.objects.published()),
                OpenApiParameter.QUERY,
                description="Slug of a published area (see /api/v1/areas/): only entries there.",
            ),
        ]


class SearchAPIView(RequestLanguageMixin, CachedResponseMixin, APIView):
    """Answered from the response cache at the current content version, as the site's
    search page and every other list of the API are: the index changes with the content."""

    schema = SearchSchema()

    @extend_schema(
        summary="Search every published entry",
        description=(
            "Areas, industries, incentives, enterprises, projects, facilities, figures and milestones, in any of "
            'English, Chinese and Russian. Every word must match (in any field and order); "quoted words" match '
            "as a phrase; an area's other spellings (Kashi, Kashgar, 喀什, Кашгар) find each other; a misspelt "
            "word that matches nothing is corrected (`corrected_query`). Name matches rank above summary and "
            "body matches."
        ),
        tags=["search"],
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": NON_BLANK_TEXT_PATTERN},
                OpenApiParameter.QUERY,
                required=True,
                description="The words to search for.",
            ),
            OpenApiParameter("type", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=Kind.values, description="Type."),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                OpenApiParameter.QUERY,
                description="Page.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                OpenApiParameter.QUERY,
                description=f"Results per page (default {DEFAULT_PAGE_SIZE}).",
            ),
        ],
        responses={200: SearchResponseSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        return self._cached_response(self._search, request)

    def cache_query_params(self) -> set[str]:
        return {*SearchQuerySerializer().fields, "lang", "format"}

    def _search(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        found = run_search(data["q"], kind=data.get("type"), area=data.get("area"))
        paginator = Paginator(found.entries, data["page_size"])
        page = paginator.page(min(data["page"], paginator.num_pages))
        return Response(
            SearchResponseSerializer(
                {
                    "count": paginator.count,
                    "count_capped": (data["type"] in found.more) if data.get("type") else bool(found.more),
                    "counts": found.counts,
                    "counts_capped": sorted(found.more, key=Kind.values.index),
                    "corrected_query": found.corrected,
                    "next": self._page_url(request, page.next_page_number()) if page.has_next() else None,
                    "previous": self._page_url(request, page.previous_page_number()) if page.has_previous() else None,
                    "results": display(page.object_list, found.keys),
                },
                context={"request": request},
            ).data
        )

    def _page_url(self, request, number: int) -> str:
        params = {key: value for key, value in request.query_params.items() if key != "page"}
        return request.build_absolute_uri(f"{request.path}?{urlencode({**params, 'page': number})}")
