"""The enterprise and project changelists are built for millions of rows: no exact count
of the whole table on each page, PostgreSQL's estimate for the unfiltered list, indexed
ordering and filters, and related rows chosen by autocomplete."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ftzportal import pagination
from investments.models import Enterprise, Project
from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory, ProjectFactory

from .conftest import change_url, changelist_url

pytestmark = pytest.mark.django_db


def counts_of(table: str, queries) -> list[str]:
    pattern = re.compile(rf'SELECT COUNT\(\*\) AS "__count" FROM "{table}"(?P<where> WHERE)?')
    return [query["sql"] for query in queries if pattern.search(query["sql"])]


def unfiltered_counts(table: str, queries) -> list[str]:
    return [sql for sql in counts_of(table, queries) if " WHERE " not in sql]


@pytest.fixture
def rows():
    area, other = AreaFactory(), AreaFactory()
    industry = IndustryFactory()
    for number in range(3):
        enterprise = EnterpriseFactory(area=area if number else other, industries=[industry])
        ProjectFactory(area=area if number else other, enterprise=enterprise, industry=industry)
    return area


@pytest.mark.parametrize("model", [Enterprise, Project], ids=["enterprise", "project"])
def test_a_filtered_changelist_does_not_count_the_whole_table(model, rows, superuser_client):
    url = changelist_url(model) + f"?area__id__exact={rows.pk}"
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.filter(area=rows).count()
    assert counts_of(model._meta.db_table, queries), "the filtered list is counted (positive control)"
    assert not unfiltered_counts(model._meta.db_table, queries), "show_full_result_count must stay off"


@pytest.mark.parametrize("model", [Enterprise, Project], ids=["enterprise", "project"])
def test_the_unfiltered_changelist_is_counted_from_the_table_statistics_on_postgresql(
    model, rows, superuser_client, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("pg_class.reltuples is PostgreSQL's")
    monkeypatch.setattr(pagination, "ESTIMATE_FROM_ROWS", 1)
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(changelist_url(model))
    assert response.status_code == 200
    assert not counts_of(model._meta.db_table, queries)
    assert any("reltuples" in query["sql"] for query in queries)
    assert response.context["cl"].result_count == pagination.estimated_table_rows(model) == model.objects.count()


def test_small_tables_are_counted_exactly_even_unfiltered(rows, superuser_client):
    response = superuser_client.get(changelist_url(Project))
    assert response.context["cl"].result_count == Project.objects.count()


@pytest.mark.parametrize("model", [Enterprise, Project], ids=["enterprise", "project"])
def test_related_rows_are_chosen_by_autocomplete_not_a_select_of_every_row(model, rows, superuser_client):
    """A select box of a million enterprises would load them all on every change page."""
    entry = model.objects.first()
    response = superuser_client.get(change_url(entry))
    assert response.status_code == 200
    form = response.context["adminform"].form
    relations = [
        name
        for name, field in form.fields.items()
        if getattr(model._meta.get_field(name), "is_relation", False) and name in form.base_fields
    ]
    assert relations
    for name in relations:
        widget = form.fields[name].widget
        widget = getattr(widget, "widget", widget)  # the related-object wrapper
        assert isinstance(widget, AutocompleteSelect | AutocompleteSelectMultiple), name


@pytest.mark.parametrize("model", [Enterprise, Project], ids=["enterprise", "project"])
def test_changelists_join_what_they_show(model):
    model_admin = admin.site._registry[model]
    assert model_admin.list_select_related
    assert model_admin.show_full_result_count is False
    assert not model_admin.date_hierarchy


@pytest.fixture
def large_tables(monkeypatch):
    """Every table counts as large (PostgreSQL's statistics) and filtered counts stop at 1."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_class.reltuples is PostgreSQL's")
    monkeypatch.setattr(pagination, "ESTIMATE_FROM_ROWS", 1)
    monkeypatch.setattr(pagination.EstimatedCountPaginator, "count_cap", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.parametrize("model", [Enterprise, Project], ids=["enterprise", "project"])
def test_a_filtered_changelist_of_a_large_table_counts_only_up_to_the_cap(model, rows, superuser_client, large_tables):
    """One area's 1,000,000 projects took 2.4 s to count: a large table's filtered list
    counts the first cap + 1 rows and says "more than" the cap; under it, the count is exact."""
    assert model.objects.filter(area=rows).count() == 2
    url = changelist_url(model) + f"?area__id__exact={rows.pk}"
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(url)
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.count_kind) == (1, "more")
    capped = [query["sql"] for query in queries if "COUNT(*)" in query["sql"] and "LIMIT 2" in query["sql"]]
    assert len(capped) == 1 and f'FROM "{model._meta.db_table}"' in capped[0]
    assert not counts_of(model._meta.db_table, queries), "no count without the cap"
    content = response.content.decode()
    plural = str(model._meta.verbose_name_plural).capitalize()
    assert f"{plural}: more than 1 (the first 1 are listed" in content
    assert "more than 1 results" in content  # the search form's count
    assert f"1 {model._meta.verbose_name_plural}" not in content  # not the plain count

    other = model.objects.exclude(area=rows).first().area
    response = superuser_client.get(changelist_url(model) + f"?area__id__exact={other.pk}")
    assert (response.context["cl"].result_count, response.context["cl"].paginator.count_kind) == (1, "exact")


def test_the_estimate_and_the_cap_are_said_in_chinese_and_russian(rows, superuser_client, large_tables):
    said = {
        "ru": ("около 3", "более 1 (показаны первые 1"),
        "zh-hans": ("约 3", "超过 1（列出前 1 条"),
    }
    for language, (about, more) in said.items():
        unfiltered = superuser_client.get(changelist_url(Project), HTTP_ACCEPT_LANGUAGE=language)
        assert unfiltered.context["cl"].paginator.count_kind == "estimate"
        assert about in unfiltered.content.decode()
        filtered = superuser_client.get(
            changelist_url(Project) + f"?area__id__exact={rows.pk}", HTTP_ACCEPT_LANGUAGE=language
        )
        assert more in filtered.content.decode()
