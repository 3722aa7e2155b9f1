"""The incentive directory and detail page."""

import datetime

import pytest

from ftzportal.publication import PublicationStatus
from tests.factories import AreaFactory, IncentiveFactory, IndustryFactory, SourceFactory
from zones.models import IncentiveCategory

pytestmark = pytest.mark.django_db
URL = "/incentives/"


def listed(response):
    return {incentive.title for incentive in response.context["page_obj"].object_list}


def test_zone_wide_incentive_appears_under_every_area_filter(client):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    IncentiveFactory(title="Zone-wide measure")
    IncentiveFactory(title="Kashgar measure", areas=[kashgar])
    IncentiveFactory(title="Horgos measure", areas=[horgos])
    assert listed(client.get(URL, {"area": "kashgar"})) == {"Zone-wide measure", "Kashgar measure"}
    assert listed(client.get(URL, {"area": "horgos"})) == {"Zone-wide measure", "Horgos measure"}


def test_repeated_area_filter_keeps_measures_of_either_area_once(client):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    IncentiveFactory(title="Both", areas=[kashgar, horgos])
    IncentiveFactory(title="Only Horgos", areas=[horgos])
    IncentiveFactory(title="Elsewhere", areas=[AreaFactory()])
    response = client.get(f"{URL}?area=kashgar&area=horgos")
    assert [i.title for i in response.context["page_obj"].object_list].count("Both") == 1
    assert listed(response) == {"Both", "Only Horgos"}


def test_industry_filter_keeps_measures_for_every_industry(client):
    textiles = IndustryFactory(slug="textiles")
    IncentiveFactory(title="For all")
    IncentiveFactory(title="For textiles", industries=[textiles])
    IncentiveFactory(title="For farming", industries=[IndustryFactory()])
    assert listed(client.get(URL, {"industry": "textiles"})) == {"For all", "For textiles"}


def test_category_filter(client):
    IncentiveFactory(title="Money", category=IncentiveCategory.FINANCE)
    IncentiveFactory(title="People", category=IncentiveCategory.TALENT)
    assert listed(client.get(URL, {"category": "talent"})) == {"People"}


def test_area_industry_category_and_text_combine(client):
    kashgar, textiles = AreaFactory(slug="kashgar"), IndustryFactory(slug="textiles")
    finance = IncentiveCategory.FINANCE
    IncentiveFactory(title="Textile loans", areas=[kashgar], industries=[textiles], category=finance)
    IncentiveFactory(title="Textile visas", areas=[kashgar], industries=[textiles], category=IncentiveCategory.TALENT)
    IncentiveFactory(title="Textile loans in Horgos", areas=[AreaFactory()], industries=[textiles], category=finance)
    IncentiveFactory(title="Bank guarantees", areas=[kashgar], category=finance)
    response = client.get(URL, {"area": "kashgar", "industry": "textiles", "category": "finance", "q": "textile"})
    assert listed(response) == {"Textile loans"}


def test_text_search_reads_every_language(client):
    IncentiveFactory(title="Green channels", title_ru="Зелёные коридоры")
    IncentiveFactory(title="Other")
    assert listed(client.get(URL, {"q": "коридоры"})) == {"Green channels"}


def test_sorting_by_title(client):
    for title in ("Bravo", "Alpha", "Charlie"):
        IncentiveFactory(title=title)
    response = client.get(URL, {"ordering": "-title"})
    assert [i.title for i in response.context["page_obj"].object_list] == ["Charlie", "Bravo", "Alpha"]


def test_drafts_never_show(client):
    IncentiveFactory(title="Draft measure", publication_status=PublicationStatus.DRAFT)
    IncentiveFactory(title="Public measure")
    response = client.get(URL)
    assert listed(response) == {"Public measure"}
    assert b"Draft measure" not in response.content


def test_unknown_area_shows_message_and_no_results(client):
    IncentiveFactory(title="Zone-wide measure")
    response = client.get(URL, {"area": "atlantis"})
    assert response.status_code == 200
    assert listed(response) == set()
    assert "area" in response.context["filter_form"].errors
    assert b"could not be applied" in response.content


def test_detail_shows_eligibility_areas_industries_source_and_dates(client):
    source = SourceFactory(title="MOFCOM press conference", publisher="Ministry of Commerce")
    incentive = IncentiveFactory(
        title="Green channels",
        eligibility="Exporters of farm products.",
        areas=[AreaFactory(name="Kashgar Area")],
        industries=[IndustryFactory(name="Modern agriculture")],
        source=source,
        source_note="Announced at the opening.",
        effective_from=datetime.date(2023, 11, 1),
    )
    content = client.get(incentive.get_absolute_url()).content.decode()
    for expected in (
        "Exporters of farm products.",
        "Kashgar Area",
        "Modern agriculture",
        "MOFCOM press conference",
        "Ministry of Commerce",
        "Announced at the opening.",
        'datetime="2023-11-01"',
    ):
        assert expected in content


def test_zone_wide_detail_says_every_area(client):
    incentive = IncentiveFactory()
    assert "Every area (zone-wide)" in client.get(incentive.get_absolute_url()).content.decode()


def test_draft_incentive_detail_is_404(client):
    draft = IncentiveFactory(publication_status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
