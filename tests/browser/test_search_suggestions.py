"""The header search box's suggestions in a real browser, with the keyboard only, in each
language: typing opens a listbox of entries in the page language, Down/Up move the active
option (aria-activedescendant, focus stays in the box), Escape closes the list, Enter opens
the active entry; without a chosen option Enter submits the search. No console errors (the
page fixture fails on any, CSP violations included). Screenshots:
test-artifacts/screenshots/<size>-search-suggestions-<lang>(-top).png."""

import re

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = {
    "en": ("", "Kashg", "Kashgar Area"),
    "zh-hans": ("/zh-hans", "喀什", "喀什片区"),
    "ru": ("/ru", "Кашг", "Участок Кашгар"),
}


@pytest.mark.parametrize("language", list(TYPED))
def test_suggestions_with_the_keyboard(live_server, real_data, page, screenshot, viewport_name, language):
    prefix, typed, first_title = TYPED[language]
    page.goto(f"{live_server.url}{prefix}/")
    box = page.locator("#header-search-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.focus()
    page.keyboard.type(typed, delay=30)
    listbox = page.locator("#header-search-q-listbox")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator('[role="option"]')
    assert options.count() >= 2
    assert options.first.locator(".suggestion-title").inner_text() == first_title
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    assert re.search(r"\d", page.locator(".has-suggestions [role=status]").inner_text())
    screenshot(f"search-suggestions-{language}")
    page.screenshot(path=str(SCREENSHOTS / f"{viewport_name}-search-suggestions-{language}-top.png"))
    page.keyboard.press("ArrowUp")
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # reopens on the first option
    assert options.first.get_attribute("aria-selected") == "true"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}{prefix}/areas/kashgar/"


def test_enter_without_a_chosen_suggestion_submits_the_search(live_server, real_data, page, screenshot):
    page.goto(f"{live_server.url}/")
    page.locator("#header-search-q").fill("logistcs")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{live_server.url}/search/?q=logistcs")
    assert page.locator(".did-you-mean a").inner_text() == "logistics"
    assert page.locator(".search-result mark").count() >= 1
    screenshot("search-results-did-you-mean")
