"""Browser tests: Playwright's sync API driving Debian's Chromium against live_server.

They skip when /usr/bin/chromium is absent, unless REQUIRE_BROWSER=1 (set by .ci/run),
which turns the missing browser into a failure. Screenshots go to
test-artifacts/screenshots/ (git-ignored).
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


# Module scope: one Playwright loop at a time, so other suites' browser tests (admin,
# security) can start their own after this module is done.
def require_chromium(path: Path = CHROMIUM, environ=os.environ) -> None:
    """Skip when Chromium is absent; fail instead when REQUIRE_BROWSER=1 (CI)."""
    if path.exists():
        return
    reason = f"Chromium not found at {path} (apt-get install chromium); browser tests need it."
    if environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls
    # (including pytest-django's database teardown) from a thread with a running loop
    # unless told the use is deliberate. Set only while the loop runs: `check --deploy`
    # in other tests (subprocesses inheriting the environment) rightly refuses it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport_name(request):
    return request.param


@pytest.fixture
def page(chromium, viewport_name):
    """A fresh page; fails the test on any console error (a CSP violation, a 404 for a
    stylesheet or an image, a script error)."""
    context = chromium.new_context(viewport=VIEWPORTS[viewport_name], locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def screenshot(page, viewport_name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{viewport_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The inquiry rate limit counts in the cache, which the live server thread shares.
    cache.clear()
    yield
    cache.clear()
