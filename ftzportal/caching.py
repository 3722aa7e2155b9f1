"""A response cache for public pages and API responses, keyed by the content version.

Every cached response is stored under a key made of the language, the scheme, host and
path, and the query string in canonical order without tracking parameters (utm_*,
fbclid…: `canonical_query`), together with the content version it was built at (a number
that every curated write bumps after commit, see ftzportal.content_version). An entry is
served only while its version is the current one, so a publish, edit or archive makes
every stored response stale at once, on every worker of every app server; the next
request rebuilds the entry in place.

The version is read once per request, never from a copy kept in the process (it would
serve stale content for as long as it lives): from Redis together with the entry in one
round trip where Redis is the cache, else from the database (one primary-key query),
which keeps a per-process local-memory cache correct with several workers and servers.

Two ways in, sharing one set of rules:

- `ContentCacheMiddleware` for website pages (placed right after RequestIdMiddleware, so
  a hit skips every other middleware; the stored response carries the headers they set;
  /api/, the admin, static files and a few others are left alone);
- `CachedResponseMixin` for DRF viewsets: the cache is consulted inside `list`/`retrieve`,
  i.e. after authentication and throttling, so partner keys are still checked, counted
  and throttled on every request.

The cache is bounded, so no flood of URLs can fill it: a response is stored only when
every query parameter of its request is one the view recognises (it declares them with
`recognise_query_params`; a view that declares none is stored only without a query
string), so junk and tracking parameters never make new entries (a request carrying
them is still answered from the entry of its recognised parameters); a view marks an
answer it must not share with `do_not_store` (an invalid filter); entries larger than
CONTENT_CACHE_MAX_ENTRY_BYTES are not stored and every entry expires after
CONTENT_CACHE_TIMEOUT. Redis itself runs with `maxmemory` and `allkeys-lru`
(deploy/README.md); nothing else the site needs lives in it.

Only what is the same for every visitor is stored: 200 responses to GET requests without
an Authorization header and without cookies other than the CSRF and language cookies;
never a response that sets a cookie (a form used the CSRF token, a session was started),
used the CSP nonce, is marked private/no-store, or varies on a header the key does not
cover.
"""

import hashlib
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags, quote_etag, urlencode
from django.utils.translation import get_language, get_language_from_path, get_language_from_request

from .content_version import get_content_version, read_with

CACHE_STATUS_HEADER = "X-Cache"
KEY_PREFIX = "ftzportal:response"
SAFE_METHODS = ("GET", "HEAD")
# Entries are unreachable once the version moves on; the timeout only bounds how long an
# unchanged site keeps a page nobody asks for (settings: CONTENT_CACHE_TIMEOUT).
DEFAULT_TIMEOUT = 6 * 60 * 60
DEFAULT_MAX_ENTRY_BYTES = 512 * 1024
# Parameters added by campaigns and click trackers: they never change a response.
TRACKING_PARAMETER = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|ref)$")
# The key covers the language; a page that varies on Cookie is only stored when the request
# carried no cookie that can change it (see cookie rules below).
COVERED_VARY_HEADERS = {"accept-language", "cookie"}
# Headers that belong to one response only and are set again on the way out.
NOT_STORED_HEADERS = {"set-cookie", "x-request-id", CACHE_STATUS_HEADER.lower()}


class _VersionHolder:
    """The content version of the request being handled, once something has read it."""

    __slots__ = ("version",)

    def __init__(self):
        self.version = None


_request_version: ContextVar[_VersionHolder | None] = ContextVar("ftzportal_content_version", default=None)


@contextmanager
def version_scope():
    """Everything inside shares one read of the content version (the request being
    handled); outside any scope every read is fresh. Nested scopes share the outer one."""
    if _request_version.get() is not None:
        yield
        return
    token = _request_version.set(_VersionHolder())
    try:
        yield
    finally:
        _request_version.reset(token)


_process_memos: list[dict] = []


def process_memo() -> dict:
    """A dict for values derived from content and kept in the process, each stored with
    the content version it was derived at and used only while that version is current.
    Tests empty them all between tests (`clear_process_memos`), because the database
    rolls back while the version number stays the same."""
    memo: dict = {}
    _process_memos.append(memo)
    return memo


def clear_process_memos() -> None:
    for memo in _process_memos:
        memo.clear()


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
        version = current_content_version()
        django_request._content_version = version
    return version


