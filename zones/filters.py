"""FilterSets of the zones app, shared by the HTML list views and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ftzportal.filters import PortalFilterSet, TranslatedOrderingFilter, translated

from .models import Area, Incentive, IncentiveCategory, Industry


def published_areas(request=None):
    return Area.objects.published()


def published_industries(request=None):
    return Industry.objects.published()


class AreaFilter(django_filters.ModelMultipleChoiceFilter):
    """`?area=kashgar&area=horgos` by slug; an unknown slug makes the filter invalid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("queryset", published_areas)
        super().__init__(**kwargs)


class IndustryFilter(django_filters.ModelMultipleChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Industry"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("queryset", published_industries)
        super().__init__(**kwargs)


class IncentiveFilterSet(PortalFilterSet):
    """An area filter keeps zone-wide incentives; an industry filter keeps those open to
    every industry."""

    search_fields = [*translated("title"), *translated("summary"), *translated("eligibility")]

    area = AreaFilter(method="filter_areas")
    industry = IndustryFilter(method="filter_industries")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=IncentiveCategory.choices)
    ordering = TranslatedOrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("effective_from", "effective_from")),
        field_labels={"title": _("Title"), "effective_from": _("Effective date")},
    )

    class Meta(PortalFilterSet.Meta):
        model = Incentive
        fields = ["area", "industry", "category", "q"]

    def filter_areas(self, queryset, name, areas):
        return queryset.in_areas(areas) if areas else queryset

    def filter_industries(self, queryset, name, industries):
        return queryset.for_industries(industries) if industries else queryset
