"""GET /api/v1/match/: the matcher of the /match/ page (zones.matching), as JSON. The same
answers give the same areas, incentives, enterprises and projects as the page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ftzportal.api.viewsets import RequestLanguageMixin
from investments.api import EnterpriseSerializer, ProjectSerializer
from zones.api import AreaRefSerializer, IncentiveSerializer, IndustryRefSerializer

from .matching import NOT_SURE, SIZE_BANDS, InvestorType, MatchForm, match_from_form


class AreaMatchSerializer(serializers.Serializer):
    area = AreaRefSerializer(read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="Higher fits better; the list is sorted by it.")
    chosen = serializers.BooleanField(read_only=True, help_text="The investor chose this area.")
    reasons = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Why the area fits, from the curated data."
    )


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    phone = serializers.CharField(read_only=True)
    languages = serializers.CharField(read_only=True)


class MatchSerializer(serializers.Serializer):
    industries = IndustryRefSerializer(many=True, read_only=True)
    areas = AreaMatchSerializer(many=True, read_only=True)
    incentives = IncentiveSerializer(many=True, read_only=True)
    enterprises = EnterpriseSerializer(many=True, read_only=True)
    enterprise_count = serializers.IntegerField(read_only=True, help_text="All matching enterprises (listed: 12).")
    projects = ProjectSerializer(many=True, read_only=True)
    project_count = serializers.IntegerField(read_only=True, help_text="All matching projects (listed: 12).")
    contact = ContactSerializer(read_only=True, allow_null=True, help_text="The best area's named contact, or null.")


def _flatten_form_errors(form) -> dict:
    return {("non_field_errors" if name == "__all__" else name): errors for name, errors in form.errors.items()}


class MatchAPIView(RequestLanguageMixin, APIView):
    @extend_schema(
        summary="What applies to an investor",
        description=(
            "The matcher of the website's /match/ page. Areas where an industry is a key industry, ranked, "
            "each with its reasons; the incentives that apply there (or zone-wide) to those industries; "
            "enterprises and projects in those industries."
        ),
        tags=["match"],
        parameters=[
            OpenApiParameter(
                "industry",
                {"type": "array", "items": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
                OpenApiParameter.QUERY,
                required=True,
                explode=True,
                description="Slug of a published industry; repeat for several. Required.",
            ),
            OpenApiParameter(
                "area",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description=f"Slug of a published area, or `{NOT_SURE}` (the default).",
            ),
            OpenApiParameter(
                "investor",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=[value for value, _label in InvestorType.CHOICES],
                description="Foreign or domestic investor.",
            ),
            OpenApiParameter(
                "origin",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="ISO 3166-1 alpha-2 country code (KG, KZ…) or a Chinese province slug (zhejiang…).",
            ),
            OpenApiParameter(
                "size", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=list(SIZE_BANDS), description="Investment band."
            ),
        ],
        responses={200: MatchSerializer},
    )
    def get(self, request):
        form = MatchForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(_flatten_form_errors(form))
        result = match_from_form(form)
        data = MatchSerializer(
            {
                "industries": result.industries,
                "areas": result.areas,
                "incentives": result.incentives,
                "enterprises": result.enterprises,
                "enterprise_count": result.enterprise_count,
                "projects": result.projects,
                "project_count": result.project_count,
                "contact": result.contact,
            },
            context={"request": request},
        ).data
        return Response(data)
