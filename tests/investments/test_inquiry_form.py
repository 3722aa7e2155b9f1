"""The investor inquiry form at /inquire/: prefill, storing through the service, PRG,
and the protections the security review relies on (CSRF, honeypot, lengths, consent,
per-IP rate limit)."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from ftzportal.publication import PublicationStatus
from investments.models import Inquiry, InquiryStatus
from tests.factories import AreaFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/inquire/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def valid_data(**overrides):
    data = {
        "name": "Aibek Investor",
        "email": "aibek@example.com",
        "company": "Bishkek Trading LLC",
        "country": "KG",
        "message": "We would like to open a garment factory.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_form_is_prefilled_from_area_industry_and_project(client):
    AreaFactory(slug="kashgar")
    IndustryFactory(slug="textiles")
    ProjectFactory(slug="trade-park", name="Trade park")
    response = client.get(URL, {"area": "kashgar", "industry": "textiles", "project": "trade-park"})
    form = response.context["form"]
    assert form["area"].value() == "kashgar"
    assert form["industry"].value() == "textiles"
    assert form["project"].value() == "trade-park"
    assert b"About the project: Trade park" in response.content
    assert b'<option value="kashgar" selected>' in response.content


def test_project_prefills_its_own_area_and_industry(client):
    project = ProjectFactory(slug="trade-park")
    form = client.get(URL, {"project": "trade-park"}).context["form"]
    assert form["area"].value() == project.area.slug
    assert form["industry"].value() == project.industry.slug


@pytest.mark.parametrize("slug", ["atlantis", "<script>", "a\x00b", "x" * 500])
def test_unknown_or_malformed_prefill_is_ignored(client, slug):
    AreaFactory(slug="kashgar")
    response = client.get(URL, {"area": slug, "industry": slug, "project": slug})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["area"].value() is None
    assert b"<script>" not in response.content


def test_draft_area_is_not_prefilled(client):
    AreaFactory(slug="secret", publication_status=PublicationStatus.DRAFT)
    assert client.get(URL, {"area": "secret"}).context["form"]["area"].value() is None


def test_valid_inquiry_is_stored_as_new_and_redirects_to_thank_you(client):
    kashgar = AreaFactory(slug="kashgar")
    textiles = IndustryFactory(slug="textiles")
    project = ProjectFactory(slug="trade-park")
    response = client.post(URL, valid_data(area="kashgar", industry="textiles", project="trade-park"))
    assert response.status_code == 302
    assert response["Location"] == "/inquire/thanks/"
    inquiry = Inquiry.objects.get()
    assert inquiry.status == InquiryStatus.NEW
    assert (inquiry.name, inquiry.email, inquiry.company, inquiry.country.code) == (
        "Aibek Investor",
        "aibek@example.com",
        "Bishkek Trading LLC",
        "KG",
    )
    assert (inquiry.area, inquiry.industry, inquiry.project) == (kashgar, textiles, project)
    assert inquiry.consent is True
    assert client.get(response["Location"]).status_code == 200


def test_form_saves_through_the_service_function(client, monkeypatch):
    calls = []
    import investments.views

    real = investments.views.inquiry_create
    monkeypatch.setattr(investments.views, "inquiry_create", lambda **kw: calls.append(kw) or real(**kw))
    client.post(URL, valid_data())
    assert len(calls) == 1
    assert calls[0]["email"] == "aibek@example.com"


def test_missing_consent_is_refused_and_keeps_what_was_typed(client):
    data = valid_data()
    del data["consent"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    assert "consent" in response.context["form"].errors
    assert b'value="Bishkek Trading LLC"' in response.content
    assert b"We would like to open a garment factory." in response.content


@pytest.mark.parametrize(
    ("field", "limit"), [("name", 200), ("email", 254), ("company", 200), ("message", 5000), ("website", 200)]
)
def test_every_field_has_a_server_side_length_limit(client, field, limit):
    value = "a" * (limit + 1)
    if field == "email":
        value = "a" * (limit - 11) + "@example.com"
    data = valid_data(**{field: value})
    if field == "website":
        # A long honeypot is still a filled honeypot: nothing is stored either way.
        client.post(URL, data)
        assert not Inquiry.objects.exists()
        return
    response = client.post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Inquiry.objects.exists()


def test_invalid_email_is_refused(client):
    response = client.post(URL, valid_data(email="not-an-email"))
    assert "email" in response.context["form"].errors
    assert not Inquiry.objects.exists()


def test_filled_honeypot_pretends_success_and_stores_nothing(client):
    response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/inquire/thanks/"
    assert not Inquiry.objects.exists()


def test_honeypot_is_hidden_by_css_class_not_inline_style(client):
    content = client.get(URL).content.decode()
    assert 'class="hp-field"' in content
    assert 'name="website"' in content
    assert "style=" not in content


def test_post_without_csrf_token_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(URL, valid_data())
    assert response.status_code == 403
    assert not Inquiry.objects.exists()


def test_form_carries_a_csrf_token(client):
    assert b'name="csrfmiddlewaretoken"' in client.get(URL).content


@override_settings(INQUIRY_RATE_LIMIT="2/h")
def test_rate_limit_answers_429_and_redisplays_what_was_typed(client):
    for number in range(2):
        assert client.post(URL, valid_data(name=f"Investor {number}")).status_code == 302
    response = client.post(URL, valid_data(name="Third try", message="Still interested."))
    assert response.status_code == 429
    assert b'value="Third try"' in response.content
    assert b"Still interested." in response.content
    assert b"Please wait a while" in response.content
    assert Inquiry.objects.count() == 2


@override_settings(INQUIRY_RATE_LIMIT="1/h")
def test_rate_limit_is_per_client_ip(client):
    assert client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_by_default_an_address_may_send_five_inquiries_an_hour(client):
    for number in range(5):
        assert client.post(URL, valid_data(name=f"Investor {number}")).status_code == 302
    assert client.post(URL, valid_data(name="Sixth try")).status_code == 429
    assert Inquiry.objects.count() == 5


def test_every_input_has_a_label(client):
    content = client.get(URL).content.decode()
    for field in ("name", "email", "company", "country", "area", "industry", "message", "consent", "website"):
        assert f'for="id_{field}"' in content


def test_thank_you_page_does_not_create_anything(client):
    assert client.get("/inquire/thanks/").status_code == 200
    assert not Inquiry.objects.exists()


def submission_key_of(page) -> str:
    import re

    return re.search(r'name="submission_key" value="([A-Za-z0-9_-]+)"', page).group(1)


def test_the_same_form_posted_twice_is_stored_once_and_mailed_once(client, settings, deliver_mail):
    from django.core import mail

    settings.INQUIRY_NOTIFICATION_EMAILS = ["desk@example.com"]
    key = submission_key_of(client.get(URL).content.decode())
    first = client.post(URL, valid_data(submission_key=key))
    # The visitor saw a timeout and pressed "Send" again: same form, same key.
    second = client.post(URL, valid_data(submission_key=key))

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"], "the second POST shows the first one's result"
    assert Inquiry.objects.count() == 1
    assert deliver_mail() == {"sent": 2}
    assert sorted(message.to[0] for message in mail.outbox) == ["aibek@example.com", "desk@example.com"]


def test_every_form_shown_has_its_own_key_and_a_rejected_form_keeps_its_own(client):
    first, second = (submission_key_of(client.get(URL).content.decode()) for _ in range(2))
    assert first != second and len(first) >= 32
    rejected = client.post(URL, valid_data(email="not an address", submission_key=first))
    assert rejected.status_code == 200
    assert submission_key_of(rejected.content.decode()) == first
    assert 'value="Aibek Investor"' in rejected.content.decode()


def test_two_forms_are_two_inquiries_and_a_missing_or_malformed_key_never_refuses_one(client):
    keys = [submission_key_of(client.get(URL).content.decode()) for _ in range(2)]
    for key in keys:
        assert client.post(URL, valid_data(submission_key=key)).status_code == 302
    assert client.post(URL, valid_data()).status_code == 302
    assert client.post(URL, valid_data(submission_key="<script>")).status_code == 302
    assert Inquiry.objects.count() == 4
    assert Inquiry.objects.filter(submission_key__isnull=True).count() == 2


def test_the_service_returns_the_stored_inquiry_for_a_key_it_has_seen():
    from investments.services import inquiry_create

    fields = {"name": "A", "email": "a@example.com", "message": "m", "consent": True}
    first = inquiry_create(**fields, submission_key="k" * 32)
    again = inquiry_create(**fields, submission_key="k" * 32)
    assert again.pk == first.pk and Inquiry.objects.count() == 1
