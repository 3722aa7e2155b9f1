"""An area's RSS 2.0 and Atom feeds: its incentives (zone-wide ones too) and its projects,
published only, newest first."""

import pytest

from ftzportal.publication import PublicationStatus
from tests.factories import AreaFactory, IncentiveFactory, ProjectFactory
from tests.feeds import ago, atom_titles, rss_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def kashgar():
    return AreaFactory(slug="kashgar", name="Kashgar")


@pytest.fixture
def horgos():
    return AreaFactory(slug="horgos", name="Horgos")


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


def test_area_page_announces_its_feed_in_the_head(client, kashgar):
    area_page = client.get("/areas/kashgar/").content.decode()
    assert 'href="/areas/kashgar/feed/atom/"' in area_page
