"""The map, the charts, the downloads and the factsheet in a real browser, at desktop
and phone sizes, on the real data (screenshots in test-artifacts/screenshots/)."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_markers_are_visible_links_and_fit_the_screen(live_server, real_data, page, screenshot, viewport_name):
    page.goto(live_server.url + "/")
    zone_map = page.locator(".zone-map-svg")
    zone_map.scroll_into_view_if_needed()
    box = zone_map.bounding_box()
    assert box["width"] > 300
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    for name in ("Kashgar Area", "Horgos Area", "Urumqi Area"):
        marker = page.locator(".zone-map-svg a", has=page.locator(f"title:text-is('{name}')"))
        assert marker.count() == 1, name
        assert marker.locator("circle").is_visible()
    screenshot("dataviz-home")
    page.locator(".zone-map").screenshot(path=str(SCREENSHOTS / f"{viewport_name}-dataviz-home-map.png"))

    page.locator(".zone-map-svg a", has=page.locator("title:text-is('Kashgar Area')")).click()
    page.wait_for_url(re.compile(r"/areas/kashgar/$"))
    assert page.locator(".zone-map-svg a.map-marker-current title").text_content() == "Kashgar Area"
    screenshot("dataviz-area-kashgar")
    page.locator(".zone-map").screenshot(path=str(SCREENSHOTS / f"{viewport_name}-dataviz-area-map.png"))


def test_charts_show_their_tables_on_request(live_server, real_data, page, viewport_name):
    page.goto(live_server.url + "/")
    charts = page.locator("figure.chart")
    assert charts.count() >= 3
    first = charts.first
    first.scroll_into_view_if_needed()
    first.locator("summary").click()
    assert first.locator("table").is_visible()
    page.locator("section", has=page.locator("#charts-title")).screenshot(
        path=str(SCREENSHOTS / f"{viewport_name}-dataviz-charts.png")
    )


def test_enterprise_list_offers_downloads_of_the_filter(live_server, real_data, page, viewport_name):
    page.goto(live_server.url + "/enterprises/?area=kashgar")
    link = page.get_by_role("link", name="Download CSV")
    assert link.get_attribute("href") == "/enterprises/download.csv?area=kashgar"
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    content = Path(path).read_text(encoding="utf-8-sig")
    assert content.startswith("Name,Slug,Area (slug)")
    assert ",kashgar," in content and ",horgos," not in content


def test_factsheet_prints_without_the_site_navigation(live_server, real_data, page, viewport_name):
    page.goto(live_server.url + "/areas/kashgar/factsheet/")
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("h1").inner_text() == "Kashgar Area"
    assert page.locator(".factsheet-contact a").is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"{viewport_name}-dataviz-factsheet-print.png"), full_page=True)
