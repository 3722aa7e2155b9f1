"""Querysets carry the reads: publication, area and industry filters."""

import pytest

from ftzportal.models import ContentVersion
from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Project
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.models import Contact, Incentive

pytestmark = pytest.mark.django_db


def test_published_hides_drafts_and_archived_entries():
    published = EnterpriseFactory()
    EnterpriseFactory(publication_status=PublicationStatus.DRAFT)
    EnterpriseFactory(publication_status=PublicationStatus.ARCHIVED)
    assert list(Enterprise.objects.published()) == [published]


def test_area_filter_returns_only_that_areas_rows():
    kashgar, horgos = AreaFactory(), AreaFactory()
    in_kashgar = EnterpriseFactory(area=kashgar)
    EnterpriseFactory(area=horgos)
    project = ProjectFactory(area=kashgar)
    ProjectFactory(area=horgos)
    assert list(Enterprise.objects.in_area(kashgar)) == [in_kashgar]
    assert list(Project.objects.in_area(kashgar)) == [project]


def test_zone_wide_incentive_appears_under_every_area():
    kashgar, horgos = AreaFactory(), AreaFactory()
    zone_wide = IncentiveFactory()
    only_kashgar = IncentiveFactory(areas=[kashgar])
    assert set(Incentive.objects.in_areas([horgos])) == {zone_wide}
    assert set(Incentive.objects.in_areas([kashgar])) == {zone_wide, only_kashgar}


def test_incentive_with_several_areas_comes_back_once():
    kashgar, horgos = AreaFactory(), AreaFactory()
    both = IncentiveFactory(areas=[kashgar, horgos])
    assert list(Incentive.objects.in_areas([kashgar, horgos])) == [both]


def test_incentive_for_every_industry_matches_any_industry():
    textiles, logistics = IndustryFactory(), IndustryFactory()
    for_all = IncentiveFactory()
    for_textiles = IncentiveFactory(industries=[textiles])
    assert set(Incentive.objects.for_industries([logistics])) == {for_all}
    assert set(Incentive.objects.for_industries([textiles])) == {for_all, for_textiles}


def test_enterprise_in_two_matching_industries_comes_back_once():
    textiles, trade = IndustryFactory(), IndustryFactory()
    enterprise = EnterpriseFactory(industries=[textiles, trade])
    EnterpriseFactory(industries=[IndustryFactory()])
    assert list(Enterprise.objects.in_industries([textiles, trade])) == [enterprise]


def test_origin_matches_a_province_or_a_country():
    zhejiang = EnterpriseFactory(origin_country="CN", origin_province="zhejiang", is_foreign_invested=False)
    kyrgyz = EnterpriseFactory(origin_country="KG")
    assert list(Enterprise.objects.from_origin("zhejiang")) == [zhejiang]
    assert list(Enterprise.objects.from_origin("kg")) == [kyrgyz]


def test_contracted_totals_are_per_currency_and_skip_unknown_values():
    ProjectFactory(value=100, currency="CNY")
    ProjectFactory(value=50, currency="CNY")
    ProjectFactory(value=7, currency="USD")
    ProjectFactory(value=None, currency="USD")
    totals = {row["currency"]: row["total"] for row in Project.objects.contracted_totals()}
    assert totals == {"CNY": 150, "USD": 7}


def test_saving_curated_content_bumps_the_content_version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incentive = IncentiveFactory()
    before = ContentVersion.objects.get().version
    with django_capture_on_commit_callbacks(execute=True):
        incentive.archive()
        incentive.save()
    assert ContentVersion.objects.get().version > before


def test_changing_an_incentives_areas_bumps_the_content_version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incentive, area = IncentiveFactory(), AreaFactory()
    before = ContentVersion.objects.get().version
    with django_capture_on_commit_callbacks(execute=True):
        incentive.areas.add(area)
    assert ContentVersion.objects.get().version > before


def test_editing_or_deactivating_a_contact_refreshes_the_cached_area_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contact = Contact.objects.create(name="Li Wei", role="Investment officer", email="li.wei@example.org")
        area = AreaFactory(slug="kashgar-test", contact=contact)
    url = f"/areas/{area.slug}/"
    assert "Li Wei" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        contact.name = "Wang Fang"
        contact.save()
    page = client.get(url).content.decode()
    assert "Wang Fang" in page and "Li Wei" not in page

    with django_capture_on_commit_callbacks(execute=True):
        contact.is_active = False
        contact.save()
    page = client.get(url).content.decode()
    assert "Wang Fang" not in page and "Investment promotion team" in page
