"""FilterSets of the investments app, shared by the HTML list views and the API."""

import functools

import django_filters
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ftzportal.filters import NumberInput, TranslatedOrderingFilter
from ftzportal.i18n import collation_key, translated
from ftzportal.money import Currency
from zones.filters import AreaIndustryFilterSet

from .models import ChineseProvince, Enterprise, Project, ProjectStatus

# The largest whole amount Project.value holds (18 digits, 2 of them decimals). A bound
# may have more decimals than the column: the database compares it rounded to cents.
MAX_VALUE = 10**16 - 1


def origin_choices():
    """Chinese provinces (by slug) first, then countries (by ISO code), in the active
    language."""
    return _origin_choices(get_language())


@functools.lru_cache(maxsize=len(settings.LANGUAGES) + 1)
def _origin_choices(language):
    # Built once per language: django-countries translates and sorts ~250 names on every
    # iteration, which every enterprise list and API request paid for.
    by_name = functools.partial(sorted, key=lambda choice: collation_key(choice[1], language))
    return [
        (str(_("Chinese province")), by_name((value, str(label)) for value, label in ChineseProvince.choices)),
        (str(_("Country")), by_name((code, str(name)) for code, name in countries)),
    ]


class EnterpriseFilterSet(AreaIndustryFilterSet):
    search_fields = [*translated("name"), *translated("description"), "area__aliases"]
    range_pairs = [("settled_from", "settled_to")]

    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=origin_choices, method="filter_origin")
    foreign = django_filters.ChoiceFilter(
        label=_("Investor"),
        choices=[("yes", _("Foreign-invested")), ("no", _("Domestic"))],
        method="filter_foreign",
    )
    settled_from = django_filters.DateFilter(label=_("Settled from"), field_name="settled_on", lookup_expr="gte")
    settled_to = django_filters.DateFilter(label=_("Settled until"), field_name="settled_on", lookup_expr="lte")
    ordering = TranslatedOrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("settled_on", "settled_on")),
        field_labels={"name": _("Name"), "settled_on": _("Date settled")},
    )

    class Meta(AreaIndustryFilterSet.Meta):
        model = Enterprise
        fields = ["area", "industry", "origin", "foreign", "settled_from", "settled_to", "q"]

    def filter_origin(self, queryset, name, origin):
        return queryset.from_origin(origin) if origin else queryset

    def filter_foreign(self, queryset, name, value):
        return queryset.filter(is_foreign_invested=(value == "yes")) if value else queryset


class ProjectFilterSet(AreaIndustryFilterSet):
    search_fields = [*translated("name"), *translated("description"), "area__aliases"]
    range_pairs = [("min_value", "max_value"), ("signed_from", "signed_to")]

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    currency = django_filters.ChoiceFilter(label=_("Currency"), choices=Currency.choices)
    min_value = django_filters.NumberFilter(
        label=_("Minimum value"),
        field_name="value",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_VALUE,
        widget=NumberInput,
    )
    max_value = django_filters.NumberFilter(
        label=_("Maximum value"),
        field_name="value",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_VALUE,
        widget=NumberInput,
    )
    signed_from = django_filters.DateFilter(label=_("Signed from"), field_name="signed_on", lookup_expr="gte")
    signed_to = django_filters.DateFilter(label=_("Signed until"), field_name="signed_on", lookup_expr="lte")
    ordering = TranslatedOrderingFilter(
        label=_("Sort by"),
        fields=(("value", "value"), ("signed_on", "signed_on"), ("name", "name")),
        field_labels={"value": _("Value"), "signed_on": _("Date signed"), "name": _("Name")},
    )

    class Meta(AreaIndustryFilterSet.Meta):
        model = Project
        fields = [
            "area",
            "industry",
            "status",
            "currency",
            "min_value",
            "max_value",
            "signed_from",
            "signed_to",
            "q",
        ]
