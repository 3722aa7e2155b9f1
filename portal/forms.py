"""Forms of the public zone pages that are not FilterSets: the area comparison picker (the
site-wide search box is search.forms.SearchForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zones.models import Area

COMPARE_MIN_AREAS = 2
COMPARE_MAX_AREAS = 3


class CompareForm(forms.Form):
    area = forms.ModelMultipleChoiceField(
        label=_("Areas to compare"),
        queryset=Area.objects.published(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("“%(value)s” is not an area of the zone."),
            "required": _("Pick two or three areas to compare."),
        },
    )

    def clean_area(self):
        areas = self.cleaned_data["area"]
        if not COMPARE_MIN_AREAS <= len(areas) <= COMPARE_MAX_AREAS:
            raise forms.ValidationError(_("Pick two or three areas to compare."))
        return areas
