"""RSS 2.0 and Atom feeds: valid documents with the required elements, only published
entries of the list's filter, newest first; an invalid filter is a 400."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from ftzportal.publication import PublicationStatus
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, ProjectFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_channel(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    # RSS 2.0 requires title, link and description of the channel, and a title or a
    # description of each item.
    for required in ("title", "link", "description"):
        assert channel.findtext(required), f"channel has no {required}"
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
        assert item.findtext("pubDate")
    return channel


def rss_titles(response) -> list[str]:
    return [item.findtext("title") for item in rss_channel(response).findall("item")]


def atom_titles(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # Atom requires id, title and updated of the feed, an author of the feed (or of every
    # entry), and id, title, updated and a link of each entry.
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), f"feed has no {required}"
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), f"entry has no {required}"
        assert entry.find(f"{ATOM}link").get("href")
    return [entry.findtext(f"{ATOM}title") for entry in entries]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


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


def test_area_feed_combines_its_incentives_zone_wide_ones_and_projects(client, kashgar, horgos):
    IncentiveFactory(title="Kashgar measure", areas=[kashgar], published_at=ago(3))
    IncentiveFactory(title="Zone-wide measure", published_at=ago(2))
    IncentiveFactory(title="Horgos measure", areas=[horgos])
    ProjectFactory(name="Kashgar project", area=kashgar, published_at=ago(1))
    ProjectFactory(name="Horgos project", area=horgos)
    ProjectFactory(name="Draft Kashgar project", area=kashgar, publication_status="draft")
    expected = ["Kashgar project", "Zone-wide measure", "Kashgar measure"]
    assert rss_titles(client.get("/areas/kashgar/feed/rss/")) == expected
    assert atom_titles(client.get("/areas/kashgar/feed/atom/")) == expected


def test_feed_of_a_draft_area_is_not_found(client):
    AreaFactory(slug="hidden", publication_status=PublicationStatus.DRAFT)
    assert client.get("/areas/hidden/feed/rss/").status_code == 404


def test_pages_announce_their_feeds_in_the_head(client, kashgar):
    list_page = client.get("/projects/?area=kashgar").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in list_page
    assert 'href="/projects/feed/rss/?area=kashgar"' in list_page
    area_page = client.get("/areas/kashgar/").content.decode()
    assert 'href="/areas/kashgar/feed/atom/"' in area_page


def test_feed_is_in_the_language_of_its_address(client):
    incentive = IncentiveFactory(title="Tax measure")
    incentive.title_ru = "Налоговая мера"
    incentive.save()
    assert rss_titles(client.get("/ru/incentives/feed/rss/")) == ["Налоговая мера"]
