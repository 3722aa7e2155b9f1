"""What every FilterSet of the portal shares: the form that refuses reversed ranges, the
text search across languages, and the validation entry point used by the HTML views and
the API alike."""

import re
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import FilterSet
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SEARCH_MAX_LENGTH = 200

# (FilterSet class, language) → the form class; see PortalFilterSet.get_form_class.
_form_classes: dict = {}


def search_q(fields: list[str], text: str) -> Q:
    """Rows where any of `fields` contains `text`, case-insensitively."""
    return reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))


# HTML's "valid floating-point number", the only values `<input type=number>` may carry.
HTML_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class NumberInput(forms.NumberInput):
    """A number input that gives back what the visitor typed even when it is not a
    number (beside the error saying so), as a text input: `<input type="number"
    value="abc">` is not valid HTML."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["value"] not in (None, "") and not HTML_NUMBER.fullmatch(str(widget["value"])):
            widget["type"] = "text"
            widget["attrs"] = {
                key: attribute for key, attribute in widget["attrs"].items() if key not in ("min", "max", "step")
            }
            widget["attrs"]["inputmode"] = "decimal"
        return context


class RangeCheckedForm(forms.Form):
    """Refuses a range whose lower bound is above its upper bound. A FilterSet lists its
    pairs as `range_pairs = [("min_value", "max_value"), …]`."""

    range_pairs: list[tuple[str, str]] = []

    def clean(self):
        cleaned = super().clean()
        for low, high in self.range_pairs:
            low_value, high_value = cleaned.get(low), cleaned.get(high)
            if low_value is not None and high_value is not None and low_value > high_value:
                self.add_error(high, _("This must not be lower than “%(low)s”.") % {"low": self.fields[low].label})
        return cleaned


class PortalFilterSet(FilterSet):
    """Base of the portal's FilterSets; subclasses declare `search_fields` for `q`."""

    search_fields: list[str] = []
    range_pairs: list[tuple[str, str]] = []

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX_LENGTH, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.range_pairs = self.range_pairs

    def get_form_class(self):
        # django-filter builds a new form class, and every field of it, for each request.
        # The fields depend only on the FilterSet and the language (choices of content,
        # areas and industries, are read when used); each form copies them anyway.
        key = (type(self), get_language())
        form_class = _form_classes.get(key)
        if form_class is None:
            form_class = _form_classes[key] = super().get_form_class()
        return form_class

    def filter_search(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(search_q(self.search_fields, value))

    class Meta:
        form = RangeCheckedForm


def _descending_label(template, label) -> str:
    return str(template) % label


descending_label = lazy(_descending_label, str)


class TranslatedOrderingFilter(django_filters.OrderingFilter):
    # django-filter ships no Chinese catalogue: the label is translated with the portal's,
    # and lazily (django-filter formats it once, in whatever language is active at import).
    descending_fmt = _("%s (descending)")

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()]
        descending = [
            (f"-{param}", labels.get(f"-{param}", descending_label(self.descending_fmt, label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]

    """Orders a translated field by the text the page shows: the active language's column,
    or English where that is empty. (modeltranslation alone orders `name` by the active
    language's column, so in Chinese every entry without a Chinese name would sort first,
    in no useful order.) Untranslated fields order as usual."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self._order_expression(qs.model, self.get_ordering_value(param)) for param in value))

    @staticmethod
    def _order_expression(model, ordering: str):
        """Entries without a value (a project whose value the source does not state) sort
        last in either direction, on SQLite and PostgreSQL alike."""
        descending, field = ordering.startswith("-"), ordering.lstrip("-")
        try:
            translated_fields = translator.get_options_for_model(model).all_fields
        except NotRegistered:
            translated_fields = ()
        language = get_language() or settings.LANGUAGE_CODE
        if field not in translated_fields:
            shown = F(field)
        elif build_localized_fieldname(field, language) == build_localized_fieldname(
            field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        ):
            # The default language's column is always filled: order by it directly so the
            # database can use its index.
            shown = F(build_localized_fieldname(field, language))
        else:
            shown = Coalesce(
                NullIf(build_localized_fieldname(field, language), Value("")),
                F(build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)),
            )
        return shown.desc(nulls_last=True) if descending else shown.asc(nulls_last=True)
