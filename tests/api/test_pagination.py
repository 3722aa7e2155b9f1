"""20 per page by default, `page_size` up to 100, count/next/previous; bad pages are 404."""

import pytest

from tests.factories import AreaFactory, EnterpriseFactory

from .conftest import error_codes, slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises():
    area = AreaFactory()
    return EnterpriseFactory.create_batch(105, area=area)


def test_default_page_has_twenty_rows_with_count_and_links(api, enterprises):
    body = api.get("/api/v1/enterprises/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 105
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/enterprises/?page=2"


def test_page_size_is_honoured_and_capped_at_one_hundred(api, enterprises):
    assert len(api.get("/api/v1/enterprises/?page_size=7").json()["results"]) == 7
    assert len(api.get("/api/v1/enterprises/?page_size=5000").json()["results"]) == 100


def test_pages_cover_every_row_once_in_order(api, enterprises):
    seen, url = [], "/api/v1/enterprises/?page_size=30"
    while url:
        body = api.get(url).json()
        seen += [row["slug"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 105


def test_links_keep_the_filters(api, enterprises):
    area_slug = enterprises[0].area.slug
    body = api.get(f"/api/v1/enterprises/?area={area_slug}&page=2").json()
    assert f"area={area_slug}" in body["next"] and f"area={area_slug}" in body["previous"]


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "1%00"])
def test_invalid_page_is_a_404_in_the_error_shape(api, enterprises, page):
    response = api.get(f"/api/v1/enterprises/?page={page}")
    assert response.status_code == 404
    assert error_codes(response) == [(None, "invalid_page")]


def test_last_page_has_the_remainder(api, enterprises):
    response = api.get("/api/v1/enterprises/?page=6")
    assert len(slugs(response)) == 5 and response.json()["next"] is None
