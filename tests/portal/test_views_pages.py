"""Home, area, industry, compare and search pages, the base template, sitemap, robots,
and the error pages (the thank-you page after an inquiry: tests/investments/)."""

import re
from decimal import Decimal

import pytest
from django.template.loader import get_template

from ftzportal.publication import PublicationStatus
from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustryFactory,
    MilestoneFactory,
    ProjectFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


# --- Home --------------------------------------------------------------------------


def test_home_key_figures_are_computed_from_the_database(client, real_data):
    content = client.get("/").content.decode()
    assert "179.66 km²" in content
    for name, size in (("Urumqi Area", "134.6 km²"), ("Kashgar Area", "28.48 km²"), ("Horgos Area", "16.58 km²")):
        assert name in content
        assert size in content
    # The only stated project value is a planned investment: it is no contracted total.
    assert "CNY 1,000,000,000" not in content
    assert "Contracted value of 1 listed project" not in content
    # The source's figure keeps its "more than" and says what kind of money it is.
    assert "more than 17.6 billion yuan" in content
    assert "Contracted investment" in content


def test_home_counts_published_rows_only(client):
    area = AreaFactory()
    EnterpriseFactory.create_batch(2, area=area)
    EnterpriseFactory(area=area, publication_status=PublicationStatus.DRAFT)
    ProjectFactory(area=area, value=Decimal("5"), currency="USD")
    ProjectFactory(area=area, value=Decimal("7"), currency="CNY")
    ProjectFactory(area=area, value=Decimal("100"), currency="CNY", publication_status=PublicationStatus.DRAFT)
    context = client.get("/").context
    assert context["enterprise_count"] == 2
    assert context["project_count"] == 2
    assert {row["currency"]: row["total"] for row in context["contracted_totals"]} == {
        "CNY": Decimal("7"),
        "USD": Decimal("5"),
    }


def test_home_shows_source_figures_with_their_source(client, real_data):
    content = client.get("/").content.decode()
    assert "Figures from the sources" in content
    assert "61.04 billion yuan" in content
    assert "Kashi Area of Xinjiang Pilot FTZ inaugurated" in content


def test_home_has_area_cards_newest_incentives_and_contact_call(client):
    AreaFactory(name="Kashgar Area", slug="kashgar")
    IncentiveFactory(title="Newest measure")
    IncentiveFactory(title="Draft measure", publication_status=PublicationStatus.DRAFT)
    content = client.get("/").content.decode()
    assert 'href="/areas/kashgar/"' in content
    assert "Newest measure" in content
    assert "Draft measure" not in content
    assert "Contact the investment team" in content
    assert 'href="/inquire/"' in content


def test_home_shows_zone_wide_facilities_and_milestones_at_their_anchors(client):
    facility = FacilityFactory(name="Rail assembly centre")
    milestone = MilestoneFactory(title="Zone established")
    content = client.get("/").content.decode()
    assert f'id="facility-{facility.slug}"' in content
    assert f'id="milestone-{milestone.slug}"' in content


def test_home_chart_is_svg_with_a_table_of_the_same_figures(client):
    area = AreaFactory(name="Kashgar Area")
    textiles = IndustryFactory(name="Textiles")
    ProjectFactory(area=area, value=Decimal("1000000000"), currency="CNY")
    EnterpriseFactory.create_batch(3, area=area, industries=[textiles])
    content = client.get("/").content.decode()
    assert "<svg" in content
    assert "Contracted value by area (CNY)" in content
    assert re.search(r"<th scope=\"row\">Kashgar Area</th><td class=\"num\">CNY 1,000,000,000</td>", content)
    assert re.search(r"<th scope=\"row\">Textiles</th><td class=\"num\">3</td>", content)


def test_chart_counts_published_enterprises_only(client):
    textiles = IndustryFactory(name="Textiles")
    EnterpriseFactory(industries=[textiles])
    EnterpriseFactory(industries=[textiles], publication_status=PublicationStatus.DRAFT)
    content = client.get("/").content.decode()
    assert re.search(r"<th scope=\"row\">Textiles</th><td class=\"num\">1</td>", content)


# --- Area --------------------------------------------------------------------------


def test_area_page_shows_facts_industries_incentives_and_directories(client):
    kashgar = AreaFactory(
        name="Kashgar Area", slug="kashgar", area_km2=Decimal("28.48"), positioning="Labour-intensive"
    )
    other = AreaFactory(slug="horgos")
    AreaIndustryFactory(area=kashgar, industry=IndustryFactory(name="Textiles", slug="textiles"), note="Cotton yarn")
    IncentiveFactory(title="Zone-wide measure")
    IncentiveFactory(title="Kashgar measure", areas=[kashgar])
    IncentiveFactory(title="Horgos measure", areas=[other])
    EnterpriseFactory(name="Kashgar weaver", area=kashgar)
    ProjectFactory(name="Kashgar park", area=kashgar)
    FacilityFactory(name="Kashgar port", area=kashgar)
    MilestoneFactory(title="Kashgar unveiled", area=kashgar)
    content = client.get("/areas/kashgar/").content.decode()
    for expected in (
        "28.48 km²",
        "Labour-intensive",
        "Textiles",
        "Cotton yarn",
        "Zone-wide measure",
        "Kashgar measure",
        "Kashgar weaver",
        "Kashgar park",
        "Kashgar port",
        "Kashgar unveiled",
        'href="/enterprises/?area=kashgar"',
        'href="/projects/?area=kashgar"',
        'href="/incentives/?area=kashgar"',
        'href="/inquire/?area=kashgar"',
        'href="/enterprises/?area=kashgar&amp;industry=textiles"',
    ):
        assert expected in content, expected
    assert "Horgos measure" not in content


