"""Partner keys (djangorestframework-api-key): `Authorization: Api-Key <prefix>.<secret>`.

- No Authorization header: anonymous; reads are allowed at the anonymous rate.
- A header that is not `Api-Key <key>` in the shape keys have: 401 `malformed_credentials`
  (with `WWW-Authenticate: Api-Key`), so a client sending the wrong scheme is told at once
  rather than being served silently at the anonymous rate.
- A well-formed key that is unknown, revoked or expired: 403 `invalid_api_key`.
- A valid key: `request.auth` is its APIKey (`request.user` stays unset: partners are not
  user accounts), and its use is recorded (`record_key_use`).

- Failed attempts (malformed or invalid keys) are counted per client address: beyond
  API_KEY_FAILURE_RATE (e.g. "20/hour") that address gets 429 `throttled` for the rest of
  the window, without its key being looked up, so keys cannot be guessed at speed.

What the API checks of a key once authenticated is in ftzportal/api/permissions.py.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework_api_key.models import APIKey

from ftzportal.api.throttling import count_request
from ftzportal.client_address import client_ip

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


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class FailedAttempts:
    """Failed key attempts of one address in the current window of API_KEY_FAILURE_RATE
    (a fixed window, counted like the API's throttles)."""

    def __init__(self, request):
        number, period = settings.API_KEY_FAILURE_RATE.split("/")
        self.limit, self.window = int(number), PERIODS[period.strip()[0]]
        now = time.time()
        window_start = int(now // self.window) * self.window
        self.seconds_left = window_start + self.window - now
        self.key = f"partners:key-failures:{client_ip(request)}:{window_start}"

    def over_limit(self) -> bool:
        return (cache.get(self.key) or 0) >= self.limit

    def add(self) -> None:
        count_request(self.key, self.window + 1)


class PartnerKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        failures = FailedAttempts(request)
        if failures.over_limit():
            raise exceptions.Throttled(wait=failures.seconds_left)
        try:
            api_key = self.valid_key(header)
        except exceptions.APIException:
            failures.add()
            raise
        record_key_use(api_key)
        return (None, api_key)

    def valid_key(self, header: str) -> APIKey:
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
        return api_key

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
