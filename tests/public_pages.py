"""One page of every public page type, on the real data (tests/conftest.py `real_data`),
and the language prefixes: checked by the Nu Html Checker (tests/portal/test_html_validity.py)
and axe-core (tests/browser/test_accessibility.py)."""

import os
from pathlib import Path

import pytest

LANGUAGE_PREFIXES = ["", "/zh-hans", "/ru"]

PAGE_TYPES = {
    "home": "/",
    "area": "/areas/kashgar/",
    "factsheet": "/areas/kashgar/factsheet/",
    "compare": "/compare/?area=kashgar&area=horgos",
    "industry-list": "/industries/",
    "industry": "/industries/textiles-garments/",
    "incentive-list": "/incentives/?area=kashgar",
    "incentive": "/incentives/foreign-rd-centre-thresholds/",
    "enterprise-list": "/enterprises/?area=kashgar&ordering=name",
    "enterprise": "/enterprises/zhejiang-trade-enterprise-kashgar/",
    "project-list": "/projects/?status=signed",
    "project-list-invalid-filter": "/projects/?min_value=abc",
    "project": "/projects/cold-chain-base/",
    "search": "/search/?q=Kashgar",
    "match": "/match/",
    "match-result": "/match/?industry=textiles-garments&area=not-sure",
    "inquiry-form": "/inquire/",
    "inquiry-thanks": "/inquire/thanks/",
    "shortlist": "/shortlist/",
    "not-found": "/areas/no-such-area/",
}

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"


def require_node_module(relative: str) -> Path:
    """A file of an npm package (package.json; `npm ci` installs them). Skips when it is
    absent, unless REQUIRE_NODE_TOOLS=1 (set by .ci/run), which makes it a failure."""
    path = NODE_MODULES / relative
    if not path.exists():
        reason = f"{path} not found: run `npm ci` in the project directory."
        if os.environ.get("REQUIRE_NODE_TOOLS") == "1":
            pytest.fail(f"REQUIRE_NODE_TOOLS=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path
