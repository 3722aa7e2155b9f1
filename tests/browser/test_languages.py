"""The portal in English, Chinese and Russian in a real browser: a filtered, paginated
list keeps its filters and page across a language switch, and home, an area page and a
filtered list are photographed in each language at desktop and phone sizes
(test-artifacts/screenshots/lang-<lang>-<page>-<size>.png) so CJK and Cyrillic glyphs
and line wrapping can be checked by eye."""

import re

import factory
import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.factories import ProjectFactory
from zones.models import Area, Industry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Switcher link text (each language's own name) and the words the list shows in it.
LANGUAGES = {
    "en": {
        "prefix": "",
        "switcher": "English",
        "results": "{} results",
        "area_chip": "Area: Kashgar Area",
        "page": "Page 2 of 3",
    },
    "zh-hans": {
        "prefix": "/zh-hans",
        "switcher": "简体中文",
        "results": "{} 条结果",
        "area_chip": "片区: 喀什片区",
        "page": "第 2 页，共 3 页",
    },
    "ru": {
        "prefix": "/ru",
        "switcher": "Русский",
        "results": "{} результатов",
        "area_chip": "Участок: Участок Кашгар",
        "page": "Страница 2 из 3",
    },
}
QUERY = "?area=kashgar&ordering=name&page=2"


@pytest.fixture
def kashgar_sample_projects(real_data):
    """Enough Kashgar projects for three pages (20 a page): the real five plus samples."""
    ProjectFactory.create_batch(
        50,
        area=Area.objects.get(slug="kashgar"),
        industry=Industry.objects.get(slug="logistics"),
        name=factory.Sequence(lambda n: f"Sample warehouse {n:03d}"),
        is_sample=True,
    )
    return 55


def _expect_list_state(page, language, count):
    words = LANGUAGES[language]
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".result-count").inner_text() == words["results"].format(count)
    assert page.locator(".chips").get_by_text(words["area_chip"]).is_visible()
    assert page.locator(".pagination [aria-current=page]").inner_text() == words["page"]


def test_language_switch_keeps_filters_ordering_and_page(live_server, kashgar_sample_projects, page):
    page.goto(f"{live_server.url}/projects/{QUERY}")
    _expect_list_state(page, "en", kashgar_sample_projects)

    page.locator(".language-switcher").get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r"/zh-hans/projects/\?area=kashgar&ordering=name&page=2$"))
    _expect_list_state(page, "zh-hans", kashgar_sample_projects)

    page.locator(".language-switcher").get_by_role("link", name="Русский").click()
    page.wait_for_url(re.compile(r"/ru/projects/\?area=kashgar&ordering=name&page=2$"))
    _expect_list_state(page, "ru", kashgar_sample_projects)

    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/projects/\?area=kashgar&ordering=name&page=2$"))
    assert "/ru/" not in page.url and "/zh-hans/" not in page.url
    _expect_list_state(page, "en", kashgar_sample_projects)


PAGES = {
    "home": "/",
    "area-kashgar": "/areas/kashgar/",
    "enterprises-kashgar": "/enterprises/?area=kashgar&ordering=name",
}
HEADINGS = {
    "en": {"area-kashgar": "Kashgar Area"},
    "zh-hans": {"area-kashgar": "喀什片区"},
    "ru": {"area-kashgar": "Участок Кашгар"},
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_pages_render_in_each_language_without_overflow(live_server, real_data, page, viewport_name, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = LANGUAGES[language]["prefix"]
    for name, path in PAGES.items():
        page.goto(f"{live_server.url}{prefix}{path}")
        assert page.locator("html").get_attribute("lang") == language
        if name in HEADINGS[language]:
            assert page.locator("h1").inner_text().startswith(HEADINGS[language][name])
        # Nothing wider than the viewport: long Russian words and CJK lines must wrap.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{language} {name} overflows by {overflow}px at {viewport_name}"
        # Looked at by eye: CJK and Cyrillic glyphs come from real fonts (no tofu boxes).
        page.screenshot(path=str(SCREENSHOTS / f"lang-{language}-{name}-{viewport_name}.png"), full_page=True)
