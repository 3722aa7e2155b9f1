"""The OpenAPI schema class: every operation documents the portal's error responses,
the ETag / If-None-Match pair of read operations, and Retry-After on 429; and the pieces
that make the schema say exactly what the API accepts (tests/api/test_schema_fuzz.py
checks it with schemathesis): slugs as the enum of the published ones when the schema is
built, choices as enums, and the `x-not-below` extension for the upper end of a range."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .errors import ErrorSerializer
from .schema_values import NON_BLANK_TEXT_PATTERN, TEXT_PATTERN, slug_schema


class PublishedSlugFieldExtension(OpenApiSerializerFieldExtension):
    """A body field naming a published entry by slug (ftzportal.api.serializers)."""

    target_class = "ftzportal.api.serializers.PublishedSlugRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        schema = slug_schema(self.target.get_queryset(), self.target.slug_field)
        if self.target.allow_null:
            schema["nullable"] = True
        return schema


ERROR_DESCRIPTIONS = {
    "400": "Invalid query parameter or body field (unknown slug, bad number or date, reversed range…).",
    "401": "Malformed Authorization header, or a partner key is required and none was sent.",
    "403": "The API key is unknown, revoked or expired.",
    "404": "No published entry with this slug, or a page past the end.",
    "406": "The Accept header asks for something other than JSON.",
    "413": "The request body is too large.",
    "415": "The request body is not JSON.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}


PLAIN_TEXT_FIELDS = (serializers.CharField,)
# Text fields whose own format says what they accept (choices, slugs, e-mail, URLs…).
FORMATTED_TEXT_FIELDS = (
    serializers.ChoiceField,
    serializers.SlugField,
    serializers.EmailField,
    serializers.URLField,
    serializers.RegexField,
    serializers.UUIDField,
    serializers.IPAddressField,
)


class PortalAutoSchema(AutoSchema):
    def _is_read(self) -> bool:
        return self.method == "GET"

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Plain text fields say what the API refuses: a NUL character, and blank text where
        a value is required (DRF trims white space first)."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, PLAIN_TEXT_FIELDS)
            and not isinstance(field, FORMATTED_TEXT_FIELDS)
            and schema.get("type") == "string"
            and not any(key in schema for key in ("pattern", "enum", "format"))
        ):
            schema["pattern"] = TEXT_PATTERN if field.allow_blank else NON_BLANK_TEXT_PATTERN
        return schema

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "406", "429"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        return codes

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        parameters.append(
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="en (default), zh-hans or ru: the language of names, texts and error messages.",
            )
        )
        parameters += [
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=["en", "zh-hans", "ru"],
                description="The response language, for clients that cannot set Accept-Language; wins over it.",
            ),
            OpenApiParameter(
                "Content-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=True,
                description="The language of the response: en, zh-hans or ru.",
            ),
        ]
        if self._is_read():
            parameters += [
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier response: 304 with no body if nothing changed.",
                ),
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=["200", "304"],
                    description="Changes whenever the response would.",
                ),
            ]
        parameters.append(
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=["429"],
                description="Seconds to wait before the next request.",
            )
        )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._is_read():
            responses["304"] = self._get_response_for_code(
                OpenApiResponse(description="Not modified since the ETag sent in If-None-Match."), "304"
            )
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code, direction=direction
                )
        return responses
