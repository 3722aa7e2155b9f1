"""The inquiry desk in a real browser (Chromium through Playwright) at desktop (1280 px)
and tablet (800 px) width: nothing wider than the screen, no console error (a CSP
refusal would show), and axe-core finds no WCAG 2.2 A/AA violation. Screenshots:
test-artifacts/screenshots/desk-*.png.

axe-core is npm's `axe-core` (4.14) in node_modules/ (`npm install --no-save axe-core@4.14`);
the test skips without it or without Chromium, unless REQUIRE_BROWSER=1 (then it fails).
"""

import os
import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from investments.models import Inquiry, InquirySource, InquiryStatus
from portal.management.commands.setup_roles import INQUIRY_HANDLER, PUBLISHER
from tests.factories import AreaFactory, IndustryFactory, InquiryFactory, UserFactory

from .test_admin_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, record_console_error, sign_in

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": 1280, "tablet": 800}


@pytest.fixture
def chromium(monkeypatch):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    missing = [
        what
        for what, there in (
            ("Playwright", sync_playwright is not None),
            ("Chromium", shutil.which(CHROMIUM)),
            (f"axe-core ({AXE})", AXE.exists()),
        )
        if not there
    ]
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but missing: {', '.join(missing)}")
        pytest.skip(f"missing: {', '.join(missing)}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desk_data(db):
    """Five months of inquiries in three areas, some overdue, some answered and closed."""
    rng = random.Random(7)
    areas = [AreaFactory(name_en=name) for name in ("Urumqi", "Kashgar", "Horgos")]
    industries = [IndustryFactory(name_en=name) for name in ("Logistics", "Textiles", "Agriculture")]
    call_command("setup_roles", verbosity=0)
    handlers = []
    for name in ("amina", "bolat"):
        user = UserFactory(username=name, first_name=name.capitalize(), last_name="Handler")
        user.groups.add(Group.objects.get(name=INQUIRY_HANDLER))
        handlers.append(user)
    UserFactory(username="publisher").groups.add(Group.objects.get(name=PUBLISHER))
    now = timezone.now()
    for _n in range(90):
        created = now - timedelta(hours=rng.randint(1, 150 * 24))
        status = rng.choice(list(InquiryStatus))
        replied = created + timedelta(hours=rng.randint(2, 96)) if status != InquiryStatus.NEW else None
        inquiry = InquiryFactory(
            area=rng.choice(areas),
            industry=rng.choice(industries),
            assignee=rng.choice(handlers),
            status=status,
            country=rng.choice(["KG", "KZ", "UZ", "DE", "CN", ""]),
            source=rng.choice(list(InquirySource)),
        )
        Inquiry.objects.filter(pk=inquiry.pk).update(
            created_at=created,
            reply_due_at=created + timedelta(hours=48),
            first_replied_at=replied if replied and replied < now else None,
            closed_at=replied + timedelta(hours=30) if status == InquiryStatus.CLOSED and replied else None,
        )


def run_axe(page, base_url):
    # The CSP allows only same-origin scripts: serve axe-core from a same-origin URL.
    url = f"{base_url}/__axe__/axe.min.js"
    page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"))
    page.add_script_tag(url=url)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))",
        AXE_TAGS,
    )


@pytest.mark.parametrize("device", list(WIDTHS))
@pytest.mark.parametrize("username", ["amina", "publisher"])
def test_the_desk_at_desktop_and_tablet_width(live_server, chromium, desk_data, device, username):
    page = chromium.new_page(viewport={"width": WIDTHS[device], "height": 900})
    page.console_errors = []
    page.on("console", lambda message: record_console_error(page, message))
    page.set_default_timeout(15000)
    sign_in(page, live_server.url, username)
    page.goto(f"{live_server.url}/admin/investments/inquiry/desk/?period=quarter")
    page.wait_for_selector("#desk-service-title")
    # Open one table of figures, as a reader checking a chart would.
    page.click("#content-main .chart-table summary >> nth=0")
    page.screenshot(path=SCREENSHOTS / f"desk-{username}-{device}.png", full_page=True)

    assert page.locator("svg.chart-svg").count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
    violations = run_axe(page, live_server.url)
    assert violations == [], violations
    assert page.console_errors == [], "\n".join(page.console_errors)
    if username == "amina":
        page.goto(f"{live_server.url}/admin/investments/inquiry/")
        page.wait_for_selector("#result_list")
        page.screenshot(path=SCREENSHOTS / f"desk-inquiry-list-{device}.png", full_page=True)
        assert page.locator(".desk-overdue").count() > 0
