from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ftzportal.health import healthz
from portal.sitemaps import SITEMAPS
from portal.views import robots_txt

# A database that cannot answer gives 503 with Retry-After (ftzportal.errors), not a 500.
handler500 = "ftzportal.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("ftzportal.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside i18n_patterns: probes call one fixed path, never a language-prefixed one.
    path("healthz", healthz, name="healthz"),
    # One sitemap for all languages (it lists every language's URL with its alternates).
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]

# English is unprefixed; Chinese and Russian live under /zh-hans/ and /ru/.
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("", include("zones.urls")),
    path("", include("investments.urls")),
    path("", include("alerts.urls")),
    path("", include("ftzportal.export_views")),
    prefix_default_language=False,
)
