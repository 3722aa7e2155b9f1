"""A response cache for public pages and API responses, keyed by the content version.

Every cached response is stored under a key made of the content version (a number in the
database that every curated write bumps after commit, see ftzportal.content_version), the
active language and the absolute URL with its full query string. A publish, edit or
archive therefore makes every stored response unreachable at once, on every worker of
every app server: the old entries are simply never looked up again and age out of the
cache (Redis evicts them under `maxmemory-policy allkeys-lru`; local memory culls them).

The version is read from the database once per request (one primary-key query). That
query is what keeps a per-process local-memory cache correct with several gunicorn
workers and several app servers; it is deliberately not cached in the process, because
any in-process copy would serve stale content for as long as it lives.

Three ways in, sharing one set of rules:

- `ContentCacheMiddleware` for website pages (placed right after LocaleMiddleware, so the
  active language is known; /api/, the admin and a few others are left alone);
- `cache_public_response` to cache one view explicitly;
- `CachedResponseMixin` for DRF viewsets: the cache is consulted inside `list`/`retrieve`,
  i.e. after authentication and throttling, so partner keys are still checked, counted
  and throttled on every request.

Only what is the same for every visitor is stored: 200 responses to GET requests without
an Authorization header and without cookies other than the CSRF and language cookies;
never a response that sets a cookie (a form used the CSRF token, a session was started),
used the CSP nonce, is marked private/no-store, or varies on a header the key does not
cover.
"""

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from .content_version import get_content_version

CACHE_STATUS_HEADER = "X-Cache"
KEY_PREFIX = "ftzportal:response"
SAFE_METHODS = ("GET", "HEAD")
# Entries are unreachable once the version moves on; the timeout only bounds how long an
# unchanged site keeps a page nobody asks for.
DEFAULT_TIMEOUT = 24 * 60 * 60
# The key covers the language; a page that varies on Cookie is only stored when the request
# carried no cookie that can change it (see cookie rules below).
COVERED_VARY_HEADERS = {"accept-language", "cookie"}
# Headers that belong to one response only and are set again on the way out.
NOT_STORED_HEADERS = {"set-cookie", "x-request-id", CACHE_STATUS_HEADER.lower()}

_request_version: ContextVar[int | None] = ContextVar("ftzportal_content_version", default=None)


# --- The version, the key and the ETag ---------------------------------------------------


def _django_request(request):
    """The HttpRequest behind a DRF Request (attributes set on the wrapper would be lost)."""
    return getattr(request, "_request", request)


def request_content_version(request) -> int:
    """The content version, read once per request and shared by everything that needs it
    while the request is handled (page cache, ETag, cached counts)."""
    django_request = _django_request(request)
    version = getattr(django_request, "_content_version", None)
    if version is None:
        version = get_content_version()
        django_request._content_version = version
    return version


def current_content_version() -> int:
    """The version read by the request being handled, else a fresh read. For code that has
    no request at hand (a paginator counting rows)."""
    version = _request_version.get()
    return get_content_version() if version is None else version


def _fingerprint(request, version: int, salt: str = "") -> str:
    """One digest for the key and the ETag, so a cached response and a 304 always agree."""
    django_request = _django_request(request)
    raw = "\n".join([salt, str(version), get_language() or "", django_request.build_absolute_uri()])
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def content_etag(request, *, salt: str = "") -> str:
    """A strong ETag for the response to `request` at the current content version.

    Reusable by the API: `salt` lets a caller keep tags of different representations of
    the same URL apart (e.g. an API version)."""
    return quote_etag(_fingerprint(request, request_content_version(request), salt))


def response_cache_key(request, *, namespace: str = "page", salt: str = "") -> str:
    version = request_content_version(request)
    return f"{KEY_PREFIX}:{namespace}:{version}:{_fingerprint(request, version, salt)}"


def etag_matches(request, etag: str) -> bool:
    header = _django_request(request).META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    # Weak comparison (RFC 9110 13.1.2): a proxy may have weakened our tag with W/.
    return "*" in tags or etag in tags or etag in (tag.removeprefix("W/") for tag in tags)


# --- What may be stored ------------------------------------------------------------------


def _allowed_cookies() -> set[str]:
    # The CSRF cookie only matters to a page whose form uses the token, and such a page
    # renews the cookie, so it is never stored. The language cookie only chooses the
    # language, which is part of the key.
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def is_cacheable_request(request) -> bool:
    """A safe request that looks the same for every anonymous visitor."""
    django_request = _django_request(request)
    if django_request.method not in SAFE_METHODS:
        return False
    if "HTTP_AUTHORIZATION" in django_request.META:
        return False
    return set(django_request.COOKIES) <= _allowed_cookies()


