"""FTZ Portal settings, read from the environment in one place.

Every variable is documented in `.env.example`. Development defaults just work
(`DEBUG=1` with a SQLite file beside this folder); with `DEBUG` off the site refuses
to start without a real `SECRET_KEY`.
"""

import re
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is a convenience for development; real deployments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_BOOL_TRUE = ("1", "true", "yes", "on")
_BOOL_FALSE = ("0", "false", "no", "off")


def env_bool(name: str, *, default: bool) -> bool:
    """A boolean variable, read strictly: 1/0, true/false, yes/no, on/off in any case.

    django-environ's `env.bool` turns any other text (`ture`, `enabled`) into False,
    which would quietly switch off e.g. secure cookies; here it stops the start instead.
    Unset or empty, the variable takes its default (as `SECRET_KEY=` counts as unset).
    """
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if raw.lower() in _BOOL_TRUE:
        return True
    if raw.lower() in _BOOL_FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean, not {raw!r}. Accepted values, in any case: "
        f"{'/'.join(_BOOL_TRUE)} (on) or {'/'.join(_BOOL_FALSE)} (off)."
    )


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
            "random value (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch cleanly.
    "modeltranslation",
    # Django's admin with the curation site (grouped index, portal header) as default.
    "ftzportal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    # Background work (Django 6's Tasks API, backported): every e-mail is a task stored in
    # the database in the same transaction as the row it is about (ftzportal.outbox).
    "django_tasks",
    "django_tasks_db",
    # The shared base: the content version's model, the `portal` template tags.
    "ftzportal",
    "zones",
    "investments",
    # The pages that combine zones and investments (home, areas, compare, search, matcher…).
    "portal",
    # Saved-search e-mail alerts and the partner change feed.
    "alerts",
    "changes",
    # Partner key usage (last used); after rest_framework_api_key, whose admin it extends.
    "partners",
    # The site-wide search index (documents per entry and language) and its backends.
    "search",
    # Partner webhooks: the change feed pushed to partners' endpoints, signed.
    "webhooks",
]

