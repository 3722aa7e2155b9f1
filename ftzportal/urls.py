from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("ftzportal.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# English is unprefixed; Chinese and Russian live under /zh-hans/ and /ru/.
urlpatterns += i18n_patterns(
    path("", include("zones.urls")),
    path("", include("investments.urls")),
    prefix_default_language=False,
)
