"""The shared protection of the public POST forms (ftzportal/abuse.py): the honeypot
mixin and the per-address POST rate limit whose rate is a setting read per request."""

from unittest import mock

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory

from ftzportal.abuse import HoneypotFormMixin, rate_limit_posts, render_rate_limited


class SignUpForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField()
    note = forms.CharField(required=False)


@rate_limit_posts(group="test-abuse", setting="TEST_ABUSE_RATE_LIMIT")
def limited_view(request):
    return HttpResponse("limited" if request.limited else "ok")


@pytest.fixture
def post():
    factory = RequestFactory()
    return lambda address="192.0.2.1": limited_view(factory.post("/", REMOTE_ADDR=address)).content.decode()


@pytest.mark.parametrize(("value", "filled"), [("http://spam.example", True), ("  x  ", True), ("", False)])
def test_a_filled_honeypot_is_detected(value, filled):
    assert SignUpForm({"email": "a@example.com", "website": value}).honeypot_filled is filled


@pytest.mark.parametrize("value", [" ", "\t\n ", "\u00a0"])
def test_a_whitespace_only_honeypot_is_not_filled(value):
    form = SignUpForm({"email": "a@example.com", "website": value})
    assert not form.honeypot_filled
    assert form.is_valid()


def test_a_missing_honeypot_is_not_filled():
    assert not SignUpForm({"email": "a@example.com"}).honeypot_filled


def test_the_honeypot_field_is_optional_off_the_tab_order_and_last():
    form = SignUpForm()
    field = form.fields["website"]
    assert list(form.fields) == ["email", "note", "website"]
    assert not field.required and field.max_length == 200
    assert str(field.label) == "Leave this field empty"
    assert field.widget.attrs == {"autocomplete": "off", "tabindex": "-1", "maxlength": "200"}
    assert SignUpForm({"email": "a@example.com", "website": "x" * 201}).errors["website"]


def test_the_honeypot_stays_last_in_a_model_form():
    from investments.forms import InquiryForm

    fields = list(InquiryForm().fields)
    assert fields[-1] == "website"
    assert fields.index("attach_shortlist") < fields.index("website")


def test_the_rate_is_read_from_the_setting_at_request_time(settings, post):
    settings.TEST_ABUSE_RATE_LIMIT = "1/h"
    assert post() == "ok"
    assert post() == "limited"
    settings.TEST_ABUSE_RATE_LIMIT = "3/h"
    assert post() == "ok"
    settings.TEST_ABUSE_RATE_LIMIT = "1/h"
    assert post() == "limited"


def test_posts_count_per_client_address_and_gets_not_at_all(settings, post):
    settings.TEST_ABUSE_RATE_LIMIT = "1/h"
    factory = RequestFactory()
    for _ in range(3):
        assert limited_view(factory.get("/", REMOTE_ADDR="192.0.2.1")).content == b"ok"
    assert post("192.0.2.1") == "ok"
    assert post("192.0.2.2") == "ok"
    assert post("192.0.2.1") == "limited"


def test_a_rate_limited_post_gets_the_form_back_with_the_notice_and_429(rf):
    form = SignUpForm({"email": "typed@example.com"})
    request = rf.post("/")
    with mock.patch("ftzportal.abuse.render", return_value=HttpResponse(status=429)) as render:
        response = render_rate_limited(request, "signup.html", {"form": form})
    render.assert_called_once_with(request, "signup.html", {"form": form, "rate_limited": True}, status=429)
    assert response.status_code == 429
