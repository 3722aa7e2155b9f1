"""Search-alert subscribers' e-mail addresses are personal data: only Publishers (who
delete a subscription on request) and superusers see them; Curators see which searches
are followed, not by whom."""

import pytest
from django.urls import reverse

from alerts.models import Subscription

from .conftest import client_for

ADDRESS = "follower@example.com"


@pytest.fixture
def subscription(db):
    return Subscription.objects.create(email=ADDRESS, list_kind="projects", query="area=kashgar")


def pages(client, subscription):
    changelist = reverse("admin:alerts_subscription_changelist")
    change = reverse("admin:alerts_subscription_change", args=[subscription.pk])
    return [
        client.get(changelist),
        client.get(changelist, {"q": "follower"}),
        client.get(change),
    ]


def test_a_curator_sees_followed_searches_but_no_address(client, make_staff, subscription):
    client = client_for(client, make_staff("Curator"))
    listed, searched, detail = pages(client, subscription)
    assert listed.status_code == searched.status_code == detail.status_code == 200
    assert "area=kashgar" in listed.content.decode() and "area=kashgar" in detail.content.decode()
    for response in (listed, searched, detail):
        assert "follower@" not in response.content.decode()
    # Searching by address must not reveal who follows what either.
    assert "0 results" in searched.content.decode()


@pytest.mark.parametrize("role", ["Publisher", None])
def test_publishers_and_superusers_see_the_address(client, make_staff, subscription, role):
    client = client_for(client, make_staff(role))
    listed, searched, detail = pages(client, subscription)
    for response in (listed, searched, detail):
        assert ADDRESS in response.content.decode()


def test_an_inquiry_handler_sees_no_subscriptions(client, make_staff, subscription):
    client = client_for(client, make_staff("Inquiry handler"))
    assert client.get(reverse("admin:alerts_subscription_changelist")).status_code == 403
