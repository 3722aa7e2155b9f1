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