MIDDLEWARE = [
    # Outermost: compresses what every layer below returns, cached pages included, and
    # never what carries a CSRF token or a session (BREACH; see its docstring).
    "ftzportal.middleware.SafeGZipMiddleware",
    # First, so every response (even one refused by a later middleware) carries the id.
    "ftzportal.middleware.RequestIdMiddleware",
    # Before anything that may query: a request's database time is bounded (a stalled
    # database gives 503 within DATABASE_REQUEST_TIMEOUT, see ftzportal/database.py).
    "ftzportal.database.DatabaseDeadlineMiddleware",
    # Second: a cached public page skips every middleware below; the stored response
    # already carries the headers they set.
    "ftzportal.caching.ContentCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSPMiddleware: its response hook runs first and may relax style-src per path.
    "ftzportal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ftzportal.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ftzportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "ftzportal.wsgi.application"

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; the busy timeout and IMMEDIATE transactions
    # make concurrent writers wait for the lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Persistent connections on both engines: opening one (and, on SQLite, running the PRAGMAs
# above) for every request cost more than a cached page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A sick database gets a clear answer fast (ftzportal/database.py). Web requests
# (ftzportal/wsgi.py and asgi.py set FTZPORTAL_PROCESS=web) wait briefly; management
# commands (migrations, imports, backups) may run long statements.
FTZPORTAL_PROCESS = env.str("FTZPORTAL_PROCESS", default="command")
if FTZPORTAL_PROCESS not in ("web", "command"):
    raise ImproperlyConfigured(f"FTZPORTAL_PROCESS must be 'web' or 'command', not {FTZPORTAL_PROCESS!r}.")
_WEB = FTZPORTAL_PROCESS == "web"
# Seconds to open a connection (libpq's connect_timeout, at least 2).
DATABASE_CONNECT_TIMEOUT = env.int(
    "DATABASE_CONNECT_TIMEOUT" if _WEB else "DATABASE_COMMAND_CONNECT_TIMEOUT", default=3 if _WEB else 10
)
# Seconds PostgreSQL lets one statement run before cancelling it (0: no limit).
DATABASE_STATEMENT_TIMEOUT = env.float(
    "DATABASE_STATEMENT_TIMEOUT" if _WEB else "DATABASE_COMMAND_STATEMENT_TIMEOUT", default=5 if _WEB else 0
)
# Seconds after which a web request still waiting for the database has its connection shut
# (a stalled database never answers, so no server-side timeout fires); 0 turns it off.
DATABASE_REQUEST_TIMEOUT = env.float("DATABASE_REQUEST_TIMEOUT", default=8)
# The admin's requests: an import of a few hundred rows takes longer than a page.
DATABASE_ADMIN_REQUEST_TIMEOUT = env.float("DATABASE_ADMIN_REQUEST_TIMEOUT", default=120)
# /healthz's own, shorter deadline for its `SELECT 1`.
HEALTHZ_DATABASE_TIMEOUT = env.float("HEALTHZ_DATABASE_TIMEOUT", default=2)
# Retry-After of the 503 answered while the database cannot answer.
RETRY_AFTER_SECONDS = env.int("RETRY_AFTER_SECONDS", default=30)
if DATABASES["default"]["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    if DATABASE_STATEMENT_TIMEOUT:
        _db_options["options"] = (
            _db_options.get("options", "") + f" -c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
        ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# Local memory by default (development); Redis in production: CACHE_URL=redis://host:6379/0
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://ftzportal")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # Django's default of 300 entries is culled within seconds by the response cache,
    # counts and kept keys of a busy list; each worker holds its own copy (2,000 entries
    # of pages of 20-60 KB stay well under 200 MB per worker).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", env.int("LOCMEM_CACHE_MAX_ENTRIES", 2000))


# Redis is an optimisation, never a dependency (ftzportal/cache_backends.py): a failure or
# a timeout is a miss, and Redis is left alone for CACHE_RETRY_AFTER seconds before it is
# tried again. redis-py's own socket timeout would be 5 s per call.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.25)
REDIS_SOCKET_CONNECT_TIMEOUT = env.float("REDIS_SOCKET_CONNECT_TIMEOUT", default=0.25)
CACHE_RETRY_AFTER = env.float("CACHE_RETRY_AFTER", default=2.0)


def _portal_redis(config: dict) -> dict:
    """A Redis cache setting with the portal's backend (failures are misses, one client
    per pool) and short socket timeouts; other backends unchanged."""
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return config
    options = {
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_CONNECT_TIMEOUT,
        **config.get("OPTIONS", {}),
    }
    backend = "ftzportal.cache_backends.PortalRedisCache"
    return {**config, "BACKEND": backend, "OPTIONS": options, "RETRY_AFTER": CACHE_RETRY_AFTER}


CACHES["default"] = _portal_redis(CACHES["default"])
# Counters of the API's read limits (ftzportal/api/throttling.py), apart from the response
# cache so that no flood of cached pages can evict them: in production a Redis with
# `noeviction` (deploy/README.md). Unset, they share the default cache.
if env.str("THROTTLE_CACHE_URL", default=""):
    CACHES["throttle"] = _portal_redis(env.cache("THROTTLE_CACHE_URL"))
    API_THROTTLE_CACHE = "throttle"
else:
    API_THROTTLE_CACHE = "default"
# Counters of the public forms' limits (inquiry, follow-up, alert sign-up): in the
# database, which a form needs anyway to store what it is sent, so the limits hold while
# Redis is down and no cache eviction can reach them. Never culled below a million
# entries (expired ones are removed first). The table is created by `migrate`.
CACHES["ratelimit"] = {
    "BACKEND": "ftzportal.cache_backends.CounterDatabaseCache",
    "LOCATION": "ftzportal_ratelimit",
    "OPTIONS": {"MAX_ENTRIES": 1_000_000},
}
RATELIMIT_USE_CACHE = "ratelimit"
# The response cache (ftzportal/caching.py): how long an entry lives at most (it is
# stale anyway once the content version moves on) and the largest response it stores.
CONTENT_CACHE_TIMEOUT = env.int("CONTENT_CACHE_TIMEOUT", default=6 * 60 * 60)
CONTENT_CACHE_MAX_ENTRY_BYTES = env.int("CONTENT_CACHE_MAX_ENTRY_BYTES", default=512 * 1024)
# How long the content version's copy in a shared cache lives before it is read again
# from the database (see ftzportal.content_version): the bound on staleness should the
# cache miss the write of a bump.
CONTENT_VERSION_CACHE_TIMEOUT = env.int("CONTENT_VERSION_CACHE_TIMEOUT", default=60)

# --- Authentication -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
# The admin is the only place to sign in: after a login whose `next` is missing or unsafe
# (another host, a scheme), land on its index rather than Django's /accounts/profile/ (404).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Who the client is, for the lockout above and every rate limit (ftzportal.client_address):
# the header the trusted proxy sets to the visitor's address (X-Real-IP behind
# deploy/nginx.conf), or empty when no proxy stands in front and the peer address counts.
TRUSTED_PROXY_CLIENT_IP_HEADER = env.str("TRUSTED_PROXY_CLIENT_IP_HEADER", default="").strip()
if TRUSTED_PROXY_CLIENT_IP_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", TRUSTED_PROXY_CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_CLIENT_IP_HEADER must be a header name as the proxy sends it, e.g. X-Real-IP, "
        f"not {TRUSTED_PROXY_CLIENT_IP_HEADER!r}."
    )
for _replaced, _no_proxy in (("RATELIMIT_IP_META_KEY", "REMOTE_ADDR"), ("API_NUM_PROXIES", "0")):
    if env.str(_replaced, default="").strip() not in ("", _no_proxy):
        raise ImproperlyConfigured(
            f"{_replaced} is replaced by TRUSTED_PROXY_CLIENT_IP_HEADER (X-Real-IP behind deploy/nginx.conf), "
            f"which the lockout and every rate limit read; unset {_replaced}."
        )
AXES_CLIENT_IP_CALLABLE = "ftzportal.client_address.client_ip"
RATELIMIT_IP_META_KEY = "ftzportal.client_address.client_ip"
# An import runs in one transaction: any failing row rolls the whole file back.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Security -------------------------------------------------------------------------
# Production (DEBUG off) is secure by default; every value below can be overridden from the
# environment, and development (DEBUG=1) stays plain HTTP so `make run` just works.
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
# (only if the proxy always sets or strips that header, or clients could spoof it).
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be 'HEADER,value', e.g. HTTP_X_FORWARDED_PROTO,https")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# One year in production (HSTS_SECONDS=0 turns it off, e.g. while first trying HTTPS);
# off in development, where a browser must not learn to insist on HTTPS for localhost.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Features the portal never uses, switched off for every page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
# Content-Security-Policy (django-csp 4): everything from our own origin, scripts only
# from files or with the per-request nonce, never inline; no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Pages we do not write whose markup needs inline styles get style-src 'unsafe-inline'
# (scripts stay strict): Swagger UI's template has a <style> block and its React code
# sets style attributes. Applied by ftzportal.middleware.SecurityHeadersMiddleware.
CSP_INLINE_STYLE_PATHS = ["/api/docs/"]

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Content translation: plain columns per language (name_en, name_zh_hans, name_ru).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic writes (served by whitenoise); production may point it elsewhere.
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# An Excel download of a filtered list is written before it is sent, keeping a worker busy:
# above this many rows it is refused (CSV streams at any size; the whole list has a
# prepared open-data file, `manage.py export_open_data`).
DOWNLOAD_XLSX_MAX_ROWS = env.int("DOWNLOAD_XLSX_MAX_ROWS", default=100_000)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Seconds before an unresponsive mail server counts as failed. Without it a hanging SMTP
# server holds the request until gunicorn kills the worker, after the inquiry's
# notification was claimed, so the retry command would never pick it up.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FTZ Portal <noreply@localhost>")
INQUIRY_NOTIFICATION_EMAILS = env.list("INQUIRY_NOTIFICATION_EMAILS", default=[])
# Hours within which an investor is promised a first reply, where the inquiry's area sets
# no promise of its own (Area.first_reply_hours). Past it an unanswered inquiry is overdue.
INQUIRY_FIRST_REPLY_HOURS = env.int("INQUIRY_FIRST_REPLY_HOURS", default=48)
if INQUIRY_FIRST_REPLY_HOURS < 1:
    raise ImproperlyConfigured("INQUIRY_FIRST_REPLY_HOURS must be at least 1.")

# --- Background tasks and the mail outbox (ftzportal.outbox) ----------------------------
# The database backend writes the task row in the caller's transaction, so a task exists
# exactly when the row it is about was committed. `manage.py run_worker` runs them.
# After a publish, edit or archive, the open-data files are exported again this many
# seconds later by the worker, once for a whole burst of edits (ftzportal.tasks).
OPEN_DATA_EXPORT_DELAY = env.int("OPEN_DATA_EXPORT_DELAY", default=300)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A mail is leased to one worker for this long; a worker killed while sending loses its
# lease and the mail is sent again by the next one. Longer than a whole SMTP conversation
# with EMAIL_TIMEOUT on each step.
MAIL_LEASE_SECONDS = env.int("MAIL_LEASE_SECONDS", default=max(120, EMAIL_TIMEOUT * 8))
# Attempts before a mail is marked failed (shown in the admin with a retry action); the
# delay doubles after each failure from MAIL_RETRY_BASE_SECONDS, capped at an hour.
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=12)
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=30)
# How often the worker looks for mails whose task was lost or whose lease ran out.
MAIL_SWEEP_SECONDS = env.int("MAIL_SWEEP_SECONDS", default=30)

