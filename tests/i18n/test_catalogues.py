"""The translation catalogues are complete, compiled and up to date.

The compiled .mo files are committed (a machine with only Python and make has no msgfmt),
so a test compares each .mo with its .po: a .po edited without `make messages` fails here.
See docs/translations.md."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# gettext locale directory names (Django's to_locale of "zh-hans" and "ru").
LOCALES = ["zh_Hans", "ru"]
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _po(locale):
    return polib.pofile(str(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"))


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(locale):
    po = _po(locale)
    assert len(po) > 400, "the catalogue looks truncated"
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == [], "run `make messages` (it drops obsolete entries)"
    assert not po.metadata_is_fuzzy
    for entry in po:
        assert all(text.strip() for text in _translations(entry)), entry.msgid


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_declares_its_language_and_plural_rule(locale):
    metadata = _po(locale).metadata
    assert metadata["Language"] == locale
    assert metadata["Plural-Forms"] == PLURAL_FORMS[locale]
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale):
    nplurals = 1 if locale == "zh_Hans" else 3
    for entry in _po(locale):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        texts = _translations(entry)
        if entry.msgid_plural:
            assert len(texts) == nplurals, entry.msgid
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == expected, (entry.msgid, text)


@pytest.mark.parametrize("locale", LOCALES)
def test_committed_mo_file_matches_its_po_file(locale):
    po = _po(locale)
    mo_path = LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), "run `make messages` and commit the .mo file"
    mo = polib.mofile(str(mo_path))
    in_po = {_key(e): _translations(e) for e in po.translated_entries()}
    in_mo = {_key(e): _translations(e) for e in mo if e.msgid}
    assert in_mo == in_po, "the .mo is stale: run `make messages` (or msgfmt) and commit it"
    assert mo.metadata.get("Plural-Forms") == PLURAL_FORMS[locale]


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("ru", 1, "1 результат"),
        ("ru", 3, "3 результата"),
        ("ru", 5, "5 результатов"),
        ("ru", 11, "11 результатов"),
        ("ru", 21, "21 результат"),
        ("ru", 22, "22 результата"),
        ("zh-hans", 1, "1 条结果"),
        ("zh-hans", 5, "5 条结果"),
    ],
)
def test_plural_forms_follow_the_language_rules(language, count, expected):
    with translation.override(language):
        text = translation.ngettext("%(counter)s result", "%(counter)s results", count) % {"counter": count}
    assert text == expected


def test_admin_group_names_are_translated_by_the_loaded_catalogue():
    with translation.override("zh-hans"):
        assert translation.gettext("Zone & areas") == "自贸区与片区"
    with translation.override("ru"):
        assert translation.gettext("Publish selected entries") == "Опубликовать выбранные записи"


# The same command and ignores as `make messages` (Makefile).
MAKEMESSAGES_IGNORES = [
    "--ignore=.venv",
    "--ignore=benchmarks",
    "--ignore=tests",
    "--ignore=test-artifacts",
    "--ignore=staticfiles",
]
# What the copy leaves out: not source (or not ours), and large.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "test-artifacts",
    "benchmarks",
    "tests",
    "staticfiles",
    "media",
    ".hypothesis",
    "*.sqlite3*",
    "__pycache__",
    ".*_cache",
)


def test_makemessages_finds_no_new_or_removed_string(tmp_path):
    """Runs makemessages on a copy of the source tree, so the committed catalogues stay
    untouched, and compares the strings it extracts with the committed ones."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail("GNU gettext (xgettext, msgmerge) is required here (REQUIRE_GETTEXT=1)")
        pytest.skip("GNU gettext is not installed (apt-get install gettext); .ci/run installs it")
    copy = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, copy, ignore=COPY_IGNORE)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "ftzportal.settings"})
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "-l",
            "ru",
            "--no-obsolete",
            *MAKEMESSAGES_IGNORES,
        ],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    for locale in LOCALES:
        extracted = polib.pofile(str(copy / "locale" / locale / "LC_MESSAGES" / "django.po"))
        committed = _po(locale)
        new = {_key(e) for e in extracted} - {_key(e) for e in committed}
        removed = {_key(e) for e in committed} - {_key(e) for e in extracted}
        assert not new, f"strings not in locale/{locale}: run `make messages` and translate them: {sorted(new)}"
        assert not removed, f"strings no longer in the code: run `make messages`: {sorted(removed)}"
        # makemessages keeps existing translations; anything it extracted anew is empty.
        assert [e.msgid for e in extracted.untranslated_entries()] == []
