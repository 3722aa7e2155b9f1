"""Sample data: reproducible, labelled, removable."""

import pytest
from django.core.management import call_command

from investments.models import Enterprise, Project

pytestmark = pytest.mark.django_db


def snapshot():
    enterprises = list(
        Enterprise.objects.sample()
        .order_by("slug")
        .values_list("slug", "name_en", "area__slug", "origin_country", "origin_province", "settled_on")
    )
    links = sorted(
        Enterprise.industries.through.objects.filter(enterprise__is_sample=True).values_list(
            "enterprise__slug", "industry__slug"
        )
    )
    projects = list(
        Project.objects.sample()
        .order_by("slug")
        .values_list("slug", "area__slug", "enterprise__slug", "industry__slug", "status", "value", "currency")
    )
    return enterprises, links, projects


def test_same_seed_gives_the_same_data_twice(real_data):
    call_command("generate_sample_data", enterprises=40, projects=120, seed=7, verbosity=0)
    first = snapshot()
    call_command("generate_sample_data", enterprises=40, projects=120, seed=7, replace=True, verbosity=0)
    assert snapshot() == first
    assert len(first[0]) == 40 and len(first[2]) == 120


def test_other_seed_gives_other_data(real_data):
    call_command("generate_sample_data", enterprises=40, projects=40, seed=1, verbosity=0)
    first = snapshot()
    call_command("generate_sample_data", enterprises=40, projects=40, seed=2, replace=True, verbosity=0)
    assert snapshot() != first


def test_sample_rows_are_clearly_labelled(real_data):
    call_command("generate_sample_data", enterprises=5, projects=5, seed=1, verbosity=0)
    assert Enterprise.objects.sample().filter(name_en__startswith="Sample Enterprise ").count() == 5
    assert Project.objects.sample().filter(name_en__startswith="Sample Project ").count() == 5
    assert all("not a real" in e.description for e in Enterprise.objects.sample())


def test_remove_deletes_sample_data_only(real_data):
    real_enterprises, real_projects = Enterprise.objects.count(), Project.objects.count()
    call_command("generate_sample_data", enterprises=20, projects=30, seed=1, verbosity=0)
    call_command("generate_sample_data", remove=True, verbosity=0)
    assert (Enterprise.objects.count(), Project.objects.count()) == (real_enterprises, real_projects)
    assert not Enterprise.industries.through.objects.filter(enterprise__is_sample=True).exists()


def test_copy_and_bulk_inserts_write_the_same_rows(real_data, monkeypatch):
    """On PostgreSQL the rows go in by COPY; elsewhere by bulk_create. Both paths give the
    same data for a seed (on SQLite both runs take the bulk path)."""
    from investments.management.commands import generate_sample_data as command

    call_command("generate_sample_data", enterprises=30, projects=90, seed=3, verbosity=0)
    copied = snapshot()
    monkeypatch.setattr(command, "USE_COPY", False)
    call_command("generate_sample_data", enterprises=30, projects=90, seed=3, replace=True, verbosity=0)
    assert snapshot() == copied
    assert len(copied[1]) >= 30


def test_generation_shows_progress_with_rate_and_time_left(real_data, capsys):
    call_command("generate_sample_data", enterprises=12, projects=7, seed=1)
    progress = capsys.readouterr().err
    assert "Enterprises: 100%" in progress and "12/12" in progress
    assert "Projects: 100%" in progress and "7/7" in progress
    assert "rows/s" in progress  # the rate; tqdm shows [elapsed<left, rate]
    assert "<00:00" in progress


def test_generated_rows_are_tallied(real_data):
    from investments.models import Tally

    call_command("generate_sample_data", enterprises=25, projects=40, seed=2, verbosity=0)
    assert Tally.objects.enterprises().counts() == Enterprise.objects.published().count()
    assert Tally.objects.projects().counts() == Project.objects.published().count()


def index_names(tables):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)", [tables])
        return sorted(row[0] for row in cursor.fetchall())


def foreign_keys(tables):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        return sorted(cursor.fetchall())


def test_a_large_load_on_postgresql_builds_the_indexes_and_foreign_keys_again(real_data, monkeypatch):
    """Above REBUILD_INDEXES_FROM rows the plain indexes and the foreign keys are dropped
    for the load and created again in the same transaction: afterwards every index and
    every foreign key is there, deferrable as Django made it."""
    from django.db import connection

    from investments.management.commands import generate_sample_data as command

    if connection.vendor != "postgresql":
        pytest.skip("the index rebuild is for PostgreSQL's COPY path")
    tables = ["investments_enterprise", "investments_enterprise_industries", "investments_project"]
    before, keys = index_names(tables), foreign_keys(tables)
    assert len(before) > 10 and len(keys) >= 8
    assert all("DEFERRABLE INITIALLY DEFERRED" in definition for _name, definition in keys)
    monkeypatch.setattr(command, "REBUILD_INDEXES_FROM", 1)
    call_command("generate_sample_data", enterprises=20, projects=20, seed=1, verbosity=0)
    assert index_names(tables) == before
    assert foreign_keys(tables) == keys
    assert Project.objects.sample().count() == 20
