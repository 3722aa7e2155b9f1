"""The docs at /api/docs/ work in a real browser with no internet: the reference lists
every operation, every asset of the console comes from the portal, the CSP lets it run,
and "Try it out" calls the API."""

import os
from pathlib import Path

import pytest

from tests.factories import AreaFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_offline_and_calls_the_api(live_server):
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but Chromium is not at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Data first: Playwright's sync API runs an event loop in this thread, inside which
    # Django refuses ORM calls. The browser runs only inside this test, so no loop is left
    # running for other tests (or other Playwright sessions).
    AreaFactory(slug="kashgar", name="Kashgar Area")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            errors, outside = drive_docs(browser, live_server.url)
        finally:
            browser.close()
    assert outside == []
    assert errors == []


def drive_docs(browser, base_url: str) -> tuple[list[str], list[str]]:
    """Opens the docs, runs "Try it out" on the area list; returns console errors and any
    request that tried to leave the portal."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors, outside = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def only_local(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:  # no internet: anything from elsewhere fails, and is recorded
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    try:
        page.goto(f"{base_url}/api/docs/")
        # The server writes the reference: every operation, before any script has run.
        assert page.locator("article.operation").count() == 24
        assert "GET /api/v1/areas/" in " ".join(page.locator("#v1_areas_list h3").inner_text().split())
        # The console loads on request; its tags start closed (a short page, no nested
        # controls): open each one.
        page.get_by_role("button", name="Open the interactive console").click()
        page.wait_for_selector(".opblock-tag", timeout=15_000)
        for tag in page.locator(".opblock-tag").all():
            tag.click()
        page.wait_for_selector(".opblock-summary", timeout=15_000)
        # 12 reads, the lead endpoint, and match + changes.
        # 15 read and lead operations, the search, 8 for webhooks.
        assert page.locator(".opblock-summary").count() == 24
        operation = page.locator("#operations-areas-v1_areas_list")
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        operation.get_by_role("button", name="Execute").click()
        page.wait_for_selector("#operations-areas-v1_areas_list .live-responses-table .response-col_status")
        assert "kashgar" in operation.locator(".live-responses-table").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=False)
    finally:
        context.close()
    return errors, outside
