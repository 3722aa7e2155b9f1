"""The filter backend of the API: django-filter's, reading the website's FilterSets, with
schema documentation for the filters drf-spectacular cannot type by itself (filters
with a `method`): slugs of areas and industries, and the origin code."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes

from .serializers import SLUG_PATTERN


class PortalFilterBackend(DjangoFilterBackend):
    """Invalid values raise 400 (DjangoFilterBackend calls `is_valid()`)."""


class PortalFilterExtension(DjangoFilterExtension):
    target_class = PortalFilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        for parameter in parameters:
            # As on the website's forms, an empty value means the filter is not set; only
            # slug lists (area, industry) need real values.
            if parameter["schema"].get("type") != "array" or parameter["name"] == "ordering":
                parameter["allowEmptyValue"] = True
        return parameters

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, django_filters.ModelMultipleChoiceFilter):
            slug = {**build_basic_type(OpenApiTypes.STR), "pattern": f"^{SLUG_PATTERN}$"}
            description = (
                f"{filter_field.label}: slug of a published {field_name}; repeat the parameter for several "
                f"(any of them matches). An unknown slug is a 400."
            )
            return [
                build_parameter_type(
                    name=field_name,
                    schema=build_array_type(slug),
                    location="query",
                    description=description,
                    explode=True,
                    style="form",
                )
            ]
        if field_name == "origin":
            description = (
                "Origin: an ISO 3166-1 alpha-2 country code (KZ, KG…) or a Chinese province slug (zhejiang, xinjiang…)."
            )
            return [
                build_parameter_type(
                    name=field_name,
                    schema=build_basic_type(OpenApiTypes.STR),
                    location="query",
                    description=description,
                )
            ]
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
