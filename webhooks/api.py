"""/api/v1/webhooks/: a partner's own webhook endpoints and their delivery logs.

Only with a partner key; a key sees and changes only its own endpoints (another key's are
404). The signing secret is shown when the endpoint is created and on its detail.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from changes.models import Action, ChangeEvent, Resource
from ftzportal.api.permissions import IsPartner, partner_key
from ftzportal.api.schema_values import CHECKED_TARGET_EXTENSION
from ftzportal.api.viewsets import RequestLanguageMixin

from . import services, targets
from .models import WebhookDelivery, WebhookEndpoint
from .tasks import redeliver_task, send_test_event_task

# An https URL with a host name: what the URL validator accepts is narrower than RFC 3986.
WEBHOOK_URL_PATTERN = r"^https://[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?(?:/[!-~]*)?$"


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "maxLength": 500,
        "pattern": WEBHOOK_URL_PATTERN,
        CHECKED_TARGET_EXTENSION: True,
        "description": "HTTPS, on a host that resolves to public addresses only (else a 400).",
    }
)
class WebhookURLField(serializers.URLField):
    pass


class WebhookEndpointSerializer(serializers.ModelSerializer):
    url = WebhookURLField(max_length=500, help_text="HTTPS, on a public address.")
    resources = serializers.ListField(
        child=serializers.ChoiceField(choices=Resource.choices),
        required=False,
        max_length=len(Resource.values),
        help_text="Resources wanted; empty or absent: all.",
    )
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=Action.choices),
        required=False,
        max_length=len(Action.values),
        help_text="Actions wanted; empty or absent: all.",
    )
    paused = serializers.SerializerMethodField()

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "resources", "actions", "contact_email", "secret", "cursor", "paused", "created_at"]
        read_only_fields = ["id", "secret", "cursor", "paused", "created_at"]

    def get_paused(self, endpoint) -> bool:
        return endpoint.paused_at is not None

    def validate_url(self, value):
        try:
            targets.resolve(value)
        except targets.TargetRefused as refused:
            raise serializers.ValidationError(str(refused), code="refused_target") from refused
        return value


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "kind",
            "idempotency_key",
            "attempt",
            "status_code",
            "succeeded",
            "latency_ms",
            "error",
            "response_excerpt",
            "attempted_at",
        ]


class RedeliverSerializer(serializers.Serializer):
    event_id = serializers.IntegerField(min_value=1, help_text="The cursor of the event to send again.")


@extend_schema_view(
    list=extend_schema(summary="Your webhook endpoints", tags=["webhooks"]),
    create=extend_schema(summary="Register a webhook endpoint", tags=["webhooks"]),
    retrieve=extend_schema(summary="One of your webhook endpoints", tags=["webhooks"]),
    destroy=extend_schema(summary="Remove a webhook endpoint", tags=["webhooks"]),
)
class WebhookEndpointViewSet(
    RequestLanguageMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsPartner]
    serializer_class = WebhookEndpointSerializer

    def get_queryset(self):
        return WebhookEndpoint.objects.filter(api_key=partner_key(self.request)).order_by("pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.endpoint_register(
            api_key=partner_key(self.request),
            url=data["url"],
            resources=data.get("resources", []),
            actions=data.get("actions", []),
            contact_email=data.get("contact_email", ""),
        )

    @extend_schema(
        summary="The delivery log of an endpoint, newest first",
        tags=["webhooks"],
        responses={200: WebhookDeliverySerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        page = self.paginate_queryset(endpoint.deliveries.all())
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(summary="Send a test event", tags=["webhooks"], request=None, responses={202: None})
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        endpoint = self.get_object()
        send_test_event_task.enqueue(endpoint.pk)
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Send one event again", tags=["webhooks"], request=RedeliverSerializer, responses={202: None}
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        endpoint = self.get_object()
        serializer = RedeliverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event_id = serializer.validated_data["event_id"]
        if not ChangeEvent.objects.filter(pk=event_id).exists() or event_id > endpoint.cursor:
            raise serializers.ValidationError(
                {"event_id": ["Only an event this endpoint was already sent can be sent again."]}, code="invalid"
            )
        redeliver_task.enqueue(endpoint.pk, event_id)
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Resume a paused endpoint", tags=["webhooks"], request=None, responses={200: WebhookEndpointSerializer}
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        endpoint = self.get_object()
        with transaction.atomic():
            services.endpoint_resume(endpoint)
        endpoint.refresh_from_db()
        return Response(WebhookEndpointSerializer(endpoint).data)
