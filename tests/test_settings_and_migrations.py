"""Settings from the environment, and a migration history that matches the models."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent


def import_settings(**env):
    clean_env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import ftzportal.settings"],
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
    assert import_settings(DEBUG="0", SECRET_KEY="x" * 60).returncode == 0


def test_time_zone_is_shanghai_and_aware():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only setting; this run uses " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout_ms = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; a file database must.
    if settings.DATABASES["default"]["NAME"] == ":memory:" or "memory" in str(connection.settings_dict["NAME"]):
        assert journal_mode == "memory"
    else:
        assert journal_mode == "wal"
    assert busy_timeout_ms >= 20000


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
