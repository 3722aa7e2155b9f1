"""One error shape for the whole API, documented in docs/partner-api.md:

    {"errors": [{"field": "min_value", "code": "invalid", "message": "Enter a number."}]}

`field` names the query parameter or body field at fault, or is null when the error is
not about one field (authentication, throttling, not found…). `code` is stable and meant
for programs; `message` is for people and follows the request's language.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

from ftzportal.database import database_unavailable

logger = logging.getLogger(__name__)

NON_FIELD_KEYS = {api_settings.NON_FIELD_ERRORS_KEY, "__all__"}


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="Parameter or body field at fault, or null.")
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `invalid`, `not_found`, `throttled`.")
    message = serializers.CharField(help_text="Human-readable explanation in the request's language.")


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    errors = ErrorItemSerializer(many=True)


def error(code: str, message: str, field: str | None = None) -> dict:
    return {"field": field, "code": code, "message": str(message)}


def flatten_errors(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error details → a flat list; nested fields get dotted names."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = field if key in NON_FIELD_KEYS else (f"{field}.{key}" if field else str(key))
            items.extend(flatten_errors(value, name))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            items.extend(flatten_errors(value, f"{field}.{index}" if nested and field else field))
        return items
    return [error(getattr(detail, "code", None) or "invalid", detail, field)]


def _as_api_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    return exc


def api_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler (status, Retry-After,
    WWW-Authenticate, rollback), then the body rewritten to the portal's error shape.
    Anything DRF does not know becomes a logged 500 in the same shape."""
    if database_unavailable(exc):
        set_rollback()
        return unavailable_response()
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        logger.error("Unhandled error in API view %s", context.get("view").__class__.__name__, exc_info=exc)
        set_rollback()
        return Response(
            {"errors": [error("server_error", _("The server could not answer this request. It has been logged."))]},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    response.data = {"errors": flatten_errors(exc.detail)}
    return response


def unavailable_response() -> JsonResponse:
    """503 in the error shape, with Retry-After: the database cannot answer right now."""
    body = {"errors": [error("unavailable", _("The service is briefly unavailable. Please retry shortly."))]}
    return JsonResponse(body, status=503, headers={"Retry-After": str(settings.RETRY_AFTER_SECONDS)})


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any /api/ path no endpoint matches: a JSON 404 in the error shape, not an HTML page."""
    body = {"errors": [error("not_found", _("There is no API endpoint at this address."))]}
    return JsonResponse(body, status=404)
