"""The tallies (counts and sums of published enterprises and projects per area, industry,
origin, status, currency and kind of money) equal a fresh COUNT/SUM after every kind of
write: create, edit, publish, unpublish, archive, delete, industries changed from either
side, spreadsheet import and restore."""

from decimal import Decimal

import pytest
import tablib
from django.core.management import call_command
from django.db.models import Count, Sum

from ftzportal.facts import MoneyKind
from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Project, Tally
from investments.resources import EnterpriseResource, ProjectResource
from investments.tallies import recount_tallies, tallies_snapshot
from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True)


def assert_tallies_are_exact():
    """The kept tallies equal a recount from the rows, and the figures the pages show equal
    COUNT and SUM over the rows themselves."""
    kept = tallies_snapshot()
    published_enterprises = Enterprise.objects.published()
    published_projects = Project.objects.published()
    assert Tally.objects.enterprises().counts() == published_enterprises.count()
    assert dict(Tally.objects.enterprises().counts("area")) == dict(
        published_enterprises.order_by().values_list("area").annotate(n=Count("pk"))
    )
    through = Enterprise.industries.through.objects.filter(enterprise__publication_status=PublicationStatus.PUBLISHED)
    assert dict(Tally.objects.enterprises_by_industry().counts("industry")) == dict(
        through.order_by().values_list("industry").annotate(n=Count("pk"))
    )
    assert Tally.objects.projects().counts() == published_projects.count()
    assert dict(Tally.objects.projects().counts("status")) == dict(
        published_projects.order_by().values_list("status").annotate(n=Count("pk"))
    )
    assert list(Tally.objects.contracted_totals("area")) == list(published_projects.contracted_totals("area"))
    recount_tallies()
    assert kept == tallies_snapshot()


@pytest.fixture
def places():
    return AreaFactory(slug="kashgar"), AreaFactory(slug="horgos"), IndustryFactory(), IndustryFactory()


def test_created_rows_are_counted(places):
    kashgar, _horgos, textiles, logistics = places
    enterprise = EnterpriseFactory(area=kashgar, industries=[textiles, logistics])
    ProjectFactory(area=kashgar, industry=textiles, enterprise=enterprise, value=Decimal("2500000.50"))
    ProjectFactory(area=kashgar, industry=None, value=None)
    EnterpriseFactory(area=kashgar, publication_status=PublicationStatus.DRAFT)
    assert Tally.objects.enterprises().counts() == 1
    assert Tally.objects.enterprises_by_industry().counts() == 2
    assert Tally.objects.projects().counts() == 2
    assert_tallies_are_exact()


def test_an_edit_moves_the_counts(places):
    kashgar, horgos, textiles, logistics = places
    enterprise = EnterpriseFactory(area=kashgar, industries=[textiles], origin_country="KZ")
    project = ProjectFactory(area=kashgar, industry=textiles, currency="CNY", value=Decimal("100"))
    enterprise.area, enterprise.origin_country = horgos, "RU"
    enterprise.save()
    project.area, project.industry, project.currency, project.value = horgos, logistics, "USD", Decimal("7")
    project.status, project.value_kind = "in-operation", MoneyKind.INVESTED
    project.save()
    assert dict(Tally.objects.enterprises().counts("area")) == {horgos.pk: 1}
    assert_tallies_are_exact()


def test_publish_unpublish_and_archive(places):
    kashgar, _horgos, textiles, _logistics = places
    enterprise = EnterpriseFactory(area=kashgar, industries=[textiles], publication_status=PublicationStatus.DRAFT)
    project = ProjectFactory(area=kashgar, industry=textiles, publication_status=PublicationStatus.DRAFT)
    assert_tallies_are_exact()
    for entry in (enterprise, project):
        entry.publish()
        entry.save()
    assert Tally.objects.enterprises().counts() == Tally.objects.projects().counts() == 1
    assert_tallies_are_exact()
    for entry in (enterprise, project):
        entry.unpublish()
        entry.save()
    assert Tally.objects.enterprises().counts() == Tally.objects.projects().counts() == 0
    assert_tallies_are_exact()
    for entry in (enterprise, project):
        entry.publish()
        entry.save()
        entry.archive()
        entry.save()
    assert Tally.objects.enterprises().counts() == Tally.objects.projects().counts() == 0
    assert_tallies_are_exact()


