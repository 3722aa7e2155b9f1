"""The area factsheet: one printable page per area with key figures, key industries,
incentives (zone-wide ones too) and the contact; its print stylesheet; its PDF."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from ftzportal.publication import PublicationStatus
from portal.factsheet import weasyprint_available
from tests.factories import AreaFactory, AreaIndustryFactory, IncentiveFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kashgar():
    area = AreaFactory(name="Kashgar Area", slug="kashgar", area_km2=Decimal("28.48"))
    AreaIndustryFactory(area=area, industry=IndustryFactory(name="Textiles"), note="Cotton yarn")
    IncentiveFactory(title="Kashgar rent relief", areas=[area])
    IncentiveFactory(title="Zone-wide customs measure")
    IncentiveFactory(title="Horgos only", areas=[AreaFactory(slug="horgos")])
    IncentiveFactory(title="Draft measure", publication_status=PublicationStatus.DRAFT)
    ProjectFactory(area=area, value=Decimal("2500000"), currency="CNY")
    return area


def test_factsheet_shows_figures_industries_incentives_and_contact(client, kashgar, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get("/areas/kashgar/factsheet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kashgar Area" in html
    assert "28.48 km²" in html
    assert "2.5 million yuan" in html
    assert "Textiles" in html and "Cotton yarn" in html
    assert "Kashgar rent relief" in html and "Zone-wide customs measure" in html
    assert "Horgos only" not in html and "Draft measure" not in html
    assert 'href="/inquire/?area=kashgar"' in html


def test_factsheet_links_the_print_stylesheet(client, kashgar):
    html = client.get("/areas/kashgar/factsheet/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


def test_print_stylesheet_hides_the_site_navigation():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    assert "@page" in css
    for selector in (".site-header", ".site-footer", ".main-nav", ".no-print"):
        assert selector in css.split("display: none")[0]


def test_factsheet_renders_for_every_real_area(client, real_data):
    from zones.models import Area

    for area in Area.objects.published():
        response = client.get(f"/areas/{area.slug}/factsheet/")
        assert response.status_code == 200
        assert area.name in response.content.decode()


def test_factsheet_of_a_draft_area_is_not_found(client):
    AreaFactory(slug="hidden", publication_status=PublicationStatus.DRAFT)
    assert client.get("/areas/hidden/factsheet/").status_code == 404
    assert client.get("/areas/hidden/factsheet.pdf").status_code == 404


def test_area_page_links_its_factsheet(client, kashgar):
    assert 'href="/areas/kashgar/factsheet/"' in client.get("/areas/kashgar/").content.decode()


needs_weasyprint = pytest.mark.skipif(not weasyprint_available(), reason="WeasyPrint is not installed")


@needs_weasyprint
def test_pdf_opens_and_contains_the_area_name_and_figures(client, kashgar):
    response = client.get("/areas/kashgar/factsheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Kashgar Area" in text
    assert "Kashgar rent relief" in text
    assert "Home" not in text.split("Kashgar Area")[0]  # no site navigation before the title


@needs_weasyprint
def test_pdf_renders_chinese_names(client, kashgar):
    kashgar.name_zh_hans = "喀什片区"
    kashgar.save()
    response = client.get("/zh-hans/areas/kashgar/factsheet.pdf")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "喀什片区" in text


@needs_weasyprint
def test_pdf_of_every_real_area_fits_one_page(client, real_data):
    from zones.models import Area

    for area in Area.objects.published():
        reader = PdfReader(io.BytesIO(client.get(f"/areas/{area.slug}/factsheet.pdf").content))
        assert len(reader.pages) == 1, area.slug
        assert area.name in reader.pages[0].extract_text().replace("\n", " ")


def test_pdf_fetcher_refuses_addresses_outside_the_static_files():
    pytest.importorskip("weasyprint")
    from portal.factsheet import static_file_fetcher

    fetcher = static_file_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://fonts.example.com/font.css")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch("file:///static/css/print.css")
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


@needs_weasyprint
def test_pdf_is_rendered_again_once_content_changes(client, kashgar, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    first = client.get("/areas/kashgar/factsheet.pdf").content
    assert client.get("/areas/kashgar/factsheet.pdf").content == first  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        kashgar.name_en = "Kashgar Renamed Area"
        kashgar.save()  # a curated write bumps the content version
    text = PdfReader(io.BytesIO(client.get("/areas/kashgar/factsheet.pdf").content)).pages[0].extract_text()
    assert "Kashgar Renamed Area" in text
