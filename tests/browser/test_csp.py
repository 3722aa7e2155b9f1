"""The API docs (Swagger UI) and the admin work in Chromium under the real CSP, with no
CSP violation reported (console message or `securitypolicyviolation` event).

Uses this folder's session-wide `chromium` (one Playwright per process: a second one
fails with "Sync API inside the asyncio loop"). Part of the security issue (tests/security/).
"""

import pytest
from django.conf import settings

from tests.factories import UserFactory

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


class CspWatch:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        return self.console + self.page.evaluate("window.__cspViolations || []")


@pytest.fixture
def watched_page(chromium):
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    yield page, CspWatch(page)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_under_the_csp(live_server, watched_page):
    page, watch = watched_page
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response.status == 200
    assert "script-src" in response.headers["content-security-policy"]
    # The reference is written by the server; Swagger UI's console loads on request.
    assert settings.SPECTACULAR_SETTINGS["TITLE"] in page.inner_text("h1")
    page.get_by_role("button", name="Open the interactive console").click()
    try:
        page.wait_for_selector(".swagger-ui .info .title", state="attached", timeout=10_000)
    finally:
        # A blocked init script is the usual reason Swagger UI stays blank: say so first.
        assert watch.violations() == []
    # Read from the schema by Swagger UI (its info block is hidden: the page's header says it).
    assert settings.SPECTACULAR_SETTINGS["TITLE"] in page.text_content(".swagger-ui .info .title")
    # The tags start closed: opening one shows its operations.
    page.wait_for_selector(".opblock-tag", timeout=10_000)
    page.locator(".opblock-tag").first.click()
    page.wait_for_selector(".opblock", timeout=10_000)
    assert watch.violations() == []


@pytest.mark.django_db(transaction=True)
def test_admin_login_and_index_work_under_the_csp(live_server, watched_page):
    page, watch = watched_page
    UserFactory(username="curator", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith(settings.ADMIN_URL.rstrip("/")), page.url
    assert page.locator("#content").count() == 1
    assert watch.violations() == []
