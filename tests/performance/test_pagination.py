"""Counts computed once per filter and content version; deep pages without OFFSET over
full rows (ftzportal.pagination)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ftzportal.caching import version_scope
from ftzportal.listing import FilteredListView
from ftzportal.pagination import CachedCountPaginator
from ftzportal.reference import rows_by_pk
from investments.filters import EnterpriseFilterSet
from investments.lists import ENTERPRISES
from investments.models import Enterprise
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory
from zones.models import Area

pytestmark = pytest.mark.django_db


def count_queries(captured) -> list[str]:
    return [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]


@pytest.fixture
def directory(django_capture_on_commit_callbacks):
    """Two areas and two industries; 7 enterprises in area A with industry X."""
    with django_capture_on_commit_callbacks(execute=True):
        area_a, area_b = AreaFactory(slug="area-a"), AreaFactory(slug="area-b")
        industry_x, industry_y = IndustryFactory(slug="industry-x"), IndustryFactory(slug="industry-y")
        EnterpriseFactory.create_batch(7, area=area_a, industries=[industry_x])
        EnterpriseFactory.create_batch(3, area=area_a, industries=[industry_y])
        EnterpriseFactory.create_batch(4, area=area_b, industries=[industry_x])
    return {"area_a": area_a, "area_b": area_b, "industry_x": industry_x}


def filtered(params):
    filterset = EnterpriseFilterSet(params, queryset=Enterprise.objects.published().with_related())
    assert filterset.is_valid()
    return filterset.qs.order_by("name_en", "pk")


def test_second_count_of_the_same_filter_runs_no_count_query(directory, django_assert_num_queries):
    params = {"area": ["area-a"], "industry": ["industry-x"]}
    assert CachedCountPaginator(filtered(params), 5).count == 7
    queryset = filtered(params)
    with django_assert_num_queries(1) as captured:  # the content version, nothing else
        assert CachedCountPaginator(queryset, 5).count == 7
    assert count_queries(captured.captured_queries) == []


def large(paginator):
    """A paginator that treats every filter as too large to keep its keys."""
    paginator.id_list_max_rows = 2
    return paginator


def test_sort_order_does_not_split_the_cached_count_of_a_large_filter(directory, django_assert_num_queries):
    params = {"area": ["area-a"]}
    assert large(CachedCountPaginator(filtered(params), 5)).count == 10
    queryset = filtered(params).order_by("-settled_on")
    with version_scope(), django_assert_num_queries(2) as captured:  # version, the keys probe
        assert large(CachedCountPaginator(queryset, 5)).count == 10
    assert count_queries(captured.captured_queries) == []


def test_other_filters_have_their_own_counts(directory):
    assert CachedCountPaginator(filtered({"area": ["area-a"]}), 5).count == 10
    assert CachedCountPaginator(filtered({"area": ["area-b"]}), 5).count == 4
    assert CachedCountPaginator(filtered({"industry": ["industry-x"]}), 5).count == 11


@pytest.mark.parametrize("change", ["publish", "archive", "industry removed"])
def test_count_is_recomputed_after_any_curated_change(directory, django_capture_on_commit_callbacks, change):
    params = {"area": ["area-a"], "industry": ["industry-x"]}
    assert CachedCountPaginator(filtered(params), 5).count == 7
    with django_capture_on_commit_callbacks(execute=True):
        if change == "publish":
            EnterpriseFactory(area=directory["area_a"], industries=[directory["industry_x"]])
        elif change == "archive":
            enterprise = Enterprise.objects.filter(area=directory["area_a"]).first()
            enterprise.archive()
            enterprise.save()
        else:
            Enterprise.objects.filter(area=directory["area_a"]).first().industries.clear()
    assert CachedCountPaginator(filtered(params), 5).count == {"publish": 8, "archive": 6}.get(change, 6)


def test_empty_queryset_is_counted_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert CachedCountPaginator(Enterprise.objects.none(), 5).count == 0


def test_deep_page_of_a_large_list_has_the_rows_of_a_plain_slice_in_two_queries(directory, django_assert_num_queries):
    queryset = filtered({})
    plain = list(queryset[10:14])
    paginator = CachedCountPaginator(queryset, 2)
    paginator.deferred_join_offset = 4
    paginator.id_list_max_rows = 5  # 14 rows: too many to keep their keys
    paginator.count  # noqa: B018 - counted (and cached) before the page is measured
    # As in a request (one read of the content version): page keys, the rows, their
    # industries; their areas come from the rows held per version, read just before.
    rows_by_pk(Area)
    with version_scope(), django_assert_num_queries(4) as captured:
        page = paginator.page(6)
        rows = list(page.object_list)
        assert all(row.published_industries for row in rows)
    assert [row.pk for row in rows] == [row.pk for row in plain[:2]]
    keys_query = next(query["sql"] for query in captured.captured_queries if "OFFSET" in query["sql"].upper())
    assert "industries" not in keys_query
    assert all(row.area.slug for row in rows)  # select_related kept: no extra query


def deep_paginator(queryset, per_page):
    paginator = CachedCountPaginator(queryset, per_page)
    paginator.deferred_join_offset = 4
    return paginator


def test_pages_of_a_small_list_come_from_its_kept_keys(directory, django_assert_num_queries):
    plain = [row.pk for row in filtered({"industry": ["industry-x"]})]
    assert [row.pk for row in deep_paginator(filtered({"industry": ["industry-x"]}), 2).page(3)] == plain[4:6]
    paginator = deep_paginator(filtered({"industry": ["industry-x"]}), 2)
    # As in a request: the content version once, then the rows by key and their industries.
    with version_scope(), django_assert_num_queries(3) as captured:
        assert [row.pk for row in paginator.page(4)] == plain[6:8]
    sql = [query["sql"].upper() for query in captured.captured_queries]
    assert "OFFSET" not in " ".join(sql) and " IN (" in sql[-1]
    assert [row.pk for row in paginator.page(6)] == plain[10:11]
    with version_scope(), django_assert_num_queries(3):  # the first page too
        assert [row.pk for row in CachedCountPaginator(filtered({"industry": ["industry-x"]}), 2).page(1)] == plain[:2]


def test_a_small_filter_is_counted_by_the_query_that_reads_its_keys(directory, django_assert_num_queries):
    queryset = filtered({"area": ["area-b"]})
    with version_scope(), django_assert_num_queries(4) as captured:  # version, keys, rows, industries
        page = CachedCountPaginator(queryset, 10).page(1)
        assert page.paginator.count == 4 and len(page) == 4
    assert count_queries(captured.captured_queries) == []
    assert "LIMIT" in captured.captured_queries[1]["sql"].upper()


def test_kept_keys_follow_every_curated_change(directory, django_capture_on_commit_callbacks):
    assert [row.name for row in deep_paginator(filtered({"area": ["area-a"]}), 2).page(3)]
    with django_capture_on_commit_callbacks(execute=True):
        EnterpriseFactory(name="AAA first of all", area=directory["area_a"])
    queryset = filtered({"area": ["area-a"]})
    assert [row.pk for row in deep_paginator(queryset, 2).page(3)] == [row.pk for row in queryset[4:6]]
    assert deep_paginator(queryset, 2).count == 11


def test_sort_orders_keep_their_own_keys(directory):
    by_name = filtered({"area": ["area-a"]})
    newest_first = by_name.order_by("-settled_on", "pk")
    assert [row.pk for row in deep_paginator(by_name, 2).page(3)] == [row.pk for row in by_name[4:6]]
    assert [row.pk for row in deep_paginator(newest_first, 2).page(3)] == [row.pk for row in newest_first[4:6]]


def test_last_page_of_a_deep_list_keeps_orphans(directory):
    queryset = filtered({})
    paginator = CachedCountPaginator(queryset, 4, orphans=2)
    paginator.deferred_join_offset = 0
    assert [row.pk for row in paginator.page(paginator.num_pages)] == [row.pk for row in queryset[8:]]


class EnterpriseList(FilteredListView):
    """The website's list view with the cached-count paginator."""

    resource = ENTERPRISES
    paginator_class = CachedCountPaginator
    template_name = "unused.html"


