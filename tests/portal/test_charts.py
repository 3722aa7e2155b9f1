"""Charts: each bar and each row of the chart's table is the database figure; money is
per currency; drafts and draft areas are not counted; every page shows its own scope."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from ftzportal.publication import PublicationStatus
from investments.models import ProjectStatus
from portal import charts
from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def chart_tables(html: str) -> dict[str, list[tuple[str, str]]]:
    """{chart title: [(row label, shown value)]} read from the pages' data tables."""
    tables = {}
    for caption, body in re.findall(
        r'<caption class="visually-hidden">(.*?)</caption>.*?<tbody>(.*?)</tbody>', html, re.S
    ):
        tables[caption] = re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', body)
    return tables


def svg_bars(html: str, title: str) -> dict[str, float]:
    """{label: bar width} of the SVG chart titled `title`."""
    for svg in re.findall(r"<svg class=\"chart-svg\".*?</svg>", html, re.S):
        root = ElementTree.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
        if root.findtext(f"{SVG}title") == title:
            labels = [text.text for text in root.findall(f"{SVG}text[@class='chart-label']")]
            widths = [float(rect.get("width")) for rect in root.findall(f"{SVG}rect")]
            return dict(zip(labels, widths, strict=True))
    raise AssertionError(f"no chart titled {title!r}")


@pytest.fixture
def kashgar():
    return AreaFactory(name="Kashgar", slug="kashgar")


@pytest.fixture
def horgos():
    return AreaFactory(name="Horgos", slug="horgos")


def test_value_by_area_is_one_chart_per_currency_never_added_together(client, kashgar, horgos):
    ProjectFactory(area=kashgar, value=Decimal("3000000"), currency="CNY")
    ProjectFactory(area=kashgar, value=Decimal("1000000"), currency="CNY")
    ProjectFactory(area=horgos, value=Decimal("2000000"), currency="CNY")
    ProjectFactory(area=horgos, value=Decimal("500"), currency="USD")
    html = client.get("/").content.decode()
    tables = chart_tables(html)
    assert tables["Contracted value by area (CNY)"] == [("Kashgar", "CNY 4,000,000"), ("Horgos", "CNY 2,000,000")]
    assert tables["Contracted value by area (USD)"] == [("Horgos", "USD 500")]
    bars = svg_bars(html, "Contracted value by area (CNY)")
    # Bars are proportional to the values: Horgos is half of Kashgar.
    assert bars["Horgos"] == pytest.approx(bars["Kashgar"] / 2, abs=1)


def test_charts_hide_drafts_and_entries_of_draft_areas(client, kashgar):
    hidden_area = AreaFactory(name="Hidden", publication_status=PublicationStatus.DRAFT)
    textiles = IndustryFactory(name="Textiles")
    ProjectFactory(area=kashgar, industry=textiles, value=Decimal("100"), status=ProjectStatus.SIGNED)
    ProjectFactory(area=kashgar, industry=textiles, value=Decimal("900"), publication_status="draft")
    ProjectFactory(area=hidden_area, industry=textiles, value=Decimal("700"))
    EnterpriseFactory(area=kashgar, industries=[textiles], origin_country="KZ")
    EnterpriseFactory(area=kashgar, industries=[textiles], origin_country="KZ", publication_status="draft")
    EnterpriseFactory(area=hidden_area, industries=[textiles], origin_country="KZ")
    tables = chart_tables(client.get("/").content.decode())
    assert tables["Contracted value by area (CNY)"] == [("Kashgar", "CNY 100")]
    assert tables["Contracted value by industry (CNY)"] == [("Textiles", "CNY 100")]
    assert tables["Enterprises by industry"] == [("Textiles", "1")]
    assert tables["Enterprises by origin"] == [("Kazakhstan", "1")]
    assert tables["Projects by status"] == [("Signed", "1")]


def test_enterprises_by_origin_names_provinces_and_countries(client, kashgar):
    EnterpriseFactory.create_batch(
        2, area=kashgar, origin_country="CN", origin_province="zhejiang", is_foreign_invested=False
    )
    EnterpriseFactory(area=kashgar, origin_country="KG")
    tables = chart_tables(client.get("/").content.decode())
    assert tables["Enterprises by origin"] == [("Zhejiang, China", "2"), ("Kyrgyzstan", "1")]


def test_origins_beyond_the_first_ten_share_one_bar(kashgar):
    for code in ["KZ", "KG", "TJ", "UZ", "TM", "RU", "PK", "AF", "MN", "DE", "FR", "IT"]:
        EnterpriseFactory(area=kashgar, origin_country=code)
    chart = charts.enterprises_by_origin_chart()
    assert len(chart.bars) == 11
    assert chart.bars[-1].label == "Other origins (2)"
    assert chart.bars[-1].display == "2"


def test_projects_by_status_follow_the_life_cycle(client, kashgar):
    ProjectFactory.create_batch(3, area=kashgar, status=ProjectStatus.IN_OPERATION)
    ProjectFactory(area=kashgar, status=ProjectStatus.PLANNED)
    tables = chart_tables(client.get("/").content.decode())
    assert tables["Projects by status"] == [("Planned", "1"), ("In operation", "3")]


def test_area_page_charts_count_that_area_only(client, kashgar, horgos, django_assert_max_num_queries):
    logistics = IndustryFactory(name="Logistics")
    ProjectFactory(area=kashgar, industry=logistics, value=Decimal("5000"))
    ProjectFactory(area=horgos, industry=logistics, value=Decimal("7000"))
    EnterpriseFactory(area=kashgar, industries=[logistics])
    EnterpriseFactory.create_batch(4, area=horgos, industries=[logistics])
    with django_assert_max_num_queries(40):
        html = client.get("/areas/kashgar/").content.decode()
    tables = chart_tables(html)
    assert tables["Contracted value by industry (CNY)"] == [("Logistics", "CNY 5,000")]
    assert tables["Enterprises by industry"] == [("Logistics", "1")]
    assert tables["Projects by status"] == [("Signed", "1")]


def test_industry_page_charts_count_that_industry_only(client, kashgar, horgos):
    logistics, textiles = IndustryFactory(name="Logistics", slug="logistics"), IndustryFactory(name="Textiles")
    ProjectFactory(area=kashgar, industry=logistics, value=Decimal("5000"), currency="USD")
    ProjectFactory(area=horgos, industry=textiles, value=Decimal("7000"), currency="USD")
    EnterpriseFactory.create_batch(2, area=horgos, industries=[logistics], origin_country="RU")
    EnterpriseFactory(area=kashgar, industries=[textiles])
    tables = chart_tables(client.get("/industries/logistics/").content.decode())
    assert tables["Contracted value by area (USD)"] == [("Kashgar", "USD 5,000")]
    assert tables["Enterprises by area"] == [("Horgos", "2")]
    assert tables["Enterprises by origin"] == [("Russia", "2")]


def test_chart_bars_use_the_colour_blind_safe_palette_classes(client, kashgar):
    ProjectFactory(area=kashgar)
    html = client.get("/").content.decode()
    assert re.search(r'<rect class="chart-bar-0"', html)
    assert "style=" not in re.search(r"<svg class=\"chart-svg\".*?</svg>", html, re.S).group(0)


def test_page_without_data_shows_no_empty_chart(client):
    AreaFactory(name="Kashgar", slug="kashgar")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/areas/kashgar/"' in html  # the home page, with its area card
    assert 'class="chart-svg"' not in html
