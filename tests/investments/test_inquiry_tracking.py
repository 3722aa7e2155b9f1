"""The investor's private inquiry page, replies from the admin, and contact assignment."""

import hashlib
import re

import pytest
from django.core import mail
from django.urls import reverse

from investments.models import Inquiry, InquiryReply, InquiryStatus
from investments.services import inquiry_by_tracking_token, inquiry_create, inquiry_reply
from tests.factories import AreaFactory, ProjectFactory, UserFactory
from zones.models import Contact

FORM = {"name": "Aibek", "email": "aibek@example.com", "message": "Textile plant, please call.", "consent": "on"}


@pytest.fixture
def inquiry(db, deliver_mail):
    stored = inquiry_create(name="Aibek", email="aibek@example.com", message="Textile plant?", consent=True)
    deliver_mail()
    return stored


def status_url(inquiry):
    return reverse("investments:inquiry-status", args=[inquiry.tracking_token])


def test_each_inquiry_gets_a_long_random_token_stored_with_its_digest(inquiry):
    other = inquiry_create(name="B", email="b@example.com", message="m", consent=True)
    assert len(inquiry.tracking_token) >= 43
    assert inquiry.tracking_token != other.tracking_token
    assert inquiry.tracking_digest and inquiry.tracking_digest != inquiry.tracking_token


def token_in_link(message) -> str:
    return re.search(r"/inquiries/([^/\s]+)/", message.body).group(1)


def test_only_the_digest_of_the_token_is_stored(inquiry):
    # A copy of the database (a backup, a replica, a leak) must not open anyone's inquiry.
    token = token_in_link(mail.outbox[-1])
    stored = Inquiry.objects.filter(pk=inquiry.pk).values().get()
    assert not [column for column, value in stored.items() if token in str(value)]
    assert stored["tracking_digest"] == hashlib.sha256(token.encode()).hexdigest()
    assert inquiry_by_tracking_token(token) == inquiry


def test_a_reply_mail_carries_the_same_working_link(client, inquiry, deliver_mail):
    token = token_in_link(mail.outbox[-1])
    mail.outbox.clear()
    inquiry_reply(inquiry=Inquiry.objects.get(pk=inquiry.pk), body="Noted.", user=UserFactory())
    deliver_mail()
    assert token_in_link(mail.outbox[-1]) == token
    assert client.get(reverse("investments:inquiry-status", args=[token])).status_code == 200


def test_investor_receives_a_confirmation_with_the_private_link(inquiry):
    confirmation = [message for message in mail.outbox if message.to == ["aibek@example.com"]]
    assert len(confirmation) == 1
    assert f"/inquiries/{inquiry.tracking_token}/" in confirmation[0].body
    inquiry.refresh_from_db()
    assert inquiry.confirmation_sent_at is not None


def test_failing_confirmation_mail_never_loses_the_inquiry(db, settings, deliver_mail):
    settings.EMAIL_BACKEND = "tests.security.failing_mail.FailingEmailBackend"
    stored = inquiry_create(name="A", email="a@example.com", message="m", consent=True)
    assert deliver_mail() == {"retry": 1}
    stored.refresh_from_db()
    assert Inquiry.objects.filter(pk=stored.pk).exists()
    assert stored.confirmation_sent_at is None


def test_link_shows_status_message_and_replies_with_noindex(client, inquiry):
    inquiry_reply(inquiry=inquiry, body="We will call you on Monday.", user=UserFactory())
    response = client.get(status_url(inquiry))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in body
    assert "Textile plant?" in body and "We will call you on Monday." in body
    assert "Answered" in body
    # Nothing personal beyond what the investor wrote: not even their address.
    assert "aibek@example.com" not in body


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1], lambda t: t[:20], lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x"]
)
def test_wrong_or_truncated_token_is_404(client, inquiry, mangle):
    assert client.get(reverse("investments:inquiry-status", args=[mangle(inquiry.tracking_token)])).status_code == 404
    assert inquiry_by_tracking_token(mangle(inquiry.tracking_token)) is None


def test_lookup_compares_digests_not_tokens(inquiry, django_assert_num_queries, monkeypatch):
    # The query names only the digest: the database never compares the secret itself.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert inquiry_by_tracking_token(inquiry.tracking_token) == inquiry
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert inquiry.tracking_digest in sql and f"= '{inquiry.tracking_token}'" not in sql


