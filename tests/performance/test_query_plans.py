"""Every filtered list the site offers can be answered from an index on PostgreSQL: the
page of rows (ordered as the views order it) and its count. Skipped on SQLite.

Tables in tests are tiny, so the planner would rightly prefer sequential scans; with
`enable_seqscan = off` it picks an index whenever one can serve the query, and falls back
to a sequential scan only when none can. A sequential scan of the listed table in the
plan therefore means a missing index.
"""

from decimal import Decimal

import pytest
from django.db import connection

from investments.filters import EnterpriseFilterSet, ProjectFilterSet
from investments.models import Enterprise, Project
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.filters import IncentiveFilterSet
from zones.models import Incentive

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"),
]


@pytest.fixture
def data():
    area, other_area = AreaFactory(slug="area-a"), AreaFactory(slug="area-b")
    industry = IndustryFactory(slug="industry-x")
    EnterpriseFactory.create_batch(3, area=area, industries=[industry])
    EnterpriseFactory(area=other_area)
    ProjectFactory.create_batch(3, area=area, industry=industry, value=Decimal("2000000"))
    IncentiveFactory.create_batch(2, areas=[area], category="tax")
    IncentiveFactory(category="tax")
    return area


def plan_nodes(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    nodes, stack = [], [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return nodes


def sequential_scans(queryset, table: str) -> dict[str, list[str]]:
    """Sequential scans of `table` in the plans of the first page and of the count."""
    page_sql, page_params = queryset[:20].query.sql_with_params()
    count_sql, count_params = queryset.order_by().query.sql_with_params()
    found = {}
    for name, sql, params in (
        ("page", page_sql, page_params),
        ("count", f"SELECT COUNT(*) FROM ({count_sql}) AS counted", count_params),
    ):
        found[name] = [
            node["Node Type"]
            for node in plan_nodes(sql, params)
            if node.get("Relation Name") == table and node["Node Type"] == "Seq Scan"
        ]
    return found


def as_views_order(queryset, *, api: bool):
    """The HTML list keeps the FilterSet's order (the model's default); the API adds pk
    as a tie-breaker (ftzportal.api.viewsets.PublishedReadOnlyViewSet)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.order_by(*ordering, "pk") if api else queryset


def filtered(filterset_class, params, queryset):
    filterset = filterset_class(params, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


@pytest.mark.parametrize("api", [False, True], ids=["html", "api"])
def test_enterprises_by_area_and_industry_use_indexes(data, api):
    queryset = filtered(
        EnterpriseFilterSet, {"area": ["area-a"], "industry": ["industry-x"]}, Enterprise.objects.published()
    )
    scans = sequential_scans(as_views_order(queryset, api=api), Enterprise._meta.db_table)
    assert scans == {"page": [], "count": []}


@pytest.mark.parametrize("api", [False, True], ids=["html", "api"])
def test_projects_by_area_and_value_range_use_indexes(data, api):
    params = {"area": ["area-a"], "min_value": "1000000", "max_value": "5000000"}
    queryset = filtered(ProjectFilterSet, params, Project.objects.published())
    scans = sequential_scans(as_views_order(queryset, api=api), Project._meta.db_table)
    assert scans == {"page": [], "count": []}


@pytest.mark.parametrize("api", [False, True], ids=["html", "api"])
def test_incentives_by_area_and_category_use_indexes(data, api):
    queryset = filtered(IncentiveFilterSet, {"area": ["area-a"], "category": "tax"}, Incentive.objects.published())
    scans = sequential_scans(as_views_order(queryset, api=api), Incentive._meta.db_table)
    assert scans == {"page": [], "count": []}


@pytest.mark.parametrize("ordering", ["name", "-settled_on"])
def test_unfiltered_enterprise_directory_uses_an_index_in_every_sort_order(data, ordering):
    queryset = filtered(EnterpriseFilterSet, {"ordering": ordering}, Enterprise.objects.published())
    assert sequential_scans(queryset, Enterprise._meta.db_table) == {"page": [], "count": []}


@pytest.mark.parametrize("ordering", ["-value", "signed_on", "name"])
def test_unfiltered_project_directory_uses_an_index_in_every_sort_order(data, ordering):
    queryset = filtered(ProjectFilterSet, {"ordering": ordering}, Project.objects.published())
    assert sequential_scans(queryset, Project._meta.db_table) == {"page": [], "count": []}


ENTERPRISE_FILTERS = [
    {"area": ["kashgar"]},
    {"industry": ["textiles-garments"]},
    {"origin": "KG"},
    {"origin": "zhejiang"},
    {"settled_from": "2026-10-01"},
    {"settled_to": "2023-11-20"},
]
PROJECT_FILTERS = [
    {"area": ["kashgar"]},
    {"industry": ["textiles-garments"]},
    {"status": "in-operation"},
    {"currency": "EUR"},
    {"min_value": "4900000000"},
    {"max_value": "50000000"},
    {"signed_from": "2026-10-01"},
    {"signed_to": "2023-11-20"},
]


def plans_at_scale(filterset_class, queryset, cases, table) -> dict:
    """{filter: sequential scans of `table`} for each filter alone and with an area, with
    the planner's own choices (sequential scans allowed) on analysed tables."""
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')
    found = {}
    for params in cases:
        for extra in ({}, {"area": ["horgos"]}):
            combined = {**params, **extra} if "area" not in params else params
            filterset = filterset_class(combined, queryset=queryset)
            assert filterset.is_valid(), filterset.errors
            for name, sql, sql_params in (
                ("page", *filterset.qs[:20].query.sql_with_params()),
                ("count", *filterset.qs.order_by().query.sql_with_params()),
            ):
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", sql_params)
                    plan = cursor.fetchone()[0]
                if isinstance(plan, str):
                    import json

                    plan = json.loads(plan)
                nodes, stack = [], [plan[0]["Plan"]]
                while stack:
                    node = stack.pop()
                    nodes.append(node)
                    stack.extend(node.get("Plans", []))
                if any(node.get("Relation Name") == table and node["Node Type"] == "Seq Scan" for node in nodes):
                    found.setdefault(str(combined), []).append(name)
    return found


@pytest.fixture
def scaled(real_data):
    """20,000 sample enterprises and 40,000 projects (COPY on PostgreSQL, seconds): enough
    rows for the planner to choose as it does at a million, for selective filters."""
    from django.core.management import call_command

    call_command("generate_sample_data", enterprises=20_000, projects=40_000, seed=1, verbosity=0)


def test_every_selective_filter_is_answered_from_an_index_at_scale(scaled):
    """Each filter of the enterprise and project FilterSets, alone and with an area, with
    a value that selects a few per cent of the rows: neither the first page nor the count
    reads the whole table."""
    enterprises = plans_at_scale(
        EnterpriseFilterSet, Enterprise.objects.published(), ENTERPRISE_FILTERS, Enterprise._meta.db_table
    )
    projects = plans_at_scale(ProjectFilterSet, Project.objects.published(), PROJECT_FILTERS, Project._meta.db_table)
    assert enterprises == {} and projects == {}
