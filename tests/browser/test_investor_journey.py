"""An investor's journey through the real data, at desktop and phone sizes:
home → Kashgar area → enterprises filtered to Kashgar and textiles → an enterprise →
the inquiry form pre-filled → submitted → thank-you page, and the inquiry is stored."""

import re

import pytest

from investments.models import Inquiry, InquiryStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_investor_finds_a_kashgar_textile_enterprise_and_leaves_an_inquiry(
    live_server, real_data, page, screenshot, viewport_name
):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "China (Xinjiang) Pilot Free Trade Zone"
    assert page.get_by_text("179.66 km²").first.is_visible()
    screenshot("01-home")

    page.get_by_role("link", name="Kashgar Area", exact=True).first.click()
    page.wait_for_url(re.compile(r"/areas/kashgar/$"))
    assert page.locator("h1").inner_text() == "Kashgar Area"
    screenshot("02-area-kashgar")

    page.get_by_role("link", name=re.compile(r"^All \d+ enterprises? in this area")).click()
    page.wait_for_url(re.compile(r"/enterprises/\?area=kashgar$"))
    screenshot("03-enterprises-kashgar")

    filters = page.locator("details.filter-panel")
    if viewport_name == "phone" and not filters.evaluate("panel => panel.open"):
        filters.locator("summary").click()  # collapsed on a phone once a filter is active
    textiles = page.get_by_role("checkbox", name="Textiles and garments")
    textiles.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/enterprises/\?.*industry=textiles-garments"))
    assert "area=kashgar" in page.url
    assert page.get_by_role("link", name=re.compile("Area: Kashgar Area")).is_visible()
    assert page.get_by_role("link", name=re.compile("Industry: Textiles and garments")).is_visible()
    assert page.locator(".result-count").inner_text() == "1 result"
    screenshot("04-enterprises-kashgar-textiles")

    page.get_by_role("link", name=re.compile("Zhejiang-based trade enterprise")).click()
    page.wait_for_url(re.compile(r"/enterprises/zhejiang-trade-enterprise-kashgar/$"))
    assert page.get_by_text("Kashi Area of Xinjiang Pilot FTZ inaugurated").is_visible()
    screenshot("05-enterprise")

    page.locator(".cta").get_by_role("link", name="Contact the investment team").click()
    page.wait_for_url(re.compile(r"/inquire/\?area=kashgar"))
    assert page.get_by_label("Area of interest").input_value() == "kashgar"
    screenshot("06-inquiry-prefilled")

    page.get_by_label("Your name").fill("Aibek Investor")
    page.get_by_label("E-mail").fill("aibek@example.com")
    page.get_by_label("Company").fill("Bishkek Trading LLC")
    page.get_by_label("Country").select_option("KG")
    page.get_by_label("Message").fill("We plan a garment factory and would like to talk.")
    page.get_by_label(re.compile("I agree")).check()
    honeypot = page.locator("#id_website").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0  # drawn off-screen: people never see it
    page.get_by_role("button", name="Send my inquiry").click()
    page.wait_for_url(re.compile(r"/inquire/thanks/$"))
    assert "received your inquiry" in page.locator("h1").inner_text()
    screenshot("07-thank-you")

    inquiry = Inquiry.objects.select_related("area").get()
    assert inquiry.status == InquiryStatus.NEW
    assert inquiry.area.slug == "kashgar"
    assert (inquiry.name, inquiry.email, inquiry.country.code) == ("Aibek Investor", "aibek@example.com", "KG")


def test_filters_work_with_the_keyboard_alone(live_server, real_data, page, viewport_name):
    page.goto(live_server.url + "/projects/")
    filters = page.locator("details.filter-panel")
    if not filters.evaluate("panel => panel.open"):
        filters.locator("summary").focus()
        page.keyboard.press("Enter")
    page.get_by_role("checkbox", name="Kashgar Area").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Apply filters").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/projects/\?.*area=kashgar"))
    assert page.locator(".result-count").inner_text() == "5 results"


@pytest.mark.parametrize(
    "path", ["/", "/areas/kashgar/", "/compare/?area=urumqi&area=kashgar&area=horgos", "/zh-hans/", "/ru/projects/"]
)
def test_pages_fit_the_viewport_without_horizontal_scrolling(live_server, real_data, page, screenshot, path):
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-").replace("=", "-") or "home"
    screenshot(f"page-{name}")
