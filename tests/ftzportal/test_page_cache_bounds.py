"""The website's lists store only what their FilterSet recognises (ftzportal.caching):
junk and tracking parameters make no new entries, an invalid filter's page is never
stored, parameters in another order share one entry."""

import pytest
from django.core.cache import cache

from tests.factories import IncentiveFactory

pytestmark = pytest.mark.django_db

LIST = "/incentives/"


@pytest.fixture(autouse=True)
def incentives(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return IncentiveFactory.create_batch(3)


def stored_pages() -> int:
    return sum(":ftzportal:response:page:" in key for key in cache._cache)


def test_a_valid_filter_is_stored_and_served_again(client):
    assert client.get(LIST + "?category=tax")["X-Cache"] == "MISS"
    assert client.get(LIST + "?category=tax")["X-Cache"] == "HIT"


def test_an_invalid_filter_is_answered_but_never_stored(client):
    response = client.get(LIST + "?category=nonsense")
    assert response.status_code == 200
    assert not response.context["filters_valid"]
    assert "X-Cache" not in response
    assert stored_pages() == 0


def test_junk_parameters_make_no_new_entries(client):
    client.get(LIST)
    for number in range(10):
        assert client.get(LIST + f"?x{number}=junk").status_code == 200
    assert stored_pages() == 1


def test_tracking_parameters_and_order_share_the_entry(client):
    assert client.get(LIST + "?category=tax&page=1")["X-Cache"] == "MISS"
    assert client.get(LIST + "?page=1&category=tax&utm_source=mail")["X-Cache"] == "HIT"
    assert stored_pages() == 1
