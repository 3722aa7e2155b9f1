"""The figures of the home, area, industry, compare, match, factsheet and chart pages are
read from the tallies (investments.models.Tally), never counted or summed over the
enterprise and project tables per request, and they are the exact figures after a write."""

import re

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investments.models import Enterprise, Project
from zones.models import Area, Industry

pytestmark = pytest.mark.django_db

# An aggregate whose FROM is one of the big tables (a COUNT(*) of a page's list is fine
# on list pages, not here).
AGGREGATE_OVER_ROWS = re.compile(
    r'(COUNT|SUM)\(.*FROM "investments_(enterprise|project|enterprise_industries)"( |$)', re.DOTALL
)


@pytest.fixture
def sample(real_data):
    from django.core.management import call_command

    call_command("generate_sample_data", enterprises=40, projects=90, seed=5, verbosity=0)


def pages():
    kashgar, horgos = Area.objects.get(slug="kashgar"), Area.objects.get(slug="horgos")
    industry = Industry.objects.published().filter(projects__isnull=False).first()
    return [
        reverse("portal:home"),
        reverse("portal:area-detail", args=[kashgar.slug]),
        reverse("portal:area-factsheet", args=[kashgar.slug]),
        reverse("portal:industry-list"),
        reverse("portal:industry-list") + f"?area={kashgar.slug}",
        reverse("portal:industry-detail", args=[industry.slug]),
        reverse("portal:compare") + f"?area={kashgar.slug}&area={horgos.slug}",
        reverse("portal:match") + f"?industry={industry.slug}&origin=KG",
    ]


def test_no_page_counts_the_big_tables(client, sample):
    for url in pages():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counted = [query["sql"] for query in queries if AGGREGATE_OVER_ROWS.search(query["sql"])]
        assert not counted, f"{url} aggregates over the rows: {counted}"


def test_the_detector_sees_a_count_over_the_rows():
    """Positive control for the pattern above."""
    with CaptureQueriesContext(connection) as queries:
        Enterprise.objects.published().count()
        Project.objects.aggregate(total=Sum("value"))
    assert all(AGGREGATE_OVER_ROWS.search(query["sql"]) for query in queries)


def test_home_and_area_figures_follow_a_publish(client, sample):
    kashgar = Area.objects.get(slug="kashgar")
    enterprise = Enterprise.objects.sample().filter(area=kashgar).first()
    enterprise.unpublish()
    enterprise.save()
    home = client.get(reverse("portal:home")).context
    area = client.get(reverse("portal:area-detail", args=[kashgar.slug])).context
    assert home["enterprise_count"] == Enterprise.objects.published().count()
    assert home["project_count"] == Project.objects.published().count()
    assert area["enterprise_count"] == Enterprise.objects.published().filter(area=kashgar).count()
    assert list(area["contracted_totals"]) == list(Project.objects.published().in_area(kashgar).contracted_totals())
