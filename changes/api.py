"""GET /api/v1/changes/: the partner change feed.

`?since=<cursor>` (the `cursor` of the last response, an integer) or `?since=<ISO 8601
timestamp>` (only for the first call; the cursor is exact, a timestamp is not). Events
come oldest first; `next` is the URL to call for what follows, even when nothing does (a
partner polls it). See docs/partner-api.md for the sync loop.
"""

import re
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.db import DatabaseError
from django.db.models import Max
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import APIView

from ftzportal import lists
from ftzportal.api.schema import PortalAutoSchema
from ftzportal.api.schema_values import AT_MOST_EXTENSION
from ftzportal.api.viewsets import RequestLanguageMixin

from .models import Action, ChangeEvent, Resource

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# A cursor is an event id: a whole number that fits the database's 64-bit integers (empty:
# from the start).
CURSOR_PATTERN = r"^[0-9]{0,18}$"
SINCE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": CURSOR_PATTERN},
        {"type": "string", "format": "date-time"},
    ]
}


def cursor_ahead_message():
    return _("This cursor is beyond the newest change: give the cursor of an earlier response.")


class ChangeEventSerializer(serializers.ModelSerializer):
    cursor = serializers.IntegerField(source="id", read_only=True, help_text="Pass as `since` to read what follows.")
    resource = serializers.ChoiceField(choices=Resource.choices, read_only=True)
    action = serializers.ChoiceField(
        choices=Action.choices,
        read_only=True,
        help_text="created/published/updated: fetch `url`; unpublished/deleted: a tombstone, remove `slug`.",
    )
    tombstone = serializers.BooleanField(source="is_tombstone", read_only=True)
    url = serializers.SerializerMethodField(help_text="The entry's detail endpoint; null for a tombstone.")

    class Meta:
        model = ChangeEvent
        fields = ["cursor", "resource", "slug", "action", "tombstone", "occurred_at", "url"]

    def get_url(self, event) -> str | None:
        if event.is_tombstone:
            return None
        path = reverse(lists.get(event.resource).api_detail_url_name, kwargs={"slug": event.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ChangeFeedSerializer(serializers.Serializer):
    results = ChangeEventSerializer(many=True)
    cursor = serializers.IntegerField(help_text="The last event's cursor (or the one you sent, if none followed).")
    has_more = serializers.BooleanField(help_text="True when more events follow at once: call `next` now.")
    next = serializers.URLField(help_text="Call this URL for what follows (now if has_more, later otherwise).")


class ChangeQuerySerializer(serializers.Serializer):
    since = serializers.CharField(required=False, allow_blank=True, max_length=64)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)

    def validate_since(self, value):
        value = value.strip()
        if not value:
            return ("cursor", 0)
        if re.fullmatch(CURSOR_PATTERN, value):
            return ("cursor", int(value))
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            raise serializers.ValidationError(
                _("Give the cursor of an earlier response (a whole number) or an ISO 8601 date and time."),
                code="invalid",
            )
        return ("time", as_utc(make_aware(moment) if is_naive(moment) else moment))


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC; a moment of the first or last day of the calendar that falls
    outside it in UTC (0001-01-01T00:00+01:00) becomes its first or last instant."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.year == datetime.min.year else datetime.max).replace(tzinfo=UTC)


class ChangeFeedSchema(PortalAutoSchema):
    """`since` says, when the schema is built, the newest cursor it accepts (a later one is
    a 400, `cursor_ahead`): the extension AT_MOST_EXTENSION, as JSON Schema cannot bound a
    number written as text."""

    def get_override_parameters(self):
        try:
            newest = ChangeEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
        except DatabaseError:  # a system check before `migrate`
            newest = None
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "since",
                SINCE_SCHEMA,
                OpenApiParameter.QUERY,
                allow_blank=True,
                description=(
                    "A cursor from an earlier response (integer; 0 = from the start; at most the newest "
                    f"event's: {AT_MOST_EXTENSION}) or an ISO 8601 timestamp."
                ),
                extensions={AT_MOST_EXTENSION: newest} if newest is not None else None,
            ),
        ]


class ChangeFeedView(RequestLanguageMixin, APIView):
    schema = ChangeFeedSchema()

    @extend_schema(
        summary="Changes since a cursor (partner sync)",
        description=(
            "Every change of a public entry, oldest first: created, published, updated, and tombstones "
            "(unpublished or archived, deleted). Start with `since=0` (or an ISO timestamp), then follow "
            "`next`. Changes to drafts are not listed."
        ),
        tags=["changes"],
        parameters=[
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                OpenApiParameter.QUERY,
                description=f"1–{MAX_LIMIT}, default {DEFAULT_LIMIT}.",
            ),
        ],
        responses={200: ChangeFeedSerializer},
    )
    def get(self, request):
        query = ChangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind, since = query.validated_data.get("since", ("cursor", 0))
        limit = query.validated_data["limit"]
        events = ChangeEvent.objects.order_by("id")
        events = events.filter(id__gt=since) if kind == "cursor" else events.filter(occurred_at__gt=since)
        page = list(events[: limit + 1])
        if not page and kind == "cursor" and since > 0:
            # Only an empty page can follow a cursor that was never given: no extra query
            # for a partner that is reading or has caught up.
            newest = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            if since > newest:
                raise serializers.ValidationError({"since": [ErrorDetail(cursor_ahead_message(), code="cursor_ahead")]})
        has_more = len(page) > limit
        page = page[:limit]
        if page:
            cursor = page[-1].id
        elif kind == "cursor":
            cursor = since
        else:
            # Nothing after that moment yet: continue from the newest event before it.
            cursor = (
                ChangeEvent.objects.filter(occurred_at__lte=since).order_by("-id").values_list("id", flat=True).first()
                or 0
            )
        next_url = request.build_absolute_uri(
            reverse("api:changes") + "?" + urlencode({"since": cursor, "limit": limit})
        )
        body = {
            "results": ChangeEventSerializer(page, many=True, context={"request": request}).data,
            "cursor": cursor,
            "has_more": has_more,
            "next": next_url,
        }
        return Response(body)
