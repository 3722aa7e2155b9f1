"""The partner API under /api/: version 1 of the resources, the OpenAPI schema, the
interactive docs (vendored Swagger UI), and a JSON 404 for every other /api/ address."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from changes.api import ChangeFeedView
from ftzportal.api.docs import ApiDocsView
from ftzportal.api.errors import api_not_found
from investments.api import EnterpriseViewSet, InquiryViewSet, ProjectViewSet
from portal.api import MatchAPIView
from search.api import SearchAPIView
from webhooks.api import WebhookEndpointViewSet
from zones.api import AreaViewSet, IncentiveViewSet, IndustryViewSet, ZoneViewSet

app_name = "api"


class PortalRouter(DefaultRouter):
    # /api/v1/zones.json and the like would be a second address for every resource.
    include_format_suffixes = False


router = PortalRouter()
router.register("zones", ZoneViewSet, basename="zone")
router.register("areas", AreaViewSet, basename="area")
router.register("industries", IndustryViewSet, basename="industry")
router.register("incentives", IncentiveViewSet, basename="incentive")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("projects", ProjectViewSet, basename="project")
router.register("inquiries", InquiryViewSet, basename="inquiry")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")

urlpatterns = [
    path("v1/match/", MatchAPIView.as_view(), name="match"),
    path("v1/changes/", ChangeFeedView.as_view(), name="changes"),
    path("v1/search/", SearchAPIView.as_view(), name="search"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The reference, and Swagger UI on request; the split view serves its start-up script as
    # a file: the CSP forbids inline scripts.
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    # Last: any other address under /api/ that ends in a slash (CommonMiddleware adds it),
    # whatever it holds (a newline too: `.` would not match it, and Django's 404 page would
    # answer in HTML).
    re_path(r"^(?:[\s\S]*/)?\Z", api_not_found, name="not-found"),
]