def test_area_page_hides_drafts(client):
    area = AreaFactory(slug="kashgar")
    EnterpriseFactory(name="Visible Co", area=area)
    ProjectFactory(name="Visible project", area=area)
    EnterpriseFactory(name="Hidden Co", area=area, publication_status=PublicationStatus.DRAFT)
    ProjectFactory(name="Hidden project", area=area, publication_status=PublicationStatus.DRAFT)
    content = client.get("/areas/kashgar/").content.decode()
    assert "Visible Co" in content and "Visible project" in content
    assert "Hidden Co" not in content
    assert "Hidden project" not in content


def test_unknown_or_draft_area_is_404(client):
    AreaFactory(slug="draft", publication_status=PublicationStatus.DRAFT)
    assert client.get("/areas/atlantis/").status_code == 404
    assert client.get("/areas/draft/").status_code == 404


def test_real_kashgar_page_shows_source(client, real_data):
    content = client.get("/areas/kashgar/").content.decode()
    assert "Kashi Area of Xinjiang Pilot FTZ inaugurated" in content
    assert "Global Times" in content


# --- Industries --------------------------------------------------------------------


def test_industry_list_shows_where_each_is_key_and_counts(client):
    kashgar = AreaFactory(name="Kashgar Area")
    textiles = IndustryFactory(name="Textiles", slug="textiles")
    AreaIndustryFactory(area=kashgar, industry=textiles)
    EnterpriseFactory.create_batch(2, industries=[textiles])
    EnterpriseFactory(industries=[textiles], publication_status=PublicationStatus.DRAFT)
    IndustryFactory(name="Draft industry", publication_status=PublicationStatus.DRAFT)
    response = client.get("/industries/")
    content = response.content.decode()
    assert "Kashgar Area" in content
    assert "2 enterprises" in content
    assert "Draft industry" not in content


def test_industry_detail_shows_areas_incentives_enterprises_projects(client):
    textiles = IndustryFactory(name="Textiles", slug="textiles")
    AreaIndustryFactory(area=AreaFactory(name="Kashgar Area"), industry=textiles, note="Cotton yarn")
    IncentiveFactory(title="For textiles", industries=[textiles])
    IncentiveFactory(title="For everyone")
    IncentiveFactory(title="For farming", industries=[IndustryFactory()])
    EnterpriseFactory(name="Weaver", industries=[textiles])
    ProjectFactory(name="Garment park", industry=textiles)
    content = client.get("/industries/textiles/").content.decode()
    for expected in ("Kashgar Area", "Cotton yarn", "For textiles", "For everyone", "Weaver", "Garment park"):
        assert expected in content, expected
    assert "For farming" not in content


def test_draft_industry_is_404(client):
    IndustryFactory(slug="secret", publication_status=PublicationStatus.DRAFT)
    assert client.get("/industries/secret/").status_code == 404


# --- Compare -----------------------------------------------------------------------


def test_compare_two_areas_side_by_side(client):
    kashgar = AreaFactory(name="Kashgar Area", slug="kashgar", area_km2=Decimal("28.48"))
    urumqi = AreaFactory(name="Urumqi Area", slug="urumqi", area_km2=Decimal("134.6"))
    EnterpriseFactory.create_batch(3, area=kashgar)
    ProjectFactory(area=kashgar, value=Decimal("1000"), currency="CNY")
    IncentiveFactory(title="Kashgar-only measure", areas=[kashgar])
    IncentiveFactory(title="Zone-wide measure")
    AreaIndustryFactory(area=urumqi, industry=IndustryFactory(name="Textiles"))
    response = client.get("/compare/?area=urumqi&area=kashgar")
    assert response.status_code == 200
    columns = {column["area"].slug: column for column in response.context["columns"]}
    assert columns["kashgar"]["enterprise_count"] == 3
    assert columns["urumqi"]["enterprise_count"] == 0
    assert columns["kashgar"]["project_count"] == 1
    assert [i.title for i in columns["kashgar"]["incentives"]] == ["Kashgar-only measure"]
    assert columns["urumqi"]["incentives"] == []
    content = response.content.decode()
    for expected in ("28.48 km²", "134.6 km²", "CNY 1,000", "Textiles"):
        assert expected in content


def test_compare_three_areas(client):
    for slug in ("urumqi", "kashgar", "horgos"):
        AreaFactory(slug=slug)
    response = client.get("/compare/?area=urumqi&area=kashgar&area=horgos")
    assert len(response.context["columns"]) == 3


