"""The site's URLs plus the stock DRF reference list at /bench/stock-enterprises/.

With BENCH_CONTENT_CACHE=1 (run.py --preview-wiring) the performance pieces that are not
wired into the site yet are wired here, exactly as benchmarks/README.md asks the lead to:
the cached-count paginator for HTML lists and the API, and the API response cache in the
base viewset. Nothing changes when they are already wired.
"""

import os

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from ftzportal.urls import urlpatterns as site_urlpatterns

from .stock_api import StockEnterpriseViewSet

router = SimpleRouter()
router.register("stock-enterprises", StockEnterpriseViewSet, basename="bench-stock-enterprise")

urlpatterns = [path("bench/", include(router.urls)), *site_urlpatterns]


def preview_wiring():
    from rest_framework import viewsets

    from ftzportal.api.conditional import ConditionalGetMixin
    from ftzportal.api.pagination import PortalPagination
    from ftzportal.api.viewsets import PublishedReadOnlyViewSet
    from ftzportal.caching import CachedResponseMixin
    from ftzportal.pagination import CachedCountPaginator
    from zones.listing import FilteredListView

    FilteredListView.paginator_class = CachedCountPaginator
    PortalPagination.django_paginator_class = CachedCountPaginator
    if not issubclass(PublishedReadOnlyViewSet, CachedResponseMixin):
        PublishedReadOnlyViewSet.__bases__ = (ConditionalGetMixin, CachedResponseMixin, viewsets.ReadOnlyModelViewSet)


if os.environ.get("BENCH_CONTENT_CACHE") == "1":
    preview_wiring()
