"""Partner API resources of the zones app: zones, areas, industries, incentives."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ftzportal.api.serializers import (
    RefSerializer,
    SourceSerializer,
    WebUrlField,
    WebUrlMixin,
    api_url,
    choice_label,
    date_repr,
    datetime_repr,
    published_refs,
    source_repr,
)
from ftzportal.api.viewsets import PublishedReadOnlyViewSet, document_resource

from .filters import IncentiveFilterSet, IndustryFilterSet
from .models import Area, Incentive, IncentiveCategory, Industry, IndustryBasis, Zone
from .reasons import ENTERPRISES, PROJECTS, industries_by_area

# Serializer context: {area pk: [IndustryInArea, …]} of a page of areas (AreaListSerializer).
INDUSTRIES_BY_AREA = "industries_by_area"


class ZoneRefSerializer(RefSerializer):
    view_name = "api:zone-detail"


class AreaRefSerializer(RefSerializer):
    view_name = "api:area-detail"


class IndustryRefSerializer(RefSerializer):
    view_name = "api:industry-detail"


class KeyIndustrySerializer(IndustryRefSerializer):
    """A key industry of an area, with the note saying how the area focuses on it."""

    note = serializers.CharField(read_only=True)
    basis = serializers.ChoiceField(
        choices=IndustryBasis.choices,
        read_only=True,
        help_text="Why the source names it for the area: a key industry, or a field of its contracted projects.",
    )

    def to_representation(self, area_industry):
        data = super().to_representation(area_industry.industry)
        if data is not None:
            data["note"] = area_industry.note
            data["basis"] = area_industry.basis
        return data


class ReasonSerializer(serializers.Serializer):
    """Why an industry belongs to an area."""

    kind = serializers.ChoiceField(
        choices=[*IndustryBasis.choices, (ENTERPRISES, "enterprises"), (PROJECTS, "projects")],
        read_only=True,
        help_text="A source names it for the area (key-industry, contracted-project-field), or published "
        "enterprises or projects of it are there.",
    )
    label = serializers.CharField(read_only=True, help_text="The reason in words, in the language of the answer.")
    count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="How many enterprises or projects; null for a source's basis."
    )


class AreaIndustrySerializer(IndustryRefSerializer):
    """An industry of an area, with why it belongs there (zones.reasons)."""

    reasons = ReasonSerializer(many=True, read_only=True)

    def to_representation(self, here):
        data = super().to_representation(here.industry)
        data["reasons"] = [
            {"kind": reason.kind, "label": reason.label, "count": reason.count} for reason in here.reasons
        ]
        return data


class AreaListSerializer(serializers.ListSerializer):
    """A page of areas: the industries of all of them in one query."""

    def to_representation(self, data):
        areas = list(data.all() if hasattr(data, "all") else data)
        self.context[INDUSTRIES_BY_AREA] = industries_by_area(areas)
        return super().to_representation(areas)


class ZoneSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = WebUrlField()
    areas = AreaRefSerializer(many=True, read_only=True)
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Zone
        fields = [
            "slug",
            "name",
            "short_name",
            "established_on",
            "total_area_km2",
            "summary",
            "description",
            "areas",
            "source",
            "quote",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_url(self, zone) -> str:
        return api_url(self.context, "api:zone-detail", zone.slug)


class AreaSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = WebUrlField()
    zone = ZoneRefSerializer(read_only=True, allow_null=True)
    aliases = serializers.ListField(
        source="alias_list", child=serializers.CharField(), read_only=True, help_text="Other names and spellings."
    )
    key_industries = serializers.SerializerMethodField()
    industries = serializers.SerializerMethodField()
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Area
        list_serializer_class = AreaListSerializer
        fields = [
            "slug",
            "name",
            "zone",
            "aliases",
            "area_km2",
            "inaugurated_on",
            "inaugurated_on_basis",
            "summary",
            "positioning",
            "latitude",
            "longitude",
            "key_industries",
            "industries",
            "source",
            "quote",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_url(self, area) -> str:
        return api_url(self.context, "api:area-detail", area.slug)

    @extend_schema_field(KeyIndustrySerializer(many=True))
    def get_key_industries(self, area):
        links = [link for link in area.area_industries.all() if link.industry.is_published]
        return [KeyIndustrySerializer(link, context=self.context).data for link in links]

    @extend_schema_field(AreaIndustrySerializer(many=True))
    def get_industries(self, area):
        """The published industries of the area, with why each belongs there: a source
        names it for the area, or published enterprises or projects of it are there."""
        by_area = self.context.get(INDUSTRIES_BY_AREA)
        if by_area is None or area.pk not in by_area:
            by_area = industries_by_area([area])
        return [AreaIndustrySerializer(here, context=self.context).data for here in by_area[area.pk]]


class IndustrySerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = WebUrlField()
    parent = IndustryRefSerializer(read_only=True, allow_null=True)
    children = IndustryRefSerializer(many=True, read_only=True)
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Industry
        fields = [
            "slug",
            "name",
            "description",
            "parent",
            "children",
            "source",
            "quote",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_url(self, industry) -> str:
        return api_url(self.context, "api:industry-detail", industry.slug)


class IncentiveSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = WebUrlField()
    category = serializers.ChoiceField(choices=IncentiveCategory.choices, read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    zone_wide = serializers.SerializerMethodField(help_text="True when the measure names no area: it applies in all.")
    areas = AreaRefSerializer(many=True, read_only=True, help_text="Empty for a zone-wide measure.")
    for_all_industries = serializers.SerializerMethodField(help_text="True when the measure names no industry.")
    industries = IndustryRefSerializer(many=True, read_only=True, help_text="Empty when open to every industry.")
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Incentive
        fields = [
            "slug",
            "title",
            "category",
            "category_label",
            "summary",
            "body",
            "eligibility",
            "zone_wide",
            "areas",
            "for_all_industries",
            "industries",
            "effective_from",
            "effective_until",
            "source",
            "source_note",
            "quote",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_url(self, incentive) -> str:
        return api_url(self.context, "api:incentive-detail", incentive.slug)

    # From every linked row, published or not: a measure for an unpublished area only is
    # not zone-wide, even though that area is not listed.
    def get_zone_wide(self, incentive) -> bool:
        return not incentive.areas.all()

    def get_for_all_industries(self, incentive) -> bool:
        return not incentive.industries.all()

    def to_representation(self, incentive):
        # The declared fields' output as a plain dict, key for key (tests/api/test_read_models.py
        # compares it with DRF's generic path), without DRF's per-field machinery.
        context = self.context
        return {
            "slug": incentive.slug,
            "title": incentive.title,
            "category": incentive.category,
            "category_label": choice_label(IncentiveCategory, incentive.category),
            "summary": incentive.summary,
            "body": incentive.body,
            "eligibility": incentive.eligibility,
            "zone_wide": self.get_zone_wide(incentive),
            "areas": published_refs(context, AreaRefSerializer.view_name, incentive.areas.all()),
            "for_all_industries": self.get_for_all_industries(incentive),
            "industries": published_refs(context, IndustryRefSerializer.view_name, incentive.industries.all()),
            "effective_from": date_repr(incentive.effective_from),
            "effective_until": date_repr(incentive.effective_until),
            "source": source_repr(incentive.source),
            "source_note": incentive.source_note,
            "quote": incentive.quote,
            "updated_at": datetime_repr(incentive.updated_at),
            "url": self.get_url(incentive),
            "web_url": self.get_web_url(incentive),
        }


@document_resource("zone", "zones")
class ZoneViewSet(PublishedReadOnlyViewSet):
    queryset = Zone.objects.published().with_related()
    serializer_class = ZoneSerializer


@document_resource("area", "areas")
class AreaViewSet(PublishedReadOnlyViewSet):
    queryset = Area.objects.published().with_related()
    serializer_class = AreaSerializer


@document_resource("industry", "industries")
class IndustryViewSet(PublishedReadOnlyViewSet):
    """Filtered exactly like the website's industry list (zones.filters.IndustryFilterSet)."""

    queryset = Industry.objects.published().with_related()
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet


@document_resource("incentive", "incentives")
class IncentiveViewSet(PublishedReadOnlyViewSet):
    """Filtered exactly like the website's incentive directory (zones.filters.IncentiveFilterSet)."""

    queryset = Incentive.objects.published().with_related()
    serializer_class = IncentiveSerializer
    filterset_class = IncentiveFilterSet
