"""The reference point: the enterprise list as a team writes it with DRF's defaults.

ReadOnlyModelViewSet + DjangoFilterBackend with a plain FilterSet + PageNumberPagination,
area and industries as SlugRelatedField, no select_related/prefetch_related, no cache.
Kept stock on purpose: the benchmark reports every other row as a multiple of this one.
Mounted only by benchmarks/bench_urls.py, never by the site.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from investments.models import Enterprise


class StockEnterpriseSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    industries = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = ["slug", "name", "area", "industries", "origin_country", "is_foreign_invested", "settled_on"]


class StockEnterpriseFilterSet(django_filters.FilterSet):
    area = django_filters.CharFilter(field_name="area__slug")
    industry = django_filters.CharFilter(field_name="industries__slug")

    class Meta:
        model = Enterprise
        fields = ["area", "industry"]


class StockPagination(PageNumberPagination):
    page_size = 20


class StockEnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Enterprise.objects.filter(publication_status="published")
    serializer_class = StockEnterpriseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = StockEnterpriseFilterSet
    pagination_class = StockPagination
