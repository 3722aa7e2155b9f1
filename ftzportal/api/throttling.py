"""Anonymous clients share a low rate per IP address; each partner key has its own,
higher rate. Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("anon", "partner").

DRF's throttles read the rates once, at import; these read them per request, so a changed
setting (an override in a test, a reload) applies at once.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .authentication import partner_key


class PortalRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}") from None


class AnonymousRateThrottle(PortalRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if partner_key(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(PortalRateThrottle):
    """Per key, whatever address the partner calls from."""

    scope = "partner"

    def get_cache_key(self, request, view):
        api_key = partner_key(request)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.prefix}
