"""Partner API resources of the investments app: enterprises, projects, and the lead
endpoint through which partners send investors' inquiries."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from ftzportal.api.permissions import IsPartner
from ftzportal.api.serializers import (
    QUOTE_HELP,
    PublishedSlugRelatedField,
    RefSerializer,
    SourceSerializer,
    TextField,
    WebUrlField,
    WebUrlMixin,
    api_url,
    choice_label,
    date_repr,
    datetime_repr,
    published_refs,
    ref,
    source_repr,
)
from ftzportal.api.viewsets import PublishedReadOnlyViewSet, RequestLanguageMixin, document_resource
from ftzportal.facts import MoneyKind, Qualifier
from ftzportal.money import Currency
from zones.api import AreaRefSerializer, IndustryRefSerializer
from zones.models import Area, Industry

from .filters import EnterpriseFilterSet, ProjectFilterSet
from .models import ChineseProvince, Enterprise, Inquiry, InquiryChannel, Project, ProjectStatus
from .services import inquiry_create


class EnterpriseRefSerializer(RefSerializer):
    view_name = "api:enterprise-detail"


class ProjectRefSerializer(RefSerializer):
    view_name = "api:project-detail"


class EnterpriseSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = WebUrlField()
    area = AreaRefSerializer(read_only=True, allow_null=True)
    industries = IndustryRefSerializer(many=True, read_only=True)
    origin_country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code, or null.")
    origin_province = serializers.ChoiceField(
        choices=ChineseProvince.choices, read_only=True, allow_blank=True, help_text="For Chinese enterprises, or ''."
    )
    origin_label = serializers.CharField(read_only=True, help_text="Origin in words, in the response language.")
    is_foreign_invested = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="null where the source does not say."
    )
    source = SourceSerializer(read_only=True, allow_null=True)
    quote = serializers.CharField(read_only=True, help_text=QUOTE_HELP)

    class Meta:
        model = Enterprise
        fields = [
            "slug",
            "name",
            "area",
            "industries",
            "origin_country",
            "origin_province",
            "origin_label",
            "is_foreign_invested",
            "settled_on",
            "description",
            "website",
            "is_sample",
            "source",
            "quote",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_url(self, enterprise) -> str:
        return api_url(self.context, "api:enterprise-detail", enterprise.slug)

    def get_origin_country(self, enterprise) -> str | None:
        return enterprise.origin_country.code or None

    def to_representation(self, enterprise):
        # The declared fields' output as a plain dict, key for key (tests/api/test_read_models.py
        # compares it with DRF's generic path): DRF's per-field machinery was half of a list's time.
        context = self.context
        return {
            "slug": enterprise.slug,
            "name": enterprise.name,
            "area": ref(context, AreaRefSerializer.view_name, enterprise.area),
            "industries": published_refs(context, IndustryRefSerializer.view_name, enterprise.published_industries),
            "origin_country": self.get_origin_country(enterprise),
            "origin_province": enterprise.origin_province,
            "origin_label": str(enterprise.origin_label),
            "is_foreign_invested": enterprise.is_foreign_invested,
            "settled_on": date_repr(enterprise.settled_on),
            "description": enterprise.description,
            "website": enterprise.website,
            "is_sample": enterprise.is_sample,
            "source": source_repr(enterprise.source),
            "quote": enterprise.quote,
            "updated_at": datetime_repr(enterprise.updated_at),
            "url": self.get_url(enterprise),
            "web_url": self.get_web_url(enterprise),
        }


class ProjectSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = WebUrlField()
    area = AreaRefSerializer(read_only=True, allow_null=True)
    enterprise = EnterpriseRefSerializer(read_only=True, allow_null=True)
    industry = IndustryRefSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    value = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="A decimal string in `currency`; null when the source does not state it.",
    )
    value_kind = serializers.ChoiceField(
        choices=MoneyKind.choices,
        read_only=True,
        help_text="What the value is: a planned investment, a contracted one, or an investment made.",
    )
    value_qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        read_only=True,
        help_text="The source's qualifier of the value ('more-than', 'about', …); '' where it is stated exactly.",
    )
    currency = serializers.ChoiceField(choices=Currency.choices, read_only=True, help_text="ISO 4217 code.")
    source = SourceSerializer(read_only=True, allow_null=True)
    quote = serializers.CharField(read_only=True, help_text=QUOTE_HELP)

    class Meta:
        model = Project
        fields = [
            "slug",
            "name",
            "area",
            "enterprise",
            "industry",
            "status",
            "status_label",
            "value",
            "value_kind",
            "value_qualifier",
            "currency",
            "signed_on",
            "description",
            "is_sample",
            "source",
            "quote",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_url(self, project) -> str:
        return api_url(self.context, "api:project-detail", project.slug)

    def to_representation(self, project):
        # As EnterpriseSerializer.to_representation: a plain dict, pinned to DRF's generic path.
        context = self.context
        value = project.value
        if value is not None:
            # The declared DecimalField's own formatting (a string with two decimals).
            value = self._declared_fields["value"].to_representation(value)
        return {
            "slug": project.slug,
            "name": project.name,
            "area": ref(context, AreaRefSerializer.view_name, project.area),
            "enterprise": ref(context, EnterpriseRefSerializer.view_name, project.enterprise),
            "industry": ref(context, IndustryRefSerializer.view_name, project.industry),
            "status": project.status,
            "status_label": choice_label(ProjectStatus, project.status),
            "value": value,
            "value_kind": project.value_kind,
            "value_qualifier": project.value_qualifier,
            "currency": project.currency,
            "signed_on": date_repr(project.signed_on),
            "description": project.description,
            "is_sample": project.is_sample,
            "source": source_repr(project.source),
            "quote": project.quote,
            "updated_at": datetime_repr(project.updated_at),
            "url": self.get_url(project),
            "web_url": self.get_web_url(project),
        }


@document_resource("enterprise", "enterprises")
class EnterpriseViewSet(PublishedReadOnlyViewSet):
    """Filtered exactly like the website's enterprise directory (investments.filters.EnterpriseFilterSet)."""

    queryset = Enterprise.objects.published().with_related()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet


@document_resource("project", "projects")
class ProjectViewSet(PublishedReadOnlyViewSet):
    """Filtered exactly like the website's project directory (investments.filters.ProjectFilterSet)."""

    queryset = Project.objects.published().with_related()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet


@extend_schema_field({"type": "boolean", "enum": [True]})
class ConsentField(serializers.BooleanField):
    """Only the JSON value `true` is accepted (not "true", 1 or "yes", which DRF's
    BooleanField takes): an inquiry needs the investor's explicit consent."""

    def to_internal_value(self, data):
        if data is not True:
            raise serializers.ValidationError(
                _("The investor must agree to be contacted before an inquiry is sent."), code="consent_required"
            )
        return data


class InquiryCreateSerializer(serializers.Serializer):
    """An investor's inquiry sent by a partner. Areas, industries and projects are named
    by slug and must be published."""

    name = TextField(max_length=200, help_text="The investor's name.")
    email = serializers.EmailField(max_length=254)
    company = TextField(max_length=200, required=False, allow_blank=True, default="")
    country = serializers.ChoiceField(
        choices=list(countries), required=False, allow_blank=True, default="", help_text="ISO 3166-1 alpha-2 code."
    )
    area = PublishedSlugRelatedField(queryset=Area.objects.published(), required=False, allow_null=True, default=None)
    industry = PublishedSlugRelatedField(
        queryset=Industry.objects.published(), required=False, allow_null=True, default=None
    )
    project = PublishedSlugRelatedField(
        queryset=Project.objects.published(), required=False, allow_null=True, default=None
    )
    message = TextField(max_length=5000)
    consent = ConsentField(help_text="Must be true: the investor agreed to be contacted.")


class InquirySerializer(serializers.ModelSerializer):
    """An inquiry as stored: what the partner sent, plus its reference, status and channel."""

    reference = serializers.IntegerField(source="pk", read_only=True, help_text="Quote it when asking about it.")
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code, or null.")
    area = AreaRefSerializer(read_only=True, allow_null=True)
    industry = IndustryRefSerializer(read_only=True, allow_null=True)
    project = ProjectRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Inquiry
        fields = [
            "reference",
            "name",
            "email",
            "company",
            "country",
            "area",
            "industry",
            "project",
            "message",
            "consent",
            "status",
            "channel",
            "created_at",
        ]
        read_only_fields = fields

    def get_country(self, inquiry) -> str | None:
        return inquiry.country.code or None


@extend_schema_view(
    create=extend_schema(
        summary="Send an investor's inquiry (partners only)",
        tags=["inquiries"],
        request=InquiryCreateSerializer,
        responses={201: InquirySerializer},
    )
)
class InquiryViewSet(RequestLanguageMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Leads from partners. Stored only through investments.services.inquiry_create, with
    status "new", channel "partner-api" and the key's name as the partner."""

    permission_classes = [IsPartner]
    serializer_class = InquiryCreateSerializer
    queryset = Inquiry.objects.none()

    def create(self, request, *args, **kwargs):
        # A body over 64 kB (an inquiry is a few short fields and a message of at most 5000
        # characters) or nested too deeply is refused by the API's parser (ftzportal.api.parsers).
        serializer = InquiryCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        inquiry = inquiry_create(
            **serializer.validated_data, channel=InquiryChannel.PARTNER_API, partner_name=request.auth.name
        )
        body = InquirySerializer(inquiry, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
