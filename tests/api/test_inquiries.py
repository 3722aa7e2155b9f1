"""POST /api/v1/inquiries/: partners send investors' leads, stored through the inquiry
service as new inquiries from the partner API."""

import json

import pytest
from django.core import mail

from investments.models import Inquiry, InquiryChannel, InquiryStatus
from investments.services import inquiry_create
from tests.factories import AreaFactory, IndustryFactory, ProjectFactory

from .conftest import error_codes

pytestmark = pytest.mark.django_db

URL = "/api/v1/inquiries/"


def lead(**overrides):
    return {
        "name": "Aibek Investor",
        "email": "aibek@example.com",
        "company": "Bishkek Trading LLC",
        "country": "KG",
        "message": "We would like to open a cold-chain warehouse.",
        "consent": True,
        **overrides,
    }


def test_partner_lead_is_stored_as_new_from_the_partner_api(partner_api, partner):
    AreaFactory(slug="kashgar")
    IndustryFactory(slug="logistics")
    ProjectFactory(slug="cold-chain")
    response = partner_api.post(URL, lead(area="kashgar", industry="logistics", project="cold-chain"), format="json")
    assert response.status_code == 201, response.content
    inquiry = Inquiry.objects.get()
    assert inquiry.status == InquiryStatus.NEW
    assert inquiry.channel == InquiryChannel.PARTNER_API
    assert inquiry.partner_name == partner[0].name
    assert (inquiry.area.slug, inquiry.industry.slug, inquiry.project.slug) == ("kashgar", "logistics", "cold-chain")
    body = response.json()
    assert body["reference"] == inquiry.pk
    assert body["status"] == "new" and body["channel"] == "partner-api"
    assert body["area"]["slug"] == "kashgar" and body["country"] == "KG"


def test_lead_goes_through_the_inquiry_service(partner_api, monkeypatch):
    calls = []

    def recording_create(**kwargs):
        calls.append(kwargs)
        return inquiry_create(**kwargs)

    monkeypatch.setattr("investments.api.inquiry_create", recording_create)
    assert partner_api.post(URL, lead(), format="json").status_code == 201
    assert calls and calls[0]["channel"] == InquiryChannel.PARTNER_API


def test_handlers_and_investor_mails_are_queued_with_the_lead_and_sent_by_the_worker(
    partner_api, settings, deliver_mail
):
    settings.INQUIRY_NOTIFICATION_EMAILS = ["desk@example.com"]
    assert partner_api.post(URL, lead(), format="json").status_code == 201
    assert mail.outbox == [], "no mail is sent inside the request"
    assert deliver_mail() == {"sent": 2}
    # The handlers' notification, and the investor's confirmation with their private link.
    assert [message.to for message in mail.outbox] == [["desk@example.com"], [lead()["email"]]]


def test_anonymous_client_cannot_send_leads(api):
    response = api.post(URL, lead(), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert error_codes(response) == [(None, "not_authenticated")]
    assert not Inquiry.objects.exists()


def test_revoked_key_cannot_send_leads(partner_api, partner):
    partner[0].revoked = True
    partner[0].save()
    assert partner_api.post(URL, lead(), format="json").status_code == 403
    assert not Inquiry.objects.exists()


def test_leads_cannot_be_read_back(partner_api):
    assert partner_api.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"name": ""}, "name", "blank"),
        ({"name": "x" * 201}, "name", "max_length"),
        ({"email": "not-an-address"}, "email", "invalid"),
        ({"message": "x" * 5001}, "message", "max_length"),
        ({"message": "a\x00b"}, "message", "null_characters_not_allowed"),
        ({"country": "XX"}, "country", "invalid_choice"),
        ({"consent": False}, "consent", "consent_required"),
        ({"area": "atlantis"}, "area", "does_not_exist"),
        ({"area": 1}, "area", "invalid"),
        ({"area": {"slug": "kashgar"}}, "area", "invalid"),
        ({"industry": "tex\x00tiles"}, "industry", "invalid"),
        ({"project": ["cold-chain"]}, "project", "invalid"),
    ],
)
def test_invalid_lead_is_a_400_naming_the_field(partner_api, overrides, field, code):
    response = partner_api.post(URL, lead(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert (field, code) in error_codes(response)
    assert not Inquiry.objects.exists()


def test_lone_surrogate_escape_is_a_400_not_a_database_error(partner_api):
    # json.dumps escapes it as "\\ud800", which JSON parsers accept and databases cannot store.
    response = partner_api.post(URL, json.dumps(lead(company="\ud800")), content_type="application/json")
    assert response.status_code == 400
    assert ("company", "invalid") in error_codes(response)


def test_missing_required_fields_are_each_named(partner_api):
    response = partner_api.post(URL, {}, format="json")
    assert response.status_code == 400
    assert {field for field, _code in error_codes(response)} == {"name", "email", "message", "consent"}


def test_unpublished_project_cannot_be_referenced(partner_api):
    ProjectFactory(slug="secret-project", publication_status="draft")
    response = partner_api.post(URL, lead(project="secret-project"), format="json")
    assert ("project", "does_not_exist") in error_codes(response)


def test_oversized_body_is_refused_with_413(partner_api):
    response = partner_api.post(URL, lead(message="x" * 70_000), format="json")
    assert response.status_code == 413
    assert error_codes(response) == [(None, "request_too_large")]


def test_json_array_body_is_a_400(partner_api):
    response = partner_api.post(URL, [lead()], format="json")
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("depth", [100, 30_000])
def test_deeply_nested_json_is_a_400_not_a_500(partner_api, depth):
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    response = partner_api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert error_codes(response) == [(None, "too_deeply_nested")]
    assert not Inquiry.objects.exists()


def test_nesting_within_the_limit_reaches_the_serializer(partner_api):
    # Brackets inside strings are text, not nesting; a shallow body is validated as usual.
    response = partner_api.post(URL, lead(message="[[[[[[[[[[{{{{{{{{{{" * 10, name=["a"]), format="json")
    assert response.status_code == 400
    assert [field for field, _code in error_codes(response)] == ["name"]
