"""The project directory: each filter narrows, filters combine, sorting, drafts hidden."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from ftzportal.publication import PublicationStatus
from investments.models import ProjectStatus
from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory, ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = "/projects/"


def listed(response):
    return [project.name for project in response.context["page_obj"].object_list]


def test_directory_lists_published_projects_only(client):
    ProjectFactory(name="Visible park")
    ProjectFactory(name="Draft park", publication_status=PublicationStatus.DRAFT)
    response = client.get(URL)
    assert listed(response) == ["Visible park"]
    assert b"Draft park" not in response.content


def test_area_filter_keeps_only_that_area(client):
    ProjectFactory(name="Kashgar park", area=AreaFactory(slug="kashgar"))
    ProjectFactory(name="Horgos port", area=AreaFactory(slug="horgos"))
    assert listed(client.get(URL, {"area": "kashgar"})) == ["Kashgar park"]


def test_industry_filter_keeps_only_that_industry(client):
    ProjectFactory(name="Cold chain", industry=IndustryFactory(slug="logistics"))
    ProjectFactory(name="Battery factory", industry=IndustryFactory(slug="new-energy"))
    assert listed(client.get(URL, {"industry": "logistics"})) == ["Cold chain"]


def test_status_filter(client):
    ProjectFactory(name="Signed one", status=ProjectStatus.SIGNED)
    ProjectFactory(name="Running one", status=ProjectStatus.IN_OPERATION)
    assert listed(client.get(URL, {"status": "in-operation"})) == ["Running one"]


def test_value_range_filters_inclusively_and_skips_unstated_values(client):
    ProjectFactory(name="Small", value=Decimal("100"))
    ProjectFactory(name="Medium", value=Decimal("500"))
    ProjectFactory(name="Large", value=Decimal("1000"))
    ProjectFactory(name="Unstated", value=None)
    assert listed(client.get(URL, {"min_value": "500"})) == ["Large", "Medium"]
    assert listed(client.get(URL, {"max_value": "500"})) == ["Medium", "Small"]
    assert listed(client.get(URL, {"min_value": "100", "max_value": "500"})) == ["Medium", "Small"]


def test_filters_combine(client):
    kashgar = AreaFactory(slug="kashgar")
    logistics = IndustryFactory(slug="logistics")
    ProjectFactory(name="Match", area=kashgar, industry=logistics, value=Decimal("900"))
    ProjectFactory(name="Too small", area=kashgar, industry=logistics, value=Decimal("10"))
    ProjectFactory(name="Other area", area=AreaFactory(), industry=logistics, value=Decimal("900"))
    ProjectFactory(name="Other industry", area=kashgar, value=Decimal("900"))
    response = client.get(URL, {"area": "kashgar", "industry": "logistics", "min_value": "100"})
    assert listed(response) == ["Match"]


def test_text_search_in_name_and_area_alias(client):
    kashgar = AreaFactory(aliases="Kashi, Kashgar")
    ProjectFactory(name="Cold-chain base", area=kashgar)
    ProjectFactory(name="Rail hub", area=AreaFactory())
    assert listed(client.get(URL, {"q": "cold-chain"})) == ["Cold-chain base"]
    assert listed(client.get(URL, {"q": "kashgar"})) == ["Cold-chain base"]


def test_sorting_by_value_and_by_signed_date(client):
    ProjectFactory(name="B", value=Decimal("200"), signed_on=datetime.date(2023, 1, 1))
    ProjectFactory(name="A", value=Decimal("300"), signed_on=datetime.date(2022, 1, 1))
    ProjectFactory(name="C", value=Decimal("100"), signed_on=datetime.date(2024, 1, 1))
    assert listed(client.get(URL, {"ordering": "value"})) == ["C", "B", "A"]
    assert listed(client.get(URL, {"ordering": "-value"})) == ["A", "B", "C"]
    assert listed(client.get(URL, {"ordering": "signed_on"})) == ["A", "B", "C"]
    assert listed(client.get(URL, {"ordering": "-signed_on"})) == ["C", "B", "A"]


def test_projects_without_a_stated_value_sort_last_in_both_directions(client):
    ProjectFactory(name="Unknown", value=None)
    ProjectFactory(name="Small", value=Decimal("100"))
    ProjectFactory(name="Large", value=Decimal("900"))
    assert listed(client.get(URL, {"ordering": "value"})) == ["Small", "Large", "Unknown"]
    assert listed(client.get(URL, {"ordering": "-value"})) == ["Large", "Small", "Unknown"]


def test_invalid_min_value_shows_message_beside_filter_and_no_results(client):
    ProjectFactory()
    response = client.get(URL, {"min_value": "abc"})
    assert response.status_code == 200
    assert listed(response) == []
    assert "min_value" in response.context["filter_form"].errors
    assert b'id="id_min_value_error"' in response.content


def test_money_is_shown_with_its_currency(client):
    project = ProjectFactory(value=Decimal("1000000000"), currency="CNY")
    assert b"1 billion yuan" in client.get(URL).content
    assert b"1 billion yuan" in client.get(project.get_absolute_url()).content
    odd = ProjectFactory(value=Decimal("1234567"), currency="USD")
    assert b"USD 1,234,567" in client.get(odd.get_absolute_url()).content


@override_settings(LIST_PAGE_SIZE=2)
def test_page_out_of_range_shows_last_page_with_notice(client):
    ProjectFactory.create_batch(5)
    response = client.get(URL, {"page": "999999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert b"That page does not exist" in response.content


@override_settings(LIST_PAGE_SIZE=2)
def test_page_that_is_not_a_number_shows_first_page(client):
    ProjectFactory.create_batch(3)
    response = client.get(URL, {"page": "abc"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_detail_shows_enterprise_source_and_contact_link(client):
    source = SourceFactory(title="Kashi Area inaugurated", publisher="Global Times")
    enterprise = EnterpriseFactory(name="Zhejiang trader")
    project = ProjectFactory(enterprise=enterprise, source=source, slug="trade-park")
    content = client.get(project.get_absolute_url()).content
    assert b"Zhejiang trader" in content
    assert b"Kashi Area inaugurated" in content
    assert b"/inquire/?project=trade-park" in content


def test_draft_enterprise_is_not_named_on_project_page(client):
    project = ProjectFactory(
        name="Trade park", enterprise=EnterpriseFactory(name="Hidden Co", publication_status=PublicationStatus.DRAFT)
    )
    content = client.get(project.get_absolute_url()).content
    assert b"Trade park" in content
    assert b"Hidden Co" not in content


def test_draft_project_detail_is_404(client):
    assert client.get(ProjectFactory(publication_status=PublicationStatus.DRAFT).get_absolute_url()).status_code == 404


def test_sample_project_is_labelled(client):
    sample = ProjectFactory(is_sample=True)
    assert b"Sample data" in client.get(sample.get_absolute_url()).content


def test_money_keeps_thousands_grouping_in_every_language(client):
    # An amount that does not shorten exactly keeps every digit, grouped as the language groups.
    ProjectFactory(value=Decimal("1234567891"), currency="CNY")
    assert "CNY 1,234,567,891" in client.get("/zh-hans/projects/").content.decode()
    assert "CNY 1\xa0234\xa0567\xa0891" in client.get("/ru/projects/").content.decode()
