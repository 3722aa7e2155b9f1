"""The curation journey in a real browser (Chromium through Playwright): a curator drafts
an incentive for Horgos, a publisher publishes it, and investors see it on the public
incentive list filtered to Horgos. Screenshots: test-artifacts/screenshots/admin-*.png.

Skipped when Chromium or Playwright is missing, unless REQUIRE_BROWSER=1 (then it fails).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from ftzportal.publication import PublicationStatus
from portal.management.commands.setup_roles import CURATOR, PUBLISHER
from tests.factories import UserFactory
from zones.models import Incentive

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TITLE = "Green channel for Horgos border trade"


def record_console_error(page, message):
    location = message.location.get("url", "")
    # The site has no favicon yet; anything else (a blocked script or style) is a failure.
    if message.type == "error" and "favicon.ico" not in location:
        page.console_errors.append(f"{page.url}: {message.text} {location}")


@pytest.fixture
def browser_page(monkeypatch):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but Playwright or Chromium is missing")
        pytest.skip("Playwright or Chromium is missing")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are still synchronous and safe.
    # Set for this test only: a leaked value would fail `check --deploy` in later tests.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.console_errors = []
        page.on("console", lambda message: record_console_error(page, message))
        page.set_default_timeout(15000)
        yield page
        browser.close()


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def sign_out(page):
    page.click("#logout-form button")
    page.wait_for_selector("text=Logged out")


def test_curator_drafts_and_publisher_publishes_an_incentive_for_horgos(live_server, real_data, browser_page):
    page = browser_page
    call_command("setup_roles", verbosity=0)
    for name, group in (("curator", CURATOR), ("publisher", PUBLISHER)):
        UserFactory(username=name).groups.add(Group.objects.get(name=group))

    sign_in(page, live_server.url, "curator")
    page.screenshot(path=SCREENSHOTS / "admin-index-curator.png", full_page=True)
    page.goto(f"{live_server.url}/admin/zones/incentive/add/")
    page.locator("#id_title_en").press_sequentially(TITLE)  # typed, as prepopulation listens to keys
    # The slug is filled in from the English title as the curator types.
    assert page.input_value("#id_slug") == "green-channel-for-horgos-border-trade"
    page.select_option("#id_category", "trade-customs")
    page.fill("#id_summary_en", "Fast customs clearance for farm products at the Horgos border port.")
    # Areas: the autocomplete widget searches by any spelling.
    page.click("#id_areas + .select2 .select2-selection")
    page.keyboard.type("Horgos")
    page.click(".select2-results__option:has-text('Horgos')")
    page.screenshot(path=SCREENSHOTS / "admin-incentive-add.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.screenshot(path=SCREENSHOTS / "admin-incentive-draft-saved.png", full_page=True)

    incentive = Incentive.objects.get(slug="green-channel-for-horgos-border-trade")
    assert incentive.publication_status == PublicationStatus.DRAFT
    assert list(incentive.areas.values_list("slug", flat=True)) == ["horgos"]
    # A curator is offered no publish action.
    page.goto(f"{live_server.url}/admin/zones/incentive/")
    assert page.locator("select[name=action] option[value=publish_selected]").count() == 0
    sign_out(page)

    page.goto(f"{live_server.url}/incentives/?area=horgos")
    assert TITLE not in page.content()

    sign_in(page, live_server.url, "publisher")
    page.goto(f"{live_server.url}/admin/zones/incentive/?publication_status__exact=draft")
    page.check(f"input[name=_selected_action][value='{incentive.pk}']")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    page.goto(f"{live_server.url}/admin/zones/incentive/?q=Horgos")
    page.screenshot(path=SCREENSHOTS / "admin-incentive-published.png", full_page=True)
    incentive.refresh_from_db()
    assert incentive.publication_status == PublicationStatus.PUBLISHED
    assert incentive.published_by.username == "publisher"

    page.goto(f"{live_server.url}/incentives/?area=horgos")
    page.wait_for_selector(f"text={TITLE}")
    page.screenshot(path=SCREENSHOTS / "admin-public-incentives-horgos.png", full_page=True)
    page.goto(f"{live_server.url}{incentive.get_absolute_url()}")
    assert TITLE in page.content()
    # No script blocked or failing on the way (a CDN asset or a CSP refusal would show here).
    assert page.console_errors == [], "\n".join(page.console_errors)