def test_investor_can_add_a_message_and_handlers_see_it(client, inquiry):
    response = client.post(status_url(inquiry), {"body": "Also interested in Horgos."})
    assert response.status_code == 302
    reply = InquiryReply.objects.get(inquiry=inquiry)
    assert reply.from_investor and reply.body == "Also interested in Horgos."
    assert "Also interested in Horgos." in client.get(status_url(inquiry)).content.decode()


def test_status_page_post_needs_csrf(inquiry):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(status_url(inquiry), {"body": "hi"})
    assert response.status_code == 403


def test_reply_written_in_the_admin_appears_on_the_page_and_is_emailed(client, inquiry, deliver_mail):
    admin_user = UserFactory(is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:investments_inquiry_change", args=[inquiry.pk])
    form = client.get(url).context["adminform"].form
    data = {
        "status": form.initial["status"],
        "assignee": "",
        "contact": "",
        "replies-TOTAL_FORMS": "1",
        "replies-INITIAL_FORMS": "0",
        "replies-MIN_NUM_FORMS": "0",
        "replies-MAX_NUM_FORMS": "1000",
        "replies-0-body": "Our Kashgar desk will call you.",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    mail.outbox.clear()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert mail.outbox == [], "the admin's request only queues the mail"
    assert deliver_mail() == {"sent": 1}
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert [message.to for message in mail.outbox] == [["aibek@example.com"]]
    assert "Our Kashgar desk will call you." in mail.outbox[0].body
    assert f"/inquiries/{inquiry.tracking_token}/" in mail.outbox[0].body
    client.logout()
    assert "Our Kashgar desk will call you." in client.get(status_url(inquiry)).content.decode()


def test_inquiry_opened_from_the_kashgar_page_is_assigned_to_kashgars_contact(client, kashgar):
    contact = Contact.objects.create(name="Test Kashgar Desk", email="kashgar-desk@example.com")
    kashgar.contact = contact
    kashgar.save()
    area_page = client.get(kashgar.get_absolute_url()).content.decode()
    assert "Test Kashgar Desk" in area_page
    inquire_path = reverse("investments:inquiry-create") + "?area=kashgar"
    assert inquire_path in area_page
    initial = client.get(inquire_path).context["form"].initial
    client.post(reverse("investments:inquiry-create"), {**FORM, "area": initial["area"].slug})
    assert Inquiry.objects.get().contact == contact


def test_area_without_contact_shows_the_generic_team(client, kashgar):
    body = client.get(kashgar.get_absolute_url()).content.decode()
    assert "Investment promotion team" in body


def test_project_contact_wins_over_its_areas(db):
    area_contact = Contact.objects.create(name="Area desk")
    project_contact = Contact.objects.create(name="Project desk")
    project = ProjectFactory(area=AreaFactory(contact=area_contact), contact=project_contact)
    stored = inquiry_create(name="A", email="a@example.com", message="m", consent=True, project=project)
    assert stored.contact == project_contact


def test_project_page_shows_its_areas_contact(client, db):
    project = ProjectFactory(area=AreaFactory(contact=Contact.objects.create(name="Area Desk Person")))
    assert "Area Desk Person" in client.get(project.get_absolute_url()).content.decode()


def test_inactive_contact_is_not_assigned(db):
    area = AreaFactory(contact=Contact.objects.create(name="Gone", is_active=False))
    assert inquiry_create(name="A", email="a@example.com", message="m", consent=True, area=area).contact is None


def test_an_inquiry_stored_with_a_plain_token_before_keeps_its_link(client, db, deliver_mail):
    # Migrated rows keep only the digest of their old random token and have no nonce.
    old_token = "old-random-token-from-before-the-migration-0123456789"
    stored = inquiry_create(name="Old", email="old@example.com", message="m", consent=True)
    Inquiry.objects.filter(pk=stored.pk).update(
        tracking_nonce="", tracking_digest=hashlib.sha256(old_token.encode()).hexdigest()
    )
    assert client.get(reverse("investments:inquiry-status", args=[old_token])).status_code == 200
    deliver_mail()
    mail.outbox.clear()
    inquiry_reply(inquiry=Inquiry.objects.get(pk=stored.pk), body="Answered.", user=UserFactory())
    deliver_mail()
    assert "Answered." in mail.outbox[-1].body and "/inquiries/" not in mail.outbox[-1].body


def test_the_link_survives_a_secret_key_rotation(inquiry, settings):
    token = inquiry.tracking_token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 30
    assert Inquiry.objects.get(pk=inquiry.pk).tracking_token == token
    assert inquiry_by_tracking_token(token) == inquiry
