"""Request id and the security headers that Django and django-csp do not set themselves."""

import logging
import re
import time
import uuid

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation

from .logging import request_id_var

logger = logging.getLogger("ftzportal.request")

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept so one id follows the request through every log; anything longer
# or with other characters is replaced, so a client cannot inject text into our logs.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id, returns it as `X-Request-ID`, and makes it available to
    every log record written while the request is handled (see ftzportal.logging).

    Server errors are logged here with method, path (never the query string, which can
    carry search terms or tokens), status and duration: no body, no user data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            if response.status_code >= 500:
                logger.error(
                    "method=%s path=%s status=%s duration_ms=%d",
                    request.method,
                    request.path,
                    response.status_code,
                    (time.monotonic() - started) * 1000,
                )
            response[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            request_id_var.reset(token)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, `X-Robots-Tag: noindex` on the admin, and the
    one CSP relaxation some third-party pages need (see CSP_INLINE_STYLE_PATHS).

    Must sit after `csp.middleware.CSPMiddleware` in MIDDLEWARE so its response hook runs
    first and the CSP middleware sees the relaxation.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL
        self.inline_style_prefixes = tuple(settings.CSP_INLINE_STYLE_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(self.admin_prefix):
            response["X-Robots-Tag"] = "noindex, nofollow"
        if self.inline_style_prefixes and request.path.startswith(self.inline_style_prefixes):
            # Styles only: inline scripts stay forbidden everywhere.
            response._csp_update = {**(getattr(response, "_csp_update", None) or {}), "style-src": [UNSAFE_INLINE]}
        return response


class AdminLanguageMiddleware:
    """The admin has no language prefix, so LocaleMiddleware (with an unprefixed default
    language) serves it in English. Curators read it in their own language instead: the
    language their browser asks for (Accept-Language) or the one kept in the language
    cookie. LocaleMiddleware, outside this one, names it in Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path_info.startswith(self.admin_prefix):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


# What SafeGZipMiddleware compresses: text the portal writes (the API docs' start-up script
# is a view). Images and fonts are compressed already; static files come precompressed
# from whitenoise.
COMPRESSIBLE_TYPES = (
    "text/html",
    "text/plain",
    "text/csv",
    "application/json",
    "application/vnd.oai.openapi",
    "application/vnd.oai.openapi+json",
    "application/javascript",
    "text/javascript",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
)


class SafeGZipMiddleware(GZipMiddleware):
    """gzip for HTML, JSON, feeds and downloads when no proxy compresses them (`make run`,
    a single gunicorn), for clients that accept it, without opening BREACH.

    BREACH guesses a secret in a compressed response, byte by byte, from the response's
    length, when the same response also reflects something the attacker sends. So a
    response is compressed only when it carries no secret of the visitor's: not when its
    view used the CSRF token (forms: `get_token` marks the request), not when it sets a
    cookie (a session, the CSRF cookie), and not for a request that holds a session
    (the admin, the shortlist) or sends credentials (the API's partner key is not in its
    responses, but a session's data could be). Public pages, the API's reads and the schema
    carry nothing of the sort, and those are the large ones. Outermost in MIDDLEWARE, so a
    page served from the response cache is compressed too, and the cache only ever
    stores uncompressed bodies."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if (
            content_type not in COMPRESSIBLE_TYPES
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or response.cookies
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return response
        return super().process_response(request, response)
