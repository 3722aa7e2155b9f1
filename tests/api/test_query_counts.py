"""List endpoints cost the same number of queries for 5 rows as for 50."""

import pytest

from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    IncentiveFactory,
    IndustryFactory,
    ProjectFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def make_rows(resource, n):
    industries = IndustryFactory.create_batch(2)
    if resource == "zones":
        for i in range(n):
            zone = ZoneFactory(slug=f"zone-{i}")
            AreaFactory.create_batch(2, zone=zone)
    elif resource == "areas":
        for area in AreaFactory.create_batch(n):
            for industry in industries:
                AreaIndustryFactory(area=area, industry=industry)
    elif resource == "industries":
        parent = IndustryFactory()
        IndustryFactory.create_batch(n, parent=parent)
    elif resource == "incentives":
        areas = AreaFactory.create_batch(2)
        IncentiveFactory.create_batch(n, areas=areas, industries=industries)
    elif resource == "enterprises":
        EnterpriseFactory.create_batch(n, industries=industries)
    elif resource == "projects":
        area = AreaFactory()
        enterprise = EnterpriseFactory(area=area)
        ProjectFactory.create_batch(n, area=area, enterprise=enterprise)


# Content version (ETag), COUNT, the rows with their joined FKs, and at most two
# prefetches (e.g. an incentive's areas and industries).
MAX_QUERIES = 5


@pytest.mark.parametrize("resource", ["zones", "areas", "industries", "incentives", "enterprises", "projects"])
@pytest.mark.parametrize("rows", [5, 50])
def test_list_queries_do_not_grow_with_rows(api, django_assert_max_num_queries, resource, rows):
    make_rows(resource, rows)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get(f"/api/v1/{resource}/?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


@pytest.mark.parametrize("rows", [5, 50])
def test_filtered_list_adds_only_the_slug_lookups(api, django_assert_max_num_queries, rows):
    area = AreaFactory(slug="kashgar")
    industry = IndustryFactory(slug="textiles")
    EnterpriseFactory.create_batch(rows, area=area, industries=[industry])
    # + one query each to check the area and industry slugs.
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        response = api.get("/api/v1/enterprises/?area=kashgar&industry=textiles&page_size=100")
    assert len(response.json()["results"]) == rows
