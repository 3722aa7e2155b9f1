from django import forms
from django.utils.translation import gettext_lazy as _

from ftzportal.abuse import HoneypotFormMixin, SubmissionKeyFormMixin

from .models import Frequency, ListKind


class SubscribeForm(HoneypotFormMixin, SubmissionKeyFormMixin, forms.Form):
    """`website` is the honeypot (`HoneypotFormMixin`): a filled one pretends success."""

    email = forms.EmailField(
        label=_("Your e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    list_kind = forms.ChoiceField(choices=ListKind.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
