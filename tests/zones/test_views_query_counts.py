"""SQL queries per list page do not grow with the rows shown: the same pinned number at
5 and at 25 rows (25 fills more than a page: LIST_PAGE_SIZE is 20)."""

import pytest
from django.test import override_settings

from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    IncentiveFactory,
    IndustryFactory,
    ProjectFactory,
)
from zones.models import Industry

pytestmark = pytest.mark.django_db

# Each row gets its own area and industries (a fresh related row per item is the worst
# case for N+1 queries), and each list is filtered so the filter's lookups run too.
# Every page first reads the content version (the response cache key). Every filtered
# list then: the published areas and industries (read once per content version and kept
# in the process: checkboxes, chip labels and the validation of ?area= all use them),
# the ordered keys of the filter (which count it; cached afterwards), the page rows by key;
# then its prefetches.
CONTENT_VERSION = 1
CHOICES = 2
FILTERED_LIST_BASE = CONTENT_VERSION + CHOICES + 2
QUERIES = {
    # + prefetch of areas, prefetch of industries
    "/incentives/?area={area}": FILTERED_LIST_BASE + 2,
    # + prefetch of industries (area and source are joined)
    "/enterprises/?area={area}": FILTERED_LIST_BASE + 1,
    # area, industry, enterprise and source are joined
    "/projects/?area={area}": FILTERED_LIST_BASE,
    # the published areas (held, as for a filter: the row of each says why the industry
    # belongs to each area), the ordered keys, the page rows with their reasons
    "/industries/": CONTENT_VERSION + 1 + 2,
}


def make_rows(count):
    shared_area = AreaFactory(slug="shared")
    for _ in range(count):
        area, industry = AreaFactory(), IndustryFactory()
        AreaIndustryFactory(area=area, industry=industry)
        IncentiveFactory(areas=[shared_area, area], industries=[industry, IndustryFactory()])
        EnterpriseFactory(area=shared_area, industries=[industry, IndustryFactory()])
        ProjectFactory(area=shared_area, industry=industry, enterprise=EnterpriseFactory(area=area))


@override_settings(LIST_PAGE_SIZE=20)
@pytest.mark.parametrize("rows", [5, 25])
@pytest.mark.parametrize(("url", "expected"), QUERIES.items())
def test_list_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows, url, expected):
    make_rows(rows)
    with django_assert_num_queries(expected):
        response = client.get(url.format(area="shared"))
    assert response.status_code == 200
    # The three lists are filtered to the shared area (one row per item made); the industry
    # list is not filtered: every published industry, three made per item.
    listed = Industry.objects.published().count() if url == "/industries/" else rows
    assert len(response.context["object_list"]) == min(listed, 20)


@override_settings(LIST_PAGE_SIZE=20)
@pytest.mark.parametrize(("url", "expected"), [(url, n) for url, n in QUERIES.items() if "area" in url])
def test_the_next_filtered_page_reads_no_choices_and_no_count(client, django_assert_num_queries, url, expected):
    """Same content version: the choices are held by the process and the filter's keys by
    the cache, so page 2 costs the version, the rows and their prefetches."""
    make_rows(30)
    client.get(url.format(area="shared"))
    with django_assert_num_queries(expected - CHOICES - 1):
        response = client.get(url.format(area="shared") + "&page=2")
    assert len(response.context["object_list"]) == 10


@pytest.mark.parametrize("rows", [5, 25])
def test_search_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    make_rows(rows)
    # the content version, the area choices of the form, the areas' spellings (aliases),
    # the counts per type, the page of entries and their number, the documents shown:
    # at most 10 whatever the number of matches (search.engine).
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "e"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 25])
def test_home_and_area_query_counts_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    make_rows(rows)
    # + the charts (areas and totals by area; industries and totals by industry; enterprises
    # by industry; by origin; projects by status) and the map (areas; facilities of
    # published areas; zone-wide facilities): 7 grouped queries from the tallies, and the
    # published industries the "enterprises by industry" chart names (1), whatever the
    # rows; + the results, plans and commentary shown apart from the incentives (1).
    with django_assert_num_queries(CONTENT_VERSION + 15 + 8):
        assert client.get("/").status_code == 200
    # + 2 more charts (enterprises by origin, projects by status) and the map (areas; the
    # area's facilities).
    # The areas and industries its enterprise and project rows point at: read once per
    # content version by each process (ftzportal.reference). + the area's industries with
    # their reasons (zones.reasons), beside the sources' notes on them.
    # + the published industries the "enterprises by industry" chart names (1).
    held = 2
    with django_assert_num_queries(CONTENT_VERSION + 18 + 4 + held + 1):
        assert client.get("/areas/shared/").status_code == 200
