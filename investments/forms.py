"""The investor inquiry form. It only validates; `services.inquiry_create` stores."""

import re

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from ftzportal.abuse import HoneypotFormMixin, SubmissionKeyFormMixin
from zones.models import Area, Industry

from .desk import Period
from .models import Inquiry, InquirySource, Project

MESSAGE_PREFILL_MAX_LENGTH = 2000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PREFILL_FIELDS = {"area": Area, "industry": Industry, "project": Project}


class InquiryForm(HoneypotFormMixin, SubmissionKeyFormMixin, forms.ModelForm):
    """Every field has a server-side length limit (from the model, or set here).

    `website` is the honeypot (`HoneypotFormMixin`): a filled one pretends success.
    """

    area = forms.ModelChoiceField(
        label=_("Area of interest"), queryset=Area.objects.published(), to_field_name="slug", required=False
    )
    industry = forms.ModelChoiceField(
        label=_("Industry of interest"), queryset=Industry.objects.published(), to_field_name="slug", required=False
    )
    project = forms.ModelChoiceField(
        label=_("Project of interest"),
        queryset=Project.objects.published(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    consent = forms.BooleanField(
        label=_("I agree that the investment team stores these details and contacts me about my inquiry."),
        required=True,
        error_messages={"required": _("Please agree to be contacted, or we cannot answer you.")},
    )
    attach_shortlist = forms.BooleanField(label=_("Send my shortlist with this inquiry"), required=False)
    # The page the form was opened from, for the desk's figures ("?source=match").
    source = forms.ChoiceField(
        choices=[(InquirySource.FORM, ""), (InquirySource.MATCH, "")], required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Inquiry
        fields = [
            "name",
            "email",
            "company",
            "country",
            "province",
            "area",
            "industry",
            "project",
            "message",
            "consent",
        ]
        labels = {
            "name": _("Your name"),
            "email": _("E-mail"),
            "company": _("Company"),
            "province": _("Province (investors from China)"),
            "message": _("Message"),
        }
        help_texts = {"province": ""}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].widget.attrs["autocomplete"] = "country"


def prefill_from_query(query) -> dict:
    """Initial area, industry and project from `?area=…&industry=…&project=…`. Unknown,
    unpublished or malformed slugs are ignored: a stale link still opens the form.
    `message` starts the message (the matcher's answers); `shortlist=1` ticks "send my
    shortlist"; `source=match` records that the matcher sent the investor."""
    initial = {}
    for name, model in PREFILL_FIELDS.items():
        slug = query.get(name, "")
        try:
            validate_slug(slug)
        except forms.ValidationError:
            continue
        found = model.objects.published().filter(slug=slug).first()
        if found is not None:
            initial[name] = found
    message = query.get("message", "")
    if message:
        # A starting text from the matcher ("Industries: …"); the investor edits it.
        initial["message"] = CONTROL_CHARACTERS.sub("", message)[:MESSAGE_PREFILL_MAX_LENGTH]
    if query.get("shortlist") == "1":
        initial["attach_shortlist"] = True
    if query.get("source") == InquirySource.MATCH:
        initial["source"] = InquirySource.MATCH
    project = initial.get("project")
    if project is not None:
        # A project names its own area and industry; prefill them when not given.
        if "area" not in initial and project.area.is_published:
            initial["area"] = project.area
        if "industry" not in initial and project.industry and project.industry.is_published:
            initial["industry"] = project.industry
    return initial


class DeskFilterForm(forms.Form):
    """The inquiry desk's filters: the period and, optionally, one area."""

    period = forms.ChoiceField(label=_("Period"), choices=Period.CHOICES, required=False)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), to_field_name="slug", required=False, empty_label=_("All areas")
    )

    def chosen(self) -> dict:
        """The valid filters; an invalid one falls back to its default (the page says so)."""
        self.is_valid()  # cleaned_data then holds the valid fields, even if another is not
        data = self.cleaned_data
        return {"period": data.get("period") or Period.WEEK, "area": data.get("area")}
