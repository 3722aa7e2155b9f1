"""Partner keys (djangorestframework-api-key): `Authorization: Api-Key <prefix>.<secret>`.

- No Authorization header: anonymous; reads are allowed at the anonymous rate.
- A header that is not `Api-Key <key>` in the shape keys have: 401 `malformed_credentials`
  (with `WWW-Authenticate: Api-Key`), so a client sending the wrong scheme is told at once
  rather than being served silently at the anonymous rate.
- A well-formed key that is unknown, revoked or expired: 403 `invalid_api_key`.
- A valid key: `request.auth` is its APIKey (`request.user` stays unset: partners are not
  user accounts), and its use is recorded (`record_key_use`).

What the API checks of a key once authenticated is in ftzportal/api/permissions.py.
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework_api_key.models import APIKey

from .services import record_key_use

KEYWORD = "Api-Key"
# Keys are "<8 letters/digits>.<32 letters/digits>"; a little slack, never unbounded.
KEY_SHAPE = re.compile(r"^[A-Za-z0-9]{1,16}\.[A-Za-z0-9]{1,128}$")


class MalformedCredentials(exceptions.AuthenticationFailed):
    default_detail = _("The Authorization header must be “Api-Key <your key>”.")
    default_code = "malformed_credentials"


class InvalidApiKey(exceptions.PermissionDenied):
    default_detail = _("This API key is unknown, revoked or expired.")
    default_code = "invalid_api_key"


class PartnerKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        keyword, _space, key = header.strip().partition(" ")
        key = key.strip()
        if keyword.lower() != KEYWORD.lower() or not KEY_SHAPE.match(key):
            raise MalformedCredentials()
        try:
            api_key = APIKey.objects.get_from_key(key)
        except APIKey.DoesNotExist:
            raise InvalidApiKey() from None
        if api_key.has_expired:
            raise InvalidApiKey()
        record_key_use(api_key)
        return (None, api_key)

    def authenticate_header(self, request):
        return KEYWORD


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A partner key from the portal\'s curators, sent as "Api-Key <key>".',
        }