def current_content_version() -> int:
    """The version read by the request being handled (read now if nothing has read it
    yet), else a fresh read. For code that has no request at hand (a paginator counting
    rows, a filter looking up its choices)."""
    holder = _request_version.get()
    if holder is None:
        return get_content_version()
    if holder.version is None:
        holder.version = get_content_version()
    return holder.version


def _remember_version(request, version: int) -> None:
    _django_request(request)._content_version = version
    holder = _request_version.get()
    if holder is not None:
        holder.version = version


def canonical_query(request) -> str:
    """The query string without tracking parameters, sorted by name (the values of one
    name keep their order): `?b=2&a=1&utm_source=x` and `?a=1&b=2` are one entry."""
    query = _django_request(request).GET
    names = [name for name in sorted(query) if not TRACKING_PARAMETER.match(name)]
    pairs = [(name, value) for name in names for value in query.getlist(name)]
    return urlencode(pairs)


def recognise_query_params(request, names: Iterable[str]) -> None:
    """The view says which query parameters its response depends on; a response to a
    request with any other parameter is not stored (see the module)."""
    _django_request(request)._cache_query_params = frozenset(names)


def do_not_store(request) -> None:
    """The view's answer must not be shared (e.g. an invalid filter's message page)."""
    _django_request(request)._cache_do_not_store = True


def _query_recognised(request) -> bool:
    django_request = _django_request(request)
    if getattr(django_request, "_cache_do_not_store", False):
        return False
    return set(django_request.GET) <= getattr(django_request, "_cache_query_params", frozenset())


def _fingerprint(request, version: int | None, salt: str = "", language: str | None = None) -> str:
    """One digest of the language and the canonical URL (and the version, for ETags)."""
    django_request = _django_request(request)
    language = get_language() or "" if language is None else language
    url = django_request.build_absolute_uri(django_request.path) + "?" + canonical_query(request)
    raw = "\n".join([salt, "" if version is None else str(version), language, url])
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def content_etag(request, *, salt: str = "", language: str | None = None) -> str:
    """A strong ETag for the response to `request` at the current content version.

    Reusable by the API: `salt` lets a caller keep tags of different representations of
    the same URL apart (e.g. an API version)."""
    return quote_etag(_fingerprint(request, request_content_version(request), salt, language))


def response_cache_key(request, *, namespace: str = "page", salt: str = "", language: str | None = None) -> str:
    """Where the response to `request` is kept; the entry records its own version."""
    return f"{KEY_PREFIX}:{namespace}:{_fingerprint(request, None, salt, language)}"


def read_entry(request, key: str):
    """The content version (remembered on the request) and the entry under `key` if it was
    stored at that version, else None: one round trip to a shared cache."""
    version, found = read_with([key])
    _remember_version(request, version)
    entry = found.get(key)
    if entry is None or entry[0] != version:
        return version, None
    return version, entry[1:]


def etag_matches(tags: list[str], etag: str) -> bool:
    """Whether If-None-Match's `tags` name `etag`. Weak comparison (RFC 9110 13.1.2): a
    proxy may have weakened our tag with W/. "*" is left to the caller: it matches any
    current representation, which only a successful response is."""
    return etag in (tag.removeprefix("W/") for tag in tags)


def if_none_match(request) -> list[str]:
    header = _django_request(request).META.get("HTTP_IF_NONE_MATCH")
    return parse_etags(header) if header else []


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
    """A fresh response from a stored (status, headers, content)."""
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[CACHE_STATUS_HEADER] = "HIT"
    return response


def _timeout() -> int:
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def _store(request, key: str, version: int, response) -> bool:
    """Keep `response` under `key` unless its request had parameters the view does not
    recognise or the view said not to, or it is larger than the cap; returns whether it did."""
    if not _query_recognised(request):
        return False
    if len(response.content) > getattr(settings, "CONTENT_CACHE_MAX_ENTRY_BYTES", DEFAULT_MAX_ENTRY_BYTES):
        return False
    cache.set(key, (version, response.status_code, _stored_headers(response), response.content), _timeout())
    return True


