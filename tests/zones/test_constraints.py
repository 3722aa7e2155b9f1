"""Rules the database itself keeps, whatever code writes to it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from investments.models import Project
from tests.factories import AreaFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.models import Area, Incentive

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_negative_area_size_is_rejected():
    area = AreaFactory()
    assert_rejected_by_database(lambda: Area.objects.filter(pk=area.pk).update(area_km2=Decimal("-1")))


def test_duplicate_slug_is_rejected():
    IndustryFactory(slug="textiles")
    assert_rejected_by_database(lambda: IndustryFactory(slug="textiles"))


def test_unknown_publication_status_is_rejected():
    incentive = IncentiveFactory()
    assert_rejected_by_database(lambda: Incentive.objects.filter(pk=incentive.pk).update(publication_status="live"))


def test_unknown_project_status_is_rejected():
    project = ProjectFactory()
    assert_rejected_by_database(lambda: Project.objects.filter(pk=project.pk).update(status="dreaming"))


def test_negative_value_is_rejected():
    project = ProjectFactory()
    assert_rejected_by_database(lambda: Project.objects.filter(pk=project.pk).update(value=-5))


def test_unknown_currency_is_rejected():
    project = ProjectFactory()
    assert_rejected_by_database(lambda: Project.objects.filter(pk=project.pk).update(currency="XXX"))


def test_incentive_cannot_end_before_it_starts():
    assert_rejected_by_database(lambda: IncentiveFactory(effective_from="2024-05-01", effective_until="2024-01-01"))
