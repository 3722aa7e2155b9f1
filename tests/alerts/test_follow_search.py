"""Follow a search: the feed of a filter, e-mail alerts with double opt-in, digests, unsubscribe."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscription
from alerts.services import CONFIRM_SALT, confirmation_token, send_digests
from investments.models import Project
from tests.factories import AreaFactory, ProjectFactory


def subscribe(client, *, email="follower@example.com", query="area=kashgar", kind="projects", **extra):
    return client.post(
        reverse("alerts:subscribe"),
        {"email": email, "frequency": "daily", "list_kind": kind, "query": query, **extra},
    )


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/alerts/confirm/\S+/", message.body).group(0)


@pytest.fixture
def kashgar_projects(db):
    kashgar = AreaFactory(slug="kashgar", name="Kashgar Area")
    return kashgar, AreaFactory(slug="horgos")


@pytest.fixture
def confirmed(client, kashgar_projects, deliver_mail):
    subscribe(client)
    deliver_mail()
    link = confirm_link(mail.outbox[-1])
    assert client.post(link.split("localhost:8000", 1)[-1]).status_code == 200
    mail.outbox.clear()
    return Subscription.objects.get()


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def test_feed_of_projects_in_kashgar_lists_exactly_that_filter(client, real_data):
    expected = set(Project.objects.published().filter(area__slug="kashgar").values_list("slug", flat=True))
    list_page = client.get("/projects/?area=kashgar").content.decode()
    assert "/projects/feed/rss/?area=kashgar" in list_page
    feed = client.get("/projects/feed/rss/?area=kashgar")
    assert feed.status_code == 200
    links = [item.findtext("link") for item in ET.fromstring(feed.content).iter("item")]
    assert {link.rstrip("/").rsplit("/", 1)[-1] for link in links} == expected
    assert expected


def test_list_page_offers_an_alert_for_the_exact_filter(client, kashgar_projects):
    page = client.get("/projects/?area=kashgar&page=1").content.decode()
    assert "/alerts/subscribe/?area=kashgar&amp;list=projects" in page


def test_subscribe_form_carries_the_normalised_filter(client, kashgar_projects):
    response = client.get("/alerts/subscribe/?list=projects&status=&area=kashgar&page=3&ordering=name")
    assert response.context["form"].initial["query"] == "area=kashgar"


def test_invalid_filter_cannot_be_followed(client, kashgar_projects):
    response = client.get("/alerts/subscribe/?list=projects&area=atlantis")
    assert response.status_code == 200 and response.context["invalid_filter"]


def test_nothing_is_sent_before_confirmation(client, kashgar_projects, deliver_mail):
    subscribe(client)
    deliver_mail()
    assert len(mail.outbox) == 1 and "/alerts/confirm/" in mail.outbox[0].body
    ProjectFactory(area=kashgar_projects[0])
    mail.outbox.clear()
    assert send_digests() == 0
    assert mail.outbox == []


def test_opening_the_confirmation_link_asks_and_only_the_button_confirms(client, kashgar_projects, deliver_mail):
    # Mail scanners and link previews open (GET) every link in a message: that must not
    # confirm a subscription the owner of the address never wanted.
    subscribe(client)
    deliver_mail()
    path = confirm_link(mail.outbox[-1]).split("localhost:8000", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200
    assert re.search(r'<form method="post"[^>]*>', page.content.decode())
    assert Subscription.objects.get().confirmed_at is None
    assert client.post(path).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


def test_digest_sends_each_new_matching_entry_once(confirmed, kashgar_projects, deliver_mail):
    kashgar, horgos = kashgar_projects
    new = ProjectFactory(area=kashgar, name="New Kashgar plant")
    ProjectFactory(area=horgos, name="Horgos warehouse")
    call_command("send_search_alerts", "--frequency", "daily", verbosity=0)
    assert mail.outbox == [], "the command queues; the worker sends"
    assert deliver_mail() == {"sent": 1}
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "New Kashgar plant" in body and new.get_absolute_url() in body
    assert "Horgos warehouse" not in body
    call_command("send_search_alerts", "--frequency", "daily", verbosity=0)
    assert deliver_mail() == {}
    assert len(mail.outbox) == 1
    confirmed.refresh_from_db()
    assert confirmed.last_sent_at is not None


def test_weekly_run_leaves_daily_subscriptions_alone(confirmed, kashgar_projects, deliver_mail):
    ProjectFactory(area=kashgar_projects[0])
    call_command("send_search_alerts", "--frequency", "weekly", verbosity=0)
    assert deliver_mail() == {}
    assert mail.outbox == []


def test_every_alert_email_has_one_click_unsubscribe(confirmed, kashgar_projects, deliver_mail):
    ProjectFactory(area=kashgar_projects[0])
    send_digests()
    deliver_mail()
    message = mail.outbox[0]
    url = confirmed.get_unsubscribe_url()
    assert url in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{url}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribe_asks_on_get_and_stops_alerts_on_post(client, confirmed, kashgar_projects):
    url = confirmed.get_unsubscribe_url()
    assert client.get(url).status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.unsubscribed_at is None
    # One-click from a mail client: a POST without a CSRF token.
    assert Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    ProjectFactory(area=kashgar_projects[0])
    assert send_digests() == 0 and mail.outbox == []


def test_forged_confirmation_is_refused(client, kashgar_projects, deliver_mail):
    subscribe(client)
    deliver_mail()
    subscription = Subscription.objects.get()
    forged = signing.TimestampSigner(salt=CONFIRM_SALT, key="not-our-secret").sign(str(subscription.pk))
    other_pk = confirmation_token(subscription).replace(f"{subscription.pk}:", f"{subscription.pk + 1}:", 1)
    for token in (forged, other_pk, "1:abc:def"):
        assert client.get(reverse("alerts:confirm", args=[token])).status_code == 400
        assert client.post(reverse("alerts:confirm", args=[token])).status_code == 400
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_expired_confirmation_is_refused(client, kashgar_projects, settings, deliver_mail):
    subscribe(client)
    deliver_mail()
    subscription = Subscription.objects.get()
    token = confirmation_token(subscription)
    settings.ALERT_CONFIRMATION_MAX_AGE_DAYS = 0
    assert client.get(reverse("alerts:confirm", args=[token])).status_code == 400
    assert client.post(reverse("alerts:confirm", args=[token])).status_code == 400
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_honeypot_pretends_success_and_stores_nothing(client, kashgar_projects):
    response = subscribe(client, website="http://spam.example")
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_subscribe_is_rate_limited_and_keeps_what_was_typed(client, kashgar_projects, settings):
    settings.ALERT_SUBSCRIBE_RATE_LIMIT = "2/h"
    for index in range(2):
        assert subscribe(client, email=f"f{index}@example.com").status_code == 200
    response = subscribe(client, email="third@example.com")
    assert response.status_code == 429
    assert 'value="third@example.com"' in response.content.decode()


def test_rejected_subscription_keeps_what_was_typed(client, kashgar_projects):
    response = subscribe(client, email="not-an-address")
    assert response.context["form"].errors["email"]
    assert 'value="not-an-address"' in response.content.decode()


def test_curators_see_subscriptions_in_the_admin(client, confirmed):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    body = client.get(reverse("admin:alerts_subscription_changelist")).content.decode()
    assert "follower@example.com" in body and "area=kashgar" in body


def test_the_same_subscribe_form_posted_twice_sends_one_confirmation(client, kashgar_projects, deliver_mail):
    page = client.get(reverse("alerts:subscribe") + "?list=projects&area=kashgar").content.decode()
    key = re.search(r'name="submission_key" value="([A-Za-z0-9_-]+)"', page).group(1)
    for _ in range(2):
        assert subscribe(client, submission_key=key).status_code == 200
    assert deliver_mail() == {"sent": 1}
    assert len(mail.outbox) == 1 and Subscription.objects.count() == 1
    # A new form (a new key) is a new request: the visitor asked for the link again.
    subscribe(client)
    assert deliver_mail() == {"sent": 1}
