"""Settings from the environment, and a migration history that matches the models."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Every boolean the settings read from the environment.
BOOLEAN_VARIABLES = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "EMAIL_USE_TLS",
]
A_SECRET_KEY = "x" * 60


def import_settings(code="import ftzportal.settings", **env):
    """Import the real settings in a fresh interpreter with only `env` of the variables
    these tests vary (whatever the developer's shell sets), as a starting process would."""
    clean_env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", *BOOLEAN_VARIABLES}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key():
    assert import_settings(DEBUG="0", SECRET_KEY=A_SECRET_KEY).returncode == 0


def booleans_under(**env) -> dict[str, bool]:
    code = (
        "import json, ftzportal.settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {BOOLEAN_VARIABLES!r}}}))"
    )
    result = import_settings(code, SECRET_KEY=A_SECRET_KEY, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", BOOLEAN_VARIABLES)
def test_a_boolean_that_is_not_one_stops_the_start(name):
    # django-environ read `ture` as False: a typo switched secure cookies off in silence.
    result = import_settings(**{"DEBUG": "0", "SECRET_KEY": A_SECRET_KEY, name: "ture"})
    assert result.returncode != 0
    assert (
        f"ImproperlyConfigured: {name} must be a boolean, not 'ture'. "
        "Accepted values, in any case: 1/true/yes/on (on) or 0/false/no/off (off)."
    ) in result.stderr


def test_every_spelling_of_on_in_any_case_reads_as_on():
    # With DEBUG on every other default is off, so each True below was read from its variable.
    values = booleans_under(
        DEBUG="True",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="YES",
        SECURE_HSTS_PRELOAD="On",
        SESSION_COOKIE_SECURE="true",
        CSRF_COOKIE_SECURE="yes",
        EMAIL_USE_TLS="ON",
    )
    assert values == dict.fromkeys(BOOLEAN_VARIABLES, True)


def test_every_spelling_of_off_in_any_case_reads_as_off():
    # With DEBUG off the HTTPS settings default to on, so each False was read from its variable.
    values = booleans_under(
        DEBUG="FALSE",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="No",
        SECURE_HSTS_PRELOAD="OFF",
        SESSION_COOKIE_SECURE="off",
        CSRF_COOKIE_SECURE="false",
        EMAIL_USE_TLS="no",
    )
    assert values == dict.fromkeys(BOOLEAN_VARIABLES, False)


def test_an_empty_boolean_takes_its_default():
    # `SESSION_COOKIE_SECURE=` in an env file means unset: production keeps secure cookies.
    values = booleans_under(DEBUG="0", SESSION_COOKIE_SECURE="", CSRF_COOKIE_SECURE="  ")
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


def test_times_are_aware_and_shown_in_the_zones_local_time():
    # 16:30 UTC on 31 October 2023 is already 1 November in Xinjiang (Beijing time, UTC+8).
    moment = datetime.datetime(2023, 10, 31, 16, 30, tzinfo=datetime.UTC)
    shown = Template("{{ moment|date:'Y-m-d H:i' }}").render(Context({"moment": moment}))
    assert shown == "2023-11-01 00:30"
    assert timezone.is_aware(timezone.now())


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    # The test database lives in memory, where SQLite cannot use WAL: open a file database
    # through the real settings in a fresh process, as the server would.
    database = tmp_path / "portal.sqlite3"
    code = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    print(json.dumps([journal_mode, cursor.fetchone()[0]]))
"""
    result = import_settings(
        code,
        DJANGO_SETTINGS_MODULE="ftzportal.settings",
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY=A_SECRET_KEY,
    )
    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout_ms = json.loads(result.stdout)
    assert journal_mode == "wal"
    assert busy_timeout_ms >= 20000
    # WAL is a property of the file: any later connection finds it, not only Django's.
    with closing(sqlite3.connect(database)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def database_options(**env) -> dict:
    code = "import json, ftzportal.settings as s; print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    result = import_settings(code, SECRET_KEY=A_SECRET_KEY, DATABASE_URL="postgres://u@db.example:5432/ftz", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_web_requests_get_short_database_timeouts_and_commands_longer_ones():
    web = database_options(FTZPORTAL_PROCESS="web")
    assert web["connect_timeout"] == 3
    assert web["options"] == "-c statement_timeout=5000"
    command = database_options(FTZPORTAL_PROCESS="command")
    assert command["connect_timeout"] == 10
    assert "statement_timeout" not in command.get("options", "")


def test_the_wsgi_entry_point_marks_the_process_as_web():
    code = "import os, ftzportal.wsgi, django.conf as c; print(c.settings.FTZPORTAL_PROCESS)"
    result = import_settings(code, SECRET_KEY=A_SECRET_KEY, DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "web"
