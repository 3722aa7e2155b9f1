"""The enterprise directory: each filter narrows, filters combine, sorting, drafts hidden."""

import datetime

import pytest
from django.test import override_settings

from ftzportal.publication import PublicationStatus
from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = "/enterprises/"


def listed(response):
    return [enterprise.name for enterprise in response.context["page_obj"].object_list]


def test_directory_lists_published_enterprises_only(client):
    EnterpriseFactory(name="Visible Ltd")
    EnterpriseFactory(name="Draft Ltd", publication_status=PublicationStatus.DRAFT)
    EnterpriseFactory(name="Archived Ltd", publication_status=PublicationStatus.ARCHIVED)
    response = client.get(URL)
    assert listed(response) == ["Visible Ltd"]
    assert b"Draft Ltd" not in response.content
    assert b"Archived Ltd" not in response.content


def test_area_filter_keeps_only_that_area(client):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    EnterpriseFactory(name="In Kashgar", area=kashgar)
    EnterpriseFactory(name="In Horgos", area=horgos)
    assert listed(client.get(URL, {"area": "kashgar"})) == ["In Kashgar"]


def test_repeated_area_filter_keeps_either_area(client):
    kashgar, horgos, urumqi = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos"), AreaFactory(slug="urumqi")
    EnterpriseFactory(name="A in Kashgar", area=kashgar)
    EnterpriseFactory(name="B in Horgos", area=horgos)
    EnterpriseFactory(name="C in Urumqi", area=urumqi)
    assert listed(client.get(f"{URL}?area=kashgar&area=horgos")) == ["A in Kashgar", "B in Horgos"]


def test_industry_filter_keeps_enterprises_active_in_it(client):
    textiles, trade = IndustryFactory(slug="textiles"), IndustryFactory(slug="trade")
    EnterpriseFactory(name="Weaver", industries=[textiles, trade])
    EnterpriseFactory(name="Trader", industries=[trade])
    assert listed(client.get(URL, {"industry": "textiles"})) == ["Weaver"]


def test_area_and_industry_filters_combine(client):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    textiles = IndustryFactory(slug="textiles")
    EnterpriseFactory(name="Kashgar weaver", area=kashgar, industries=[textiles])
    EnterpriseFactory(name="Kashgar trader", area=kashgar, industries=[IndustryFactory()])
    EnterpriseFactory(name="Horgos weaver", area=horgos, industries=[textiles])
    assert listed(client.get(URL, {"area": "kashgar", "industry": "textiles"})) == ["Kashgar weaver"]


def test_origin_filter_matches_province_or_country(client):
    EnterpriseFactory(name="From Zhejiang", origin_country="CN", origin_province="zhejiang", is_foreign_invested=False)
    EnterpriseFactory(name="From Kyrgyzstan", origin_country="KG")
    assert listed(client.get(URL, {"origin": "zhejiang"})) == ["From Zhejiang"]
    assert listed(client.get(URL, {"origin": "KG"})) == ["From Kyrgyzstan"]


def test_foreign_filter_separates_foreign_and_domestic(client):
    EnterpriseFactory(name="Foreign", is_foreign_invested=True)
    EnterpriseFactory(name="Domestic", is_foreign_invested=False)
    assert listed(client.get(URL, {"foreign": "yes"})) == ["Foreign"]
    assert listed(client.get(URL, {"foreign": "no"})) == ["Domestic"]


def test_settled_date_range_filters_inclusively(client):
    EnterpriseFactory(name="Early", settled_on=datetime.date(2023, 1, 1))
    EnterpriseFactory(name="Middle", settled_on=datetime.date(2023, 11, 11))
    EnterpriseFactory(name="Late", settled_on=datetime.date(2024, 6, 1))
    response = client.get(URL, {"settled_from": "2023-11-11", "settled_to": "2024-01-01"})
    assert listed(response) == ["Middle"]


def test_reversed_date_range_shows_message_and_no_results(client):
    EnterpriseFactory(name="Middle", settled_on=datetime.date(2023, 11, 11))
    response = client.get(URL, {"settled_from": "2024-01-01", "settled_to": "2023-01-01"})
    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["filter_form"].errors["settled_to"]
    assert b"could not be applied" in response.content


