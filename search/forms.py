"""The search box and its filters, read by the results page, the suggestions and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zones.models import Area

from .models import Kind
from .text import MAX_QUERY_LENGTH


def area_choices():
    return [("", _("All areas")), *((area.slug, area.name) for area in Area.objects.published())]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the portal"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Area, industry, company, project…")}),
    )
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *Kind.choices], required=False)
    area = forms.ChoiceField(label=_("Area"), choices=area_choices, required=False)