# --- REST framework and API -----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with bounds on size (413) and nesting (400): see the module.
    "DEFAULT_PARSER_CLASSES": ["ftzportal.api.parsers.LimitedJSONParser"],
    # No key: anonymous (low rate). A valid `Authorization: Api-Key …`: that partner.
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.authentication.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["ftzportal.api.filters.PortalFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ftzportal.api.pagination.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "ftzportal.api.schema.PortalAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "ftzportal.api.throttling.AnonymousRateThrottle",
        "ftzportal.api.throttling.PartnerRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "partner": env.str("API_PARTNER_RATE", default="1200/minute"),
    },
    # Anonymous clients are told apart by address: ftzportal.client_address, like the
    # lockout and the form limits (TRUSTED_PROXY_CLIENT_IP_HEADER), not DRF's NUM_PROXIES.
    # Every error, whatever raised it, as {"errors": [{"field", "code", "message"}]}.
    "EXCEPTION_HANDLER": "ftzportal.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FTZ Portal Partner API",
    "DESCRIPTION": (
        "Curated data of the portal's pilot free trade zones (zones, areas, industries, incentives, "
        "enterprises, projects) and a lead endpoint for partners. Read without a key at a low rate, "
        "or send `Authorization: Api-Key <key>` for the partner rate. Every error has the shape "
        '`{"errors": [{"field": …, "code": …, "message": …}]}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them as links inside each operation's button (nested
    # interactive controls, 19 px targets for axe-core). Tags and the models section start
    # closed: rendering every operation and every schema (with their enums of countries and
    # slugs) at load was most of the page's blocking time.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "docExpansion": "none", "defaultModelsExpandDepth": -1},
    # Enums shared by several resources get one named component each.
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "investments.models.ProjectStatus",
        "CurrencyEnum": "ftzportal.money.Currency",
        "IncentiveCategoryEnum": "zones.models.IncentiveCategory",
        "ChangeResourceEnum": "changes.models.Resource",
        "ChangeActionEnum": "changes.models.Action",
        # The search's types of entry: a result's type and the types whose count is capped.
        "SearchTypeEnum": "search.models.Kind",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}
# Failed partner-key attempts allowed per client address before 429 (partners/authentication.py).
API_KEY_FAILURE_RATE = env.str("API_KEY_FAILURE_RATE", default="20/hour")
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Logging --------------------------------------------------------------------------
# One key=value line per record with the request id (ftzportal/logging.py), which also
# masks e-mail addresses that reach a message through an exception text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ftzportal.logging.RequestIdFilter"}},
    "formatters": {"keyvalue": {"()": "ftzportal.logging.KeyValueFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "keyvalue", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Portal ---------------------------------------------------------------------------
PORTAL_NAME = "FTZ Portal"
# Scheme and host of the public site, for links in e-mails (inquiry tracking, search
# alerts), which are sent outside any request (cron) and cannot ask one for its host.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://localhost:8000")
# Search-alert subscriptions per client IP (same syntax as INQUIRY_RATE_LIMIT), and how
# long a confirmation link stays valid.
ALERT_SUBSCRIBE_RATE_LIMIT = env.str("ALERT_SUBSCRIBE_RATE_LIMIT", default="10/h")
ALERT_CONFIRMATION_MAX_AGE_DAYS = env.int("ALERT_CONFIRMATION_MAX_AGE_DAYS", default=3)
LIST_PAGE_SIZE = 20
# Inquiry form submissions allowed per client IP (django-ratelimit syntax: "5/h", "20/d").
INQUIRY_RATE_LIMIT = env.str("INQUIRY_RATE_LIMIT", default="5/h")

# --- Partner webhooks (webhooks/) -------------------------------------------------------
# Plain-HTTP receivers only where this is on (development); production sends HTTPS only.
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", default=DEBUG)
# Private, loopback and link-local receivers are refused; only tests turn this on.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
# A failing receiver is retried after 30 s, 1 min, 2 min, … (at most an hour apart) for
# this many hours, then its endpoint is paused and its contact told.
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)
WEBHOOK_RETRY_HOURS = env.int("WEBHOOK_RETRY_HOURS", default=24)
