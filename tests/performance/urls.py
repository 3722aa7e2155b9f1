"""Small views behind the cache, for unit tests of its rules before (and independently of)
the website's and the API's own views being wired to it."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from rest_framework import routers, serializers, viewsets

from ftzportal.api.conditional import ConditionalGetMixin
from ftzportal.api.pagination import PortalPagination
from ftzportal.caching import CachedResponseMixin, recognise_query_params
from zones.filters import IncentiveFilterSet
from zones.models import Incentive

# How many times each view really ran (a cached response does not run it).
calls = {"incentive": 0, "api": 0}


def incentive_page(request, slug):
    calls["incentive"] += 1
    # As a real page does: the answer depends on these parameters and no others.
    recognise_query_params(request, ["page", "lang"])
    incentive = Incentive.objects.published().filter(slug=slug).first()
    if incentive is None:
        return HttpResponse("not found", status=404)
    return HttpResponse(f"<h1>{incentive.title}</h1>")


def big_page(request):
    recognise_query_params(request, ["size"])
    return HttpResponse("x" * int(request.GET.get("size", "0") or 0))


def page_with_form(request):
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


def page_with_nonce(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}" src="/x.js"></script>')


def private_page(request):
    response = HttpResponse("yours only")
    response["Cache-Control"] = "private"
    return response


class IncentiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Incentive
        fields = ["slug", "title", "category"]


class IncentiveViewSet(ConditionalGetMixin, CachedResponseMixin, viewsets.ReadOnlyModelViewSet):
    """The order the API's base viewset should use: 304 first, then the cache."""

    lookup_field = "slug"
    queryset = Incentive.objects.published()
    serializer_class = IncentiveSerializer
    filterset_class = IncentiveFilterSet
    pagination_class = PortalPagination

    def list(self, request, *args, **kwargs):
        calls["api"] += 1
        return super().list(request, *args, **kwargs)


router = routers.SimpleRouter()
router.register("incentives", IncentiveViewSet, basename="test-incentive")

urlpatterns = [
    path("pages/incentives/<slug:slug>/", incentive_page),
    path("pages/form/", page_with_form),
    path("pages/big/", big_page),
    path("pages/nonce/", page_with_nonce),
    path("pages/private/", private_page),
    path("api/", include(router.urls)),
]
