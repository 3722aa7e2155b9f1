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
