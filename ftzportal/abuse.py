"""Protection of the public POST forms (inquiry, inquiry follow-up, alert sign-up).

- `rate_limit_posts(group=…, setting=…)` counts a view's POSTs per client address (the
  address of ftzportal.client_address, which django-ratelimit asks) against the rate named by a
  setting, read at each request so deployments and tests can change it. The counters
  live in the database (CACHES["ratelimit"], see settings): they keep counting while
  Redis is down, and no eviction of the response cache reaches them. It never blocks
  by itself: the view sees `request.limited` and answers with `render_rate_limited`, a
  429 that shows the form again with what the visitor typed.
- `HoneypotFormMixin` adds the `website` honeypot: hidden from people by CSS (templates
  render it inside `<div class="hp-field" aria-hidden="true">`), filled by naive bots. A
  filled honeypot is not an error a bot could learn from: the view pretends success.
"""

import re
import secrets
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.forms.forms import DeclarativeFieldsMetaclass
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

HONEYPOT_FIELD = "website"


def rate_from_setting(name: str) -> Callable:
    """A django-ratelimit rate that is `settings.<name>` at the time of the request."""

    def rate(group, request):
        return getattr(settings, name)

    return rate


def rate_limit_posts(*, group: str, setting: str) -> Callable:
    """Count the view's POSTs per client address in `group` against `settings.<setting>`
    (e.g. "5/h"); GETs are neither counted nor limited. Over the limit the view still
    runs, with `request.limited` true."""
    return ratelimit(group=group, key="ip", rate=rate_from_setting(setting), method="POST", block=False)


def render_rate_limited(request, template: str, context: dict):
    """The form again, as the visitor typed it, with the template's `rate_limited`
    notice and status 429: they can send it once the limit resets."""
    return render(request, template, {**context, "rate_limited": True}, status=429)


class HoneypotFormMixin(metaclass=DeclarativeFieldsMetaclass):
    """Adds the `website` honeypot to a Form or ModelForm, as the form's last field.

    List it first among the bases: `class SignUpForm(HoneypotFormMixin, forms.Form)`.
    The view checks `honeypot_filled` before `is_valid()` and pretends success.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields declared on a base come first; the honeypot stays after the form's own.
        self.fields[HONEYPOT_FIELD] = self.fields.pop(HONEYPOT_FIELD)

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


SUBMISSION_KEY_FIELD = "submission_key"
SUBMISSION_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class SubmissionKeyFormMixin(metaclass=DeclarativeFieldsMetaclass):
    """A one-time token in a hidden field, made when the form is shown. The service stores
    what the form sends under it, so the same form posted twice (a double click, a resend
    after a timeout) is stored once, and the second POST shows the first one's result. A
    form re-shown with errors keeps its token: it is still the same submission."""

    submission_key = forms.CharField(required=False, widget=forms.HiddenInput, initial=new_submission_key)

    def clean_submission_key(self) -> str:
        """The token, or "" when the form sent none or a malformed one (the form is then
        stored as it would be without protection, never refused for a hidden field)."""
        value = self.cleaned_data.get(SUBMISSION_KEY_FIELD) or ""
        return value if SUBMISSION_KEY_PATTERN.fullmatch(value) else ""