def is_storable_response(request, response) -> bool:
    """A 200 answer to a GET whose content is the same for every anonymous visitor."""
    django_request = _django_request(request)
    if django_request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        # A session was started, a message stored, or a form used the CSRF token.
        return False
    if isinstance(getattr(django_request, "_csp_nonce", None), str):
        # The body carries this response's CSP nonce; sharing it would defeat the nonce.
        return False
    cache_control = {
        directive.split("=")[0].strip().lower() for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
    return vary <= COVERED_VARY_HEADERS


# --- Storing and rebuilding --------------------------------------------------------------


def _stored_headers(response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]


def _rebuild(entry) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[CACHE_STATUS_HEADER] = "HIT"
    return response


def _timeout() -> int:
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def serve_from_cache(request, build_response: Callable, *, namespace: str = "page"):
    """The whole page-cache protocol around `build_response()`: 304 for a matching
    If-None-Match, the stored response when there is one, else build, store if allowed,
    and tag with the ETag."""
    if not is_cacheable_request(request):
        return build_response()
    version = request_content_version(request)
    token = _request_version.set(version)
    try:
        etag = content_etag(request)
        if etag_matches(request, etag):
            return HttpResponseNotModified(headers={"ETag": etag})
        key = response_cache_key(request, namespace=namespace)
        entry = cache.get(key)
        if entry is not None:
            return _rebuild(entry)
        response = build_response()
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if is_storable_response(request, response):
            response["ETag"] = etag
            cache.set(key, (response.status_code, _stored_headers(response), response.content), _timeout())
            response[CACHE_STATUS_HEADER] = "MISS"
        return response
    finally:
        _request_version.reset(token)


def _excluded_prefixes() -> tuple[str, ...]:
    configured = getattr(settings, "CONTENT_CACHE_EXCLUDED_PATHS", None)
    if configured is not None:
        return tuple(configured)
    # The API caches inside its views (after throttling); the admin and the language
    # switcher are never public pages; probes must reach the application.
    return ("/api/", "/" + settings.ADMIN_URL, "/i18n/", "/healthz")


class ContentCacheMiddleware:
    """Caches public website pages. Place right after
    `django.middleware.locale.LocaleMiddleware` (the key needs the active language; every
    middleware below it is skipped on a hit, and those above it still add their headers:
    request id, security headers, a fresh CSP without nonce)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = _excluded_prefixes()

    def __call__(self, request):
        if request.path.startswith(self.excluded):
            return self.get_response(request)
        return serve_from_cache(request, lambda: self.get_response(request))


def cache_public_response(view):
    """Decorator: cache one view's public responses under the content version."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return serve_from_cache(request, lambda: view(request, *args, **kwargs))

    return wrapper


class CachedResponseMixin:
    """For DRF viewsets: `list` and `retrieve` answered from the cache after DRF has
    authenticated and throttled the request (a partner key is still checked, counted and
    throttled). The data is stored, not the bytes, so the renderer still negotiates.

    Responses do not depend on who asks (public, published data), so requests with a
    partner key share entries with anonymous ones. Put it after ConditionalGetMixin so a
    matching If-None-Match is answered before the cache is read."""

    cache_namespace = "api"

    def list(self, request, *args, **kwargs):
        return self._cached_response(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached_response(super().retrieve, request, *args, **kwargs)

    def _cached_response(self, build_response, request, *args, **kwargs):
        from rest_framework.response import Response

        if request.method not in SAFE_METHODS:
            return build_response(request, *args, **kwargs)
        version = request_content_version(request)
        token = _request_version.set(version)
        try:
            key = response_cache_key(request, namespace=self.cache_namespace)
            entry = cache.get(key)
            if entry is not None:
                status, headers, data = entry
                response = Response(data, status=status, headers=dict(headers))
                response[CACHE_STATUS_HEADER] = "HIT"
                return response
            response = build_response(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200 and not response.cookies:
                # The renderer sets Content-Type again on every response.
                headers = [(name, value) for name, value in _stored_headers(response) if name.lower() != "content-type"]
                cache.set(key, (response.status_code, headers, response.data), _timeout())
                response[CACHE_STATUS_HEADER] = "MISS"
            return response
        finally:
            _request_version.reset(token)
