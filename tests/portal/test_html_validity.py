"""Every public page type, in English, Chinese and Russian, is valid HTML for the W3C Nu
Html Checker (npm `vnu-jar`, run with Java once for all pages)."""

import json
import shutil
import subprocess

import pytest

from tests.public_pages import LANGUAGE_PREFIXES, PAGE_TYPES, require_node_module

pytestmark = pytest.mark.django_db

# A page the checker must refuse, checked in the same run: proves the checker ran and
# reports errors (this is the error the filter forms used to have).
CONTROL_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Control</title></head>'
    '<body><form method="get" action=""><input name="q" aria-label="Search"></form></body></html>'
)


def nu_errors(files) -> dict[str, list[str]]:
    """{file name: ["line N: message", …]} for every error the checker reports."""
    jar = require_node_module("vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed to run the Nu Html Checker (apt-get install default-jre-headless).")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_every_public_page_is_valid_html_in_every_language(client, real_data, tmp_path):
    files = []
    for prefix in LANGUAGE_PREFIXES:
        for name, path in PAGE_TYPES.items():
            response = client.get(prefix + path)
            assert response.status_code in (200, 404), (prefix + path, response.status_code)
            file = tmp_path / f"{prefix.strip('/') or 'en'}-{name}.html"
            file.write_bytes(response.content)
            files.append(file)
    control = tmp_path / "control.html"
    control.write_text(CONTROL_PAGE)

    errors = nu_errors([*files, control])

    assert any("action" in error for error in errors.pop("control.html", [])), "the checker reported nothing"
    assert errors == {}, f"Nu Html Checker errors on {len(errors)} of {len(files)} pages"