def test_html_list_second_request_for_the_same_filter_runs_no_count_query(directory):
    url = "/enterprises/?area=area-a&industry=industry-x"
    first = EnterpriseList.as_view()(RequestFactory().get(url))
    assert first.context_data["result_count"] == 7
    with CaptureQueriesContext(connection) as captured:
        second = EnterpriseList.as_view()(RequestFactory().get(url + "&page=2"))
    assert second.context_data["result_count"] == 7
    assert count_queries(captured.captured_queries) == []


def test_api_second_request_for_the_same_filter_runs_no_count_query(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ROOT_URLCONF = "tests.performance.urls"
    with django_capture_on_commit_callbacks(execute=True):
        area = AreaFactory(slug="area-a")
        IncentiveFactory.create_batch(25, areas=[area], category="tax")
    first = client.get("/api/incentives/?area=area-a&category=tax")
    assert first.json()["count"] == 25
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/api/incentives/?area=area-a&category=tax&page=2")
    assert second.json()["count"] == 25 and len(second.json()["results"]) == 5
    assert count_queries(captured.captured_queries) == []


def test_pages_of_an_annotated_list_keep_the_annotation(directory):
    from django.db.models import Count

    queryset = filtered({"area": ["area-a"]}).annotate(industry_count=Count("industries"))
    page = deep_paginator(queryset, 2).page(3)
    assert [row.pk for row in page] == [row.pk for row in queryset[4:6]]
    assert all(row.industry_count == 1 for row in page)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr("ftzportal.pagination.ID_CHUNK", 3)


def test_kept_keys_are_read_by_chunk_and_a_page_may_span_two(directory, small_chunks, django_assert_num_queries):
    plain = [row.pk for row in filtered({"area": ["area-a"]})]
    deep_paginator(filtered({"area": ["area-a"]}), 2).page(1)  # reads and keeps the 10 keys in 4 chunks
    for number in range(1, 6):
        paginator = deep_paginator(filtered({"area": ["area-a"]}), 2)
        with version_scope(), django_assert_num_queries(3):  # version, rows, industries: no keys query
            assert [row.pk for row in paginator.page(number)] == plain[(number - 1) * 2 : number * 2]


def test_an_evicted_chunk_is_read_again(directory, small_chunks):
    from django.core.cache import cache

    plain = [row.pk for row in filtered({"area": ["area-a"]})]
    paginator = deep_paginator(filtered({"area": ["area-a"]}), 2)
    paginator.page(1)
    chunk_key = f"{paginator.kept_keys.key}:1"
    assert cache.get(chunk_key) is not None
    cache.delete(chunk_key)
    assert [row.pk for row in deep_paginator(filtered({"area": ["area-a"]}), 2).page(3)] == plain[4:6]
    assert cache.get(chunk_key) is not None