def test_text_search_finds_name_and_area_alias(client):
    kashgar = AreaFactory(slug="kashgar", aliases="Kashi, Kashgar")
    EnterpriseFactory(name="Silk Road Textiles", area=kashgar)
    EnterpriseFactory(name="Other Co", area=AreaFactory())
    assert listed(client.get(URL, {"q": "silk road"})) == ["Silk Road Textiles"]
    assert listed(client.get(URL, {"q": "Kashi"})) == ["Silk Road Textiles"]


def test_sorting_by_name_and_by_settled_date(client):
    EnterpriseFactory(name="Bravo", settled_on=datetime.date(2023, 1, 1))
    EnterpriseFactory(name="Alpha", settled_on=datetime.date(2024, 1, 1))
    EnterpriseFactory(name="Charlie", settled_on=datetime.date(2022, 1, 1))
    assert listed(client.get(URL, {"ordering": "name"})) == ["Alpha", "Bravo", "Charlie"]
    assert listed(client.get(URL, {"ordering": "-name"})) == ["Charlie", "Bravo", "Alpha"]
    assert listed(client.get(URL, {"ordering": "settled_on"})) == ["Charlie", "Bravo", "Alpha"]
    assert listed(client.get(URL, {"ordering": "-settled_on"})) == ["Alpha", "Bravo", "Charlie"]


def test_active_filters_are_chips_that_remove_one_value(client):
    kashgar = AreaFactory(slug="kashgar", name="Kashgar Area")
    AreaFactory(slug="horgos")
    EnterpriseFactory(area=kashgar)
    response = client.get(f"{URL}?area=kashgar&area=horgos&foreign=yes&page=1")
    chips = {chip.value: chip.remove_url for chip in response.context["filter_chips"]}
    assert chips["Kashgar Area"] == "?area=horgos&foreign=yes"
    assert "Foreign-invested" in chips
    assert b"Area: Kashgar Area" in response.content


def test_result_count_is_shown(client):
    EnterpriseFactory.create_batch(3)
    response = client.get(URL)
    assert response.context["result_count"] == 3
    assert b"3 results" in response.content


@override_settings(LIST_PAGE_SIZE=2)
def test_pagination_links_keep_the_filters(client):
    area = AreaFactory(slug="kashgar")
    EnterpriseFactory.create_batch(5, area=area)
    response = client.get(URL, {"area": "kashgar", "foreign": "yes"})
    assert response.context["paginator"].num_pages == 3
    assert b'href="?area=kashgar&amp;foreign=yes&amp;page=2"' in response.content


def test_detail_page_shows_source_and_area(client):
    source = SourceFactory(
        title="Kashi Area inaugurated", publisher="Global Times", published_on=datetime.date(2023, 11, 13)
    )
    enterprise = EnterpriseFactory(name="Silk Road Textiles", source=source)
    response = client.get(enterprise.get_absolute_url())
    assert response.status_code == 200
    assert b"Kashi Area inaugurated" in response.content
    assert b"Global Times" in response.content
    assert enterprise.area.name.encode() in response.content


def test_sample_enterprise_is_labelled_in_list_and_detail(client):
    sample = EnterpriseFactory(is_sample=True)
    assert b"Sample data" in client.get(URL).content
    assert b"Sample data" in client.get(sample.get_absolute_url()).content


def test_real_enterprise_is_not_labelled_sample(client):
    sample = EnterpriseFactory(is_sample=True)
    real = EnterpriseFactory(name="Real trading firm", is_sample=False)
    assert b"badge-sample" in client.get(sample.get_absolute_url()).content
    content = client.get(real.get_absolute_url()).content
    assert b"Real trading firm" in content
    assert b"badge-sample" not in content


def test_draft_enterprise_detail_is_404(client):
    draft = EnterpriseFactory(publication_status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_enterprise_slug_is_404(client):
    assert client.get("/enterprises/no-such-company/").status_code == 404


def test_draft_industry_of_an_enterprise_is_not_shown(client):
    enterprise = EnterpriseFactory(
        industries=[
            IndustryFactory(name="Public industry"),
            IndustryFactory(name="Secret industry", publication_status=PublicationStatus.DRAFT),
        ]
    )
    for url in (URL, enterprise.get_absolute_url()):
        content = client.get(url).content
        assert b"Public industry" in content
        assert b"Secret industry" not in content