def serve_from_cache(request, build_response: Callable, *, namespace: str = "page", language: str | None = None):
    """The whole page-cache protocol around `build_response()`: 304 for a matching
    If-None-Match, the stored response when there is one, else build, store if allowed,
    and tag with the ETag. `language`: the language the response will be in, when it is
    not active yet (the middleware runs before LocaleMiddleware)."""
    if not is_cacheable_request(request):
        return build_response()
    key = response_cache_key(request, namespace=namespace, language=language)
    with version_scope():
        return _serve(request, build_response, key, language)


def _serve(request, build_response, key, language):
    version, entry = read_entry(request, key)
    etag = content_etag(request, language=language)
    tags = if_none_match(request)
    if "*" in tags or etag_matches(tags, etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    if entry is not None:
        return _rebuild(entry)
    response = build_response()
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    if is_storable_response(request, response):
        response["ETag"] = etag
        if _store(request, key, version, response):
            response[CACHE_STATUS_HEADER] = "MISS"
    return response


def _excluded_prefixes() -> tuple[str, ...]:
    configured = getattr(settings, "CONTENT_CACHE_EXCLUDED_PATHS", None)
    if configured is not None:
        return tuple(configured)
    # The API caches inside its views (after throttling); the admin and the language
    # switcher are never public pages; probes must reach the application; whitenoise
    # answers static files without any of this.
    return ("/api/", "/" + settings.ADMIN_URL, "/i18n/", "/healthz", settings.STATIC_URL, settings.MEDIA_URL)


class ContentCacheMiddleware:
    """Caches public website pages. Place right after RequestIdMiddleware: a hit then
    skips every other middleware, and the stored response carries the headers they set
    (security headers, a CSP without nonce: a page that used the nonce is never stored).

    The key's language is the one LocaleMiddleware will activate (see `coming_language`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = tuple(prefix for prefix in _excluded_prefixes() if prefix and prefix != "/")

    def __call__(self, request):
        with version_scope():
            if request.path.startswith(self.excluded):
                return self.get_response(request)
            return serve_from_cache(request, lambda: self.get_response(request), language=coming_language(request))


def coming_language(request) -> str:
    """The language LocaleMiddleware will activate for `request`, decided as it decides:
    under i18n_patterns the URL's prefix (English unprefixed, whatever cookie or header
    the client sends), elsewhere the language cookie or Accept-Language."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used:
        from_path = get_language_from_path(request.path_info)
        if from_path:
            return from_path
        if not prefixed_default_language:
            return settings.LANGUAGE_CODE
    return get_language_from_request(request, check_path=i18n_patterns_used)


class CachedResponseMixin:
    """For DRF viewsets: `list` and `retrieve` answered from the cache after DRF has
    authenticated and throttled the request (a partner key is still checked, counted and
    throttled). The rendered bytes are stored per negotiated media type, so a hit neither
    serializes nor renders.

    Responses do not depend on who asks (public, published data), so requests with a
    partner key share entries with anonymous ones. Put it after ConditionalGetMixin so a
    matching If-None-Match is answered before the cache is read."""

    cache_namespace = "api"

    def list(self, request, *args, **kwargs):
        return self._cached_response(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached_response(super().retrieve, request, *args, **kwargs)

    def _cached_response(self, build_response, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return build_response(request, *args, **kwargs)
        key = response_cache_key(request, namespace=self.cache_namespace, salt=request.accepted_media_type or "")
        with version_scope():
            version, entry = read_entry(request, key)
            if entry is not None:
                return _rebuild(entry)
            recognise_query_params(request, self.cache_query_params())
            response = build_response(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200 and not response.cookies:
                response.add_post_render_callback(self._store_after_render(request, key, version))
                if _query_recognised(request):
                    response[CACHE_STATUS_HEADER] = "MISS"
            return response

    def cache_query_params(self) -> set[str]:
        """The parameters a list or detail answer depends on: the FilterSet's filters,
        pagination, the language and the format. DRF ignores any other, so a request
        carrying one is answered but not stored."""
        names = {"lang", "format"}
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        paginator = getattr(self, "paginator", None)
        for attribute in ("page_query_param", "page_size_query_param", "cursor_query_param"):
            if getattr(paginator, attribute, None):
                names.add(getattr(paginator, attribute))
        return names

    @staticmethod
    def _store_after_render(request, key: str, version: int):
        def store(response):
            if not response.cookies and not response.streaming:
                _store(request, key, version, response)

        return store