@pytest.mark.parametrize(
    "query", ["", "?area=kashgar", "?area=kashgar&area=atlantis", "?area=a&area=b&area=c&area=d", "?area=%00"]
)
def test_compare_with_too_few_or_unknown_areas_shows_the_picker(client, query):
    for slug in ("urumqi", "kashgar", "a", "b", "c", "d"):
        AreaFactory(slug=slug)
    response = client.get(f"/compare/{query}")
    assert response.status_code == 200
    assert response.context["columns"] == []
    assert b'type="checkbox" name="area"' in response.content


# --- Search ------------------------------------------------------------------------


def _results(response) -> dict[str, list]:
    """The page's results by type: type → [url, …]."""
    found = {}
    for result in response.context["results"]:
        found.setdefault(result.kind, []).append(result.url)
    return found


@pytest.mark.parametrize("spelling", ["Kashi", "Kashgar", "kashgar", "喀什", "Кашгар"])
def test_search_finds_the_kashgar_area_and_its_enterprises_and_projects_by_any_spelling(client, real_data, spelling):
    response = client.get("/search/", {"q": spelling})
    found = _results(response)
    assert found["area"][0] == "/areas/kashgar/"
    assert "/enterprises/zhejiang-trade-enterprise-kashgar/" in found["enterprise"]
    assert "/projects/cold-chain-base/" in found["project"]


def test_search_covers_industries_and_incentives_in_every_language(client):
    IndustryFactory(name="Textiles", name_zh_hans="纺织服装", slug="textiles")
    IncentiveFactory(title="Green channels", title_ru="Зелёные коридоры", slug="green-channels")
    assert _results(client.get("/search/", {"q": "纺织"})) == {"industry": ["/industries/textiles/"]}
    assert _results(client.get("/search/", {"q": "коридоры"})) == {"incentive": ["/incentives/green-channels/"]}


def test_search_never_shows_drafts(client):
    EnterpriseFactory(name="Cotton mill")
    EnterpriseFactory(name="Cotton draft", publication_status=PublicationStatus.DRAFT)
    content = client.get("/search/", {"q": "cotton"}).content
    assert b"<mark>Cotton</mark> mill" in content
    assert b"draft" not in content


# --- Base template -----------------------------------------------------------------

PAGES = [
    "/",
    "/areas/kashgar/",
    "/industries/",
    "/incentives/",
    "/enterprises/",
    "/projects/",
    "/compare/",
    "/search/",
    "/inquire/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_title_description_canonical_and_hreflang(client, real_data, url):
    content = client.get(url).content.decode()
    assert re.search(r"<title>[^<]+\S · FTZ Portal</title>", content)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', content)
    assert f'<link rel="canonical" href="http://testserver{url}">' in content
    assert f'hreflang="zh-hans" href="http://testserver/zh-hans{url}"' in content
    assert f'hreflang="ru" href="http://testserver/ru{url}"' in content
    assert f'hreflang="en" href="http://testserver{url}"' in content
    assert '<html lang="en">' in content


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_script_or_style_anywhere(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    # The page is styled, from the stylesheet.
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in content
    assert "<style" not in content
    assert " style=" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)


def test_language_switcher_keeps_the_page_and_its_query_string(client, real_data):
    content = client.get("/enterprises/?area=kashgar&industry=textiles-garments").content.decode()
    assert 'href="/zh-hans/enterprises/?area=kashgar&amp;industry=textiles-garments"' in content
    assert 'href="/ru/enterprises/?area=kashgar&amp;industry=textiles-garments"' in content


def test_chinese_page_declares_its_language_and_shows_chinese_content(client, real_data):
    content = client.get("/zh-hans/areas/kashgar/").content.decode()
    assert '<html lang="zh-hans">' in content
    assert "喀什片区" in content


# --- Sitemap, robots, errors -------------------------------------------------------


def test_sitemap_lists_published_pages_with_language_alternates(client):
    AreaFactory(slug="kashgar")
    AreaFactory(slug="secret", publication_status=PublicationStatus.DRAFT)
    EnterpriseFactory(slug="generated", is_sample=True)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<loc>http://testserver/areas/kashgar/</loc>" in content
    assert "<loc>http://testserver/ru/areas/kashgar/</loc>" in content
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/areas/kashgar/"' in content
    assert "/areas/secret/" not in content
    assert "/enterprises/generated/" not in content


def test_robots_disallows_the_api_but_its_docs_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /api/" in lines
    assert "Allow: /api/docs/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_unknown_page_uses_the_custom_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="/search/"' in response.content


def test_500_template_renders_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = get_template("500.html").render({})
    assert "Something went wrong" in html


def test_server_error_gives_the_custom_500_page(client, monkeypatch):
    import portal.views

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(portal.views.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_zone_factory_is_used_for_home_title(client):
    ZoneFactory(name="Test Pilot Free Trade Zone")
    assert b'<h1 id="hero-title">Test Pilot Free Trade Zone</h1>' in client.get("/").content
