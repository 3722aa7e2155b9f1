"""The layers contract (pyproject.toml, run by `make lint`) holds, and fails on an upward
import: checked on a copy of the code with one such import added."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ["ftzportal", "zones", "investments", "alerts", "changes", "partners", "search", "webhooks", "portal"]
# "<contract name> KEPT" or "<contract name> BROKEN (6 ignored imports)" in the summary.
VERDICT = re.compile(r" (KEPT|BROKEN)(?: \(\d+ ignored imports?\))?$")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def code_copy(tmp_path):
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(root: Path, module: str, statement: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{statement}\n")


def test_the_code_keeps_its_layers(code_copy):
    result = lint_imports(code_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "statement", "broken"),
    [
        # The base importing an app.
        ("ftzportal.caching", "import zones.models  # noqa", "Layers"),
        # The zone importing the investments built on it.
        ("zones.models", "from investments.models import Enterprise  # noqa", "Layers"),
        # investments importing the pages that combine it with the zone.
        ("investments.views", "from portal import charts  # noqa", "Layers"),
        # investments importing a feature app.
        ("investments.models", "import partners.services  # noqa", "Layers"),
        # One feature app importing another.
        ("alerts.services", "from changes.models import ChangeEvent  # noqa", "Feature apps are independent"),
        # The search index importing the pages that show it, or another feature app.
        ("search.engine", "from portal import views  # noqa", "Layers"),
        ("search.indexing", "import changes.models  # noqa", "Feature apps are independent"),
    ],
)
def test_an_upward_import_breaks_the_contract(code_copy, module, statement, broken):
    add_import(code_copy, module, statement)
    result = lint_imports(code_copy)
    assert result.returncode != 0
    verdicts = [line for line in result.stdout.splitlines() if line.startswith(broken) and VERDICT.search(line)]
    assert verdicts and all(VERDICT.search(line).group(1) == "BROKEN" for line in verdicts), result.stdout
