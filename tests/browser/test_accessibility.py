"""axe-core (WCAG 2.2 AA rules) in Chromium: every public page type in English, Chinese
and Russian, the API docs, the admin login and admin change forms, at desktop and phone
widths. No violation of impact serious or critical, and no colour-contrast failure of any
impact; none at all on the API docs. One browser for the module; one page per width."""

import pytest
from django.contrib.auth import get_user_model

from investments.models import Enterprise
from tests.browser.axe import axe_violations, serve_axe
from tests.browser.conftest import VIEWPORTS
from tests.public_pages import LANGUAGE_PREFIXES, PAGE_TYPES
from zones.models import Area, Incentive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "axe-checks-the-admin-too"


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]


@pytest.fixture
def axe_page(chromium, viewport_name):
    context = chromium.new_context(viewport=VIEWPORTS[viewport_name], locale="en-GB")
    serve_axe(context)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def test_public_pages_in_every_language_have_no_serious_violation(live_server, real_data, axe_page):
    found = {}
    for prefix in LANGUAGE_PREFIXES:
        for name, path in PAGE_TYPES.items():
            axe_page.goto(live_server.url + prefix + path)
            if violations := blocking(axe_violations(axe_page)):
                found[f"{prefix or '/en'} {name}"] = violations
    assert found == {}


def open_api_console(page) -> None:
    """The docs' interactive console (Swagger UI), loaded on request."""
    page.get_by_role("button", name="Open the interactive console").click()
    page.wait_for_selector(".opblock-tag")


def test_api_docs_have_no_violation_at_all(live_server, real_data, axe_page):
    axe_page.goto(f"{live_server.url}/api/docs/")
    assert axe_page.evaluate("document.documentElement.lang") == "en"
    assert axe_violations(axe_page) == []
    open_api_console(axe_page)
    assert axe_violations(axe_page) == []


def test_an_opened_api_operation_has_no_serious_violation(live_server, real_data, axe_page):
    axe_page.goto(f"{live_server.url}/api/docs/")
    open_api_console(axe_page)
    axe_page.click("#operations-tag-projects")
    axe_page.click("#operations-projects-v1_projects_list .opblock-summary-control")
    axe_page.wait_for_selector("#operations-projects-v1_projects_list .parameters")
    assert blocking(axe_violations(axe_page)) == []


@pytest.fixture
def signed_in(live_server, axe_page, settings):
    get_user_model().objects.create_superuser("axe-admin", "axe@example.org", ADMIN_PASSWORD)
    axe_page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    axe_page.fill("#id_username", "axe-admin")
    axe_page.fill("#id_password", ADMIN_PASSWORD)
    axe_page.click("input[type=submit]")
    axe_page.wait_for_selector("#user-tools")


def test_admin_login_has_no_serious_violation(live_server, axe_page, settings):
    axe_page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    assert blocking(axe_violations(axe_page)) == []


def test_admin_change_form_has_no_serious_violation(live_server, real_data, axe_page, signed_in, settings):
    kashgar = Area.objects.get(slug="kashgar")
    axe_page.goto(f"{live_server.url}/{settings.ADMIN_URL}zones/area/{kashgar.pk}/change/")
    assert blocking(axe_violations(axe_page)) == []


def test_other_change_forms_with_inlines_autocompletes_and_dates_have_no_serious_violation(
    live_server, real_data, axe_page, signed_in, settings
):
    admin = f"{live_server.url}/{settings.ADMIN_URL}"
    forms = {
        # Autocompletes for several choices (with their "remove all" cross).
        "incentive": f"zones/incentive/{Incentive.objects.first().pk}/change/",
        # A tabular inline with autocompletes, a row added with "Add another".
        "enterprise": f"investments/enterprise/{Enterprise.objects.first().pk}/change/",
        # A date-and-time field (two inputs, one label) and an autocomplete left empty.
        "webhook endpoint": "webhooks/webhookendpoint/add/",
    }
    found = {}
    for name, path in forms.items():
        axe_page.goto(admin + path)
        for add_row in axe_page.locator(".add-row a").all():
            if add_row.is_visible():
                add_row.click()
        if violations := blocking(axe_violations(axe_page)):
            found[name] = violations
    assert found == {}
