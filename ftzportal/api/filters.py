"""The filter backend of the API: django-filter's, reading the website's FilterSets, with
schema documentation that says exactly what each filter accepts (drf-spectacular cannot
type filters with a `method` or with choices computed per request by itself): the slugs
of the published areas and industries, origin codes, number bounds, and which range
parameter must not be below which."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes

from .schema_values import NOT_BELOW_EXTENSION, choice_values, slug_schema


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
            queryset = filter_field.get_queryset(None)
            description = (
                f"{filter_field.label}: slug of a published {field_name}; repeat the parameter for several "
                f"(any of them matches). An unknown slug is a 400."
            )
            parameters = [
                build_parameter_type(
                    name=field_name,
                    schema=build_array_type(slug_schema(queryset, filter_field.extra["to_field_name"])),
                    location="query",
                    description=description,
                    explode=True,
                    style="form",
                )
            ]
        elif isinstance(filter_field, django_filters.ChoiceFilter) and callable(filter_field.extra.get("choices")):
            # Choices computed when the form is built (origin: provinces and countries).
            parameters = [
                build_parameter_type(
                    name=field_name,
                    schema={**build_basic_type(OpenApiTypes.STR), "enum": choice_values(filter_field.field.choices)},
                    location="query",
                    description=f"{filter_field.label}.",
                )
            ]
        else:
            parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        if isinstance(filter_field, django_filters.NumberFilter):
            for bound, keyword in (("minimum", "min_value"), ("maximum", "max_value")):
                if filter_field.extra.get(keyword) is not None:
                    for parameter in parameters:
                        parameter["schema"][bound] = filter_field.extra[keyword]
        for low, high in getattr(filterset_class, "range_pairs", []):
            if field_name == high:
                for parameter in parameters:
                    parameter[NOT_BELOW_EXTENSION] = low
                    parameter["description"] = (
                        f"{parameter.get('description') or filter_field.label}. Not below `{low}` (else 400)."
                    )
        return parameters
