"""The site's URLs plus the stock DRF reference list at /bench/stock-enterprises/ and the
search before the index at /bench/icontains-search/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from ftzportal.urls import urlpatterns as site_urlpatterns

from .icontains_search import icontains_search
from .stock_api import StockEnterpriseViewSet

router = SimpleRouter()
router.register("stock-enterprises", StockEnterpriseViewSet, basename="bench-stock-enterprise")

urlpatterns = [
    path("bench/icontains-search/", icontains_search),
    path("bench/", include(router.urls)),
    *site_urlpatterns,
]
