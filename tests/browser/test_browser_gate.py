"""Where Chromium is missing, browser tests skip with a reason, except under
REQUIRE_BROWSER=1 (CI), where the missing browser is a failure."""

from pathlib import Path

import pytest

from tests.browser.conftest import require_chromium

MISSING = Path("/nonexistent/chromium")


def test_missing_chromium_skips_with_a_clear_reason():
    with pytest.raises(pytest.skip.Exception, match="Chromium not found at /nonexistent/chromium"):
        require_chromium(MISSING, environ={})


def test_missing_chromium_fails_when_the_browser_is_required():
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1"):
        require_chromium(MISSING, environ={"REQUIRE_BROWSER": "1"})


def test_present_chromium_neither_skips_nor_fails(tmp_path):
    binary = tmp_path / "chromium"
    binary.touch()
    require_chromium(binary, environ={"REQUIRE_BROWSER": "1"})
