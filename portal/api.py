"""GET /api/v1/match/: the matcher of the /match/ page (zones.matching), as JSON. The same
answers give the same areas, incentives, enterprises and projects as the page."""

from django.db import DatabaseError
from django_countries import countries
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ftzportal.api.schema import PortalAutoSchema
from ftzportal.api.schema_values import ALLOWED_WITH_EXTENSION, choice_values, slug_schema
from ftzportal.api.viewsets import RequestLanguageMixin
from investments.api import EnterpriseSerializer, ProjectSerializer
from investments.models import ChineseProvince
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


class MatchSchema(PortalAutoSchema):
    """The matcher's parameters, read from its form when the schema is built: the slugs of
    the published industries and areas, the origin codes and the bands it accepts."""

    def get_override_parameters(self):
        try:
            return self._match_parameters()
        except DatabaseError:
            # No database to read (a system check before `migrate`): the common ones only.
            return super().get_override_parameters()

    def _match_parameters(self):
        form = MatchForm()
        origins = choice_values(form.fields["origin"].choices)
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "industry",
                {"type": "array", "items": slug_schema(form.fields["industry"].queryset)},
                OpenApiParameter.QUERY,
                required=True,
                explode=True,
                description="Slug of a published industry; repeat for several. Required.",
            ),
            OpenApiParameter(
                "area",
                {"type": "string", "enum": choice_values(form.fields["area"].choices)},
                OpenApiParameter.QUERY,
                description=f"Slug of a published area, or `{NOT_SURE}` (the default).",
            ),
            OpenApiParameter(
                "investor",
                {"type": "string", "enum": [value for value, _label in InvestorType.CHOICES]},
                OpenApiParameter.QUERY,
                description="Foreign or domestic investor.",
            ),
            OpenApiParameter(
                "origin",
                {"type": "string", "enum": origins},
                OpenApiParameter.QUERY,
                description=(
                    "ISO 3166-1 alpha-2 country code (KG, KZ…) or a Chinese province slug (zhejiang…). "
                    "A domestic investor names a province (or CN), a foreign one a country (else 400)."
                ),
                extensions={
                    ALLOWED_WITH_EXTENSION: {
                        "investor": {
                            InvestorType.DOMESTIC: [*ChineseProvince.values, "CN"],
                            InvestorType.FOREIGN: [code for code in origins if code in dict(countries)],
                        }
                    }
                },
            ),
            OpenApiParameter(
                "size",
                {"type": "string", "enum": list(SIZE_BANDS)},
                OpenApiParameter.QUERY,
                description="Investment band.",
            ),
        ]


class MatchAPIView(RequestLanguageMixin, APIView):
    schema = MatchSchema()

    @extend_schema(
        summary="What applies to an investor",
        description=(
            "The matcher of the website's /match/ page. Areas where an industry is a key industry, ranked, "
            "each with its reasons; the incentives that apply there (or zone-wide) to those industries; "
            "enterprises and projects in those industries."
        ),
        tags=["match"],
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
