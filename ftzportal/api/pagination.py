"""The one pagination class of the API, so that counting can change in one place."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from ftzportal.pagination import CachedCountPaginator


class PortalPagination(PageNumberPagination):
    """`?page=2&page_size=50`: 20 by default, at most 100 (larger values are capped).
    A page past the end is a 404; a page size that is not a positive whole number is a 400."""

    # Counts are cached per filter and content version (see ftzportal.pagination).
    django_paginator_class = CachedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("Invalid page.")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # absent, or left empty in a form
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of at least 1.")]}, code="invalid"
            )
        return min(int(raw), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise exceptions.NotFound(str(exc.detail), code="invalid_page") from exc

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            # Empty values (from forms) mean "not set", as they do for filters.
            parameter["allowEmptyValue"] = True
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Results per page: {self.page_size} by default; values above {self.max_page_size} "
                    f"are capped to {self.max_page_size}."
                )
        return parameters
