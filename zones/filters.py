"""FilterSets of the zones app, shared by the HTML list views and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from ftzportal.filters import PortalFilterSet, TranslatedOrderingFilter
from ftzportal.i18n import collation_key, translated
from ftzportal.publication import published_only
from ftzportal.reference import rows_by_pk

from .models import Area, Incentive, IncentiveCategory, Industry


# What the area and industry filters offer and accept (the queryset callables django-filter
# calls with the request).
def choosable_areas(request=None):
    return Area.objects.published()


def choosable_industries(request=None):
    return Industry.objects.published()


def published_by_slug(model) -> dict:
    """The published entries of a small curated table (areas, industries) by slug, in the
    table's order (by name: in the active language), from the rows each process holds per content version
    (ftzportal.reference): every filtered list validates and shows them."""
    rows = published_only(rows_by_pk(model).values())
    if model._meta.ordering == ["name"]:
        # The held rows are shared by every language; order by the name as shown in this one.
        rows.sort(key=lambda row: collation_key(row.name))
    return {row.slug: row for row in rows}


class PublishedChoiceIterator(BaseChoiceIterator):
    def __init__(self, field):
        self.field = field

    def __iter__(self):
        for slug, entry in self.field._published().items():
            yield slug, self.field.label_from_instance(entry)


class PublishedSlugsField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over published entries by slug that validates and lists
    its choices from `published_by_slug` instead of querying on every request. Cleans to
    a list of entries (in the table's order), which the queryset methods accept as they
    accept a queryset."""

    def _published(self) -> dict:
        return published_by_slug(self.queryset.model)

    def _get_choices(self):
        # Lazy, as Django's own: building a form must not read the choices.
        return PublishedChoiceIterator(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def _check_values(self, value):
        try:
            asked = {str(slug) for slug in value}
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        published = self._published()
        for slug in sorted(asked):
            if slug not in published:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
                )
        return [entry for slug, entry in published.items() if slug in asked]


class PublishedSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = PublishedSlugsField


class AreaFilter(PublishedSlugsFilter):
    """`?area=kashgar&area=horgos` by slug; an unknown slug makes the filter invalid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("queryset", choosable_areas)
        super().__init__(**kwargs)


class IndustryFilter(PublishedSlugsFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Industry"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("queryset", choosable_industries)
        super().__init__(**kwargs)


class AreaFilterSet(PortalFilterSet):
    """`?area=…` by slug, through the queryset's `in_areas` (the filter picks rows by
    slug: a plain `field_name="area"` would compare the area's id with the slug)."""

    area = AreaFilter(method="filter_areas")

    def filter_areas(self, queryset, name, areas):
        return queryset.in_areas(areas) if areas else queryset


class AreaIndustryFilterSet(AreaFilterSet):
    """`?area=…&industry=…` by slug, through the queryset's `in_areas` and the method
    named by `industries_method`."""

    industries_method = "in_industries"

    industry = IndustryFilter(method="filter_industries")

    def filter_industries(self, queryset, name, industries):
        return getattr(queryset, self.industries_method)(industries) if industries else queryset


class IncentiveFilterSet(AreaIndustryFilterSet):
    """An area filter keeps zone-wide incentives; an industry filter keeps those open to
    every industry."""

    search_fields = [*translated("title"), *translated("summary"), *translated("eligibility")]
    industries_method = "for_industries"

    category = django_filters.ChoiceFilter(label=_("Category"), choices=IncentiveCategory.choices)
    ordering = TranslatedOrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("effective_from", "effective_from")),
        field_labels={"title": _("Title"), "effective_from": _("Effective date")},
    )

    class Meta(PortalFilterSet.Meta):
        model = Incentive
        fields = ["area", "industry", "category", "q"]


class IndustryFilterSet(AreaFilterSet):
    """An area filter keeps the industries of those areas: named for one of them by a
    source, or with a published enterprise or project there (`IndustryQuerySet.in_areas`)."""

    search_fields = translated("name")

    ordering = TranslatedOrderingFilter(
        label=_("Sort by"), fields=(("name", "name"),), field_labels={"name": _("Name")}
    )

    class Meta(PortalFilterSet.Meta):
        model = Industry
        fields = ["area", "q"]
