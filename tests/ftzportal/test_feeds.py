"""RSS 2.0 and Atom feeds of the lists: valid documents with the required elements, only
published entries of the list's filter, newest first; an invalid filter is a 400. (The
area feed: tests/portal/test_area_feeds.py.)"""

from decimal import Decimal

import pytest

from ftzportal.publication import PublicationStatus
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, ProjectFactory
from tests.feeds import ago, atom_titles, rss_channel, rss_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def kashgar():
    return AreaFactory(slug="kashgar", name="Kashgar")


@pytest.fixture
def horgos():
    return AreaFactory(slug="horgos", name="Horgos")


def test_incentive_rss_lists_published_entries_newest_first(client, django_assert_max_num_queries):
    IncentiveFactory(title="Older measure", published_at=ago(10))
    IncentiveFactory(title="Newest measure", published_at=ago(1))
    IncentiveFactory(title="Draft measure", publication_status=PublicationStatus.DRAFT, published_at=None)
    IncentiveFactory(title="Archived measure", publication_status=PublicationStatus.ARCHIVED)
    with django_assert_max_num_queries(8):
        response = client.get("/incentives/feed/rss/")
    assert rss_titles(response) == ["Newest measure", "Older measure"]


def test_incentive_atom_is_valid_and_lists_published_entries_only(client):
    IncentiveFactory(title="Published measure")
    IncentiveFactory(title="Draft measure", publication_status=PublicationStatus.DRAFT)
    assert atom_titles(client.get("/incentives/feed/atom/")) == ["Published measure"]


def test_incentive_feed_applies_the_list_filter(client, kashgar, horgos):
    IncentiveFactory(title="Kashgar finance", category="finance", areas=[kashgar])
    IncentiveFactory(title="Kashgar land", category="land", areas=[kashgar])
    IncentiveFactory(title="Horgos finance", category="finance", areas=[horgos])
    IncentiveFactory(title="Zone-wide finance", category="finance", published_at=ago(5))
    titles = rss_titles(client.get("/incentives/feed/rss/?area=kashgar&category=finance"))
    assert sorted(titles) == ["Kashgar finance", "Zone-wide finance"]


def test_project_feed_applies_area_and_value_filters(client, kashgar, horgos):
    ProjectFactory(name="Big Kashgar park", area=kashgar, value=Decimal("5000000"))
    ProjectFactory(name="Small Kashgar shop", area=kashgar, value=Decimal("1000"))
    ProjectFactory(name="Big Horgos port", area=horgos, value=Decimal("5000000"))
    ProjectFactory(name="Draft Kashgar plant", area=kashgar, value=Decimal("9000000"), publication_status="draft")
    titles = atom_titles(client.get("/projects/feed/atom/?area=kashgar&min_value=1000000"))
    assert titles == ["Big Kashgar park"]


def test_project_feed_describes_value_with_its_currency(client, kashgar):
    ProjectFactory(name="Big park", area=kashgar, value=Decimal("2500000"), currency="USD")
    channel = rss_channel(client.get("/projects/feed/rss/"))
    assert "USD 2,500,000" in channel.find("item").findtext("description")


def test_enterprise_feed_applies_the_origin_filter(client, kashgar):
    EnterpriseFactory(name="Kyrgyz firm", area=kashgar, origin_country="KG")
    EnterpriseFactory(name="Kazakh firm", area=kashgar, origin_country="KZ")
    assert rss_titles(client.get("/enterprises/feed/rss/?origin=KG")) == ["Kyrgyz firm"]


def test_feed_link_points_to_the_filtered_list(client, kashgar):
    channel = rss_channel(client.get("/projects/feed/rss/?area=kashgar&page=3"))
    assert channel.findtext("link").endswith("/projects/?area=kashgar")


def test_entry_without_publication_date_is_dated_by_its_last_change(client):
    IncentiveFactory(title="Undated measure", published_at=None)
    assert rss_titles(client.get("/incentives/feed/rss/")) == ["Undated measure"]


@pytest.mark.parametrize("path", ["/incentives/feed/rss/", "/projects/feed/atom/", "/enterprises/feed/rss/"])
def test_invalid_filter_is_a_400_not_the_whole_feed(client, path):
    IncentiveFactory(title="Any measure")
    response = client.get(path, {"area": "atlantis"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_list_pages_announce_their_feeds_in_the_head(client, kashgar):
    list_page = client.get("/projects/?area=kashgar").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in list_page
    assert 'href="/projects/feed/rss/?area=kashgar"' in list_page


def test_feed_is_in_the_language_of_its_address(client):
    incentive = IncentiveFactory(title="Tax measure")
    incentive.title_ru = "Налоговая мера"
    incentive.save()
    assert rss_titles(client.get("/ru/incentives/feed/rss/")) == ["Налоговая мера"]
