"""The site's URLs plus the stock DRF reference list at /bench/stock-enterprises/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from ftzportal.urls import urlpatterns as site_urlpatterns

from .stock_api import StockEnterpriseViewSet

router = SimpleRouter()
router.register("stock-enterprises", StockEnterpriseViewSet, basename="bench-stock-enterprise")

urlpatterns = [path("bench/", include(router.urls)), *site_urlpatterns]