def test_delete_one_and_many(places):
    kashgar, _horgos, textiles, logistics = places
    enterprises = [EnterpriseFactory(area=kashgar, industries=[textiles, logistics]) for _ in range(3)]
    projects = [ProjectFactory(area=kashgar, industry=textiles, enterprise=enterprises[0]) for _ in range(3)]
    enterprises[0].delete()  # its projects stay, without an enterprise
    projects[1].delete()
    assert_tallies_are_exact()
    Enterprise.objects.all().delete()
    Project.objects.all().delete()
    assert Tally.objects.count() == 0
    assert_tallies_are_exact()


def test_industries_changed_from_either_side(places):
    kashgar, _horgos, textiles, logistics = places
    first = EnterpriseFactory(area=kashgar, industries=[textiles])
    second = EnterpriseFactory(area=kashgar)
    first.industries.add(logistics)
    assert_tallies_are_exact()
    first.industries.remove(textiles)
    assert_tallies_are_exact()
    logistics.enterprises.add(second)
    assert_tallies_are_exact()
    logistics.enterprises.clear()
    assert_tallies_are_exact()
    first.industries.set([textiles, logistics])
    first.industries.clear()
    assert_tallies_are_exact()
    textiles.enterprises.set([first, second])
    textiles.delete()  # deletes its links without an m2m signal; its tallies go with it
    assert_tallies_are_exact()


def test_spreadsheet_import_is_counted(places, superuser):
    _kashgar, horgos, textiles, logistics = places
    enterprises = [
        {
            "slug": f"imported-{number}",
            "name_en": f"Imported {number}",
            "area": "kashgar",
            "industries": f"{textiles.slug},{logistics.slug}",
            "origin_country": "KZ",
            "publication_status": "published",
        }
        for number in range(4)
    ]
    result = EnterpriseResource().import_data(
        tablib.Dataset(*[row.values() for row in enterprises], headers=list(enterprises[0])), user=superuser
    )
    assert not result.has_errors() and not result.has_validation_errors()
    projects = [
        {
            "slug": f"imported-project-{number}",
            "name_en": f"Imported project {number}",
            "area": "kashgar",
            "industry": textiles.slug,
            "status": "signed",
            "value": "1200000",
            "value_kind": "contracted",
            "currency": "CNY",
            "publication_status": "published",
        }
        for number in range(3)
    ]
    result = ProjectResource().import_data(
        tablib.Dataset(*[row.values() for row in projects], headers=list(projects[0])), user=superuser
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Tally.objects.enterprises().counts() == 4 and Tally.objects.projects().counts() == 3
    assert_tallies_are_exact()
    # Re-importing with an edit (a new area for one row) moves its counts.
    enterprises[0]["area"] = horgos.slug
    EnterpriseResource().import_data(
        tablib.Dataset(*[row.values() for row in enterprises], headers=list(enterprises[0])), user=superuser
    )
    assert_tallies_are_exact()


def test_a_dry_run_import_leaves_the_tallies_alone(places):
    rows = [{"slug": "dry", "name_en": "Dry", "area": "kashgar", "publication_status": "published"}]
    EnterpriseResource().import_data(
        tablib.Dataset(*[row.values() for row in rows], headers=list(rows[0])), dry_run=True
    )
    assert Tally.objects.count() == 0


def test_sums_keep_currencies_and_kinds_apart(places):
    kashgar, _horgos, textiles, _logistics = places
    ProjectFactory(area=kashgar, industry=textiles, currency="CNY", value=Decimal("10"))
    ProjectFactory(area=kashgar, industry=textiles, currency="CNY", value=Decimal("5"))
    ProjectFactory(area=kashgar, industry=textiles, currency="USD", value=Decimal("3"))
    ProjectFactory(area=kashgar, industry=textiles, currency="CNY", value=Decimal("99"), value_kind=MoneyKind.PLANNED)
    totals = {row["currency"]: (row["total"], row["count"]) for row in Tally.objects.contracted_totals()}
    assert totals == {"CNY": (Decimal("15"), 2), "USD": (Decimal("3"), 1)}
    assert Project.objects.aggregate(total=Sum("value"))["total"] == Decimal("117")
    assert_tallies_are_exact()


@pytest.mark.django_db(transaction=True)
def test_restore_recounts(tmp_path):
    call_command("load_ftz_data", verbosity=0)
    call_command("generate_sample_data", enterprises=20, projects=30, seed=4, verbosity=0)
    before = tallies_snapshot()
    assert before
    backup = tmp_path / "backup.json"
    call_command("backup_data", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Tally.objects.count() == 0
    call_command("restore_data", str(backup), verbosity=0)
    assert tallies_snapshot() == before
    assert_tallies_are_exact()
