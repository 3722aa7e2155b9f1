import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import translation

from ftzportal.caching import clear_process_memos


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache. The content version lives in the database,
    which is rolled back between tests, so without this a response cached by one test
    under version 0 could be served to the next. The same goes for what processes keep
    per version, and for the forms' rate-limit counters."""
    cache.clear()
    caches["ratelimit"].clear()
    clear_process_memos()
    yield
    cache.clear()
    caches["ratelimit"].clear()
    clear_process_memos()


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Each test starts in English. A request under /ru/ or /zh-hans/ leaves its language
    active in the test thread, and factories would then write the next test's names into
    the Russian or Chinese columns instead of the English ones."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def collected_static():
    """Static files collected as production serves them (hashed, compressed), for the tests
    that start gunicorn in its own process. Collecting takes most of a minute (every file
    compressed twice), so one copy per content is kept in the system's temporary directory
    and shared by every pytest-xdist worker and run: its name is a digest of what goes
    into it (the project's static files, the settings, the pinned requirements)."""
    import hashlib
    import os
    import shutil
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from filelock import FileLock

    project = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    static_files = sorted(path for path in (project / "static").rglob("*") if path.is_file())
    for source in [project / "requirements.txt", project / "ftzportal" / "settings.py", *static_files]:
        digest.update(str(source.relative_to(project)).encode() + b"\0" + source.read_bytes())
    root = Path(tempfile.gettempdir()) / f"ftzportal-collected-static-{digest.hexdigest()[:16]}"
    with FileLock(f"{root}.lock"):
        if not (root / "staticfiles.json").exists():
            partial = Path(tempfile.mkdtemp(prefix=f"{root.name}-partial-", dir=root.parent))
            env = {
                name: value
                for name, value in os.environ.items()
                if name not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
            }
            env.update(DJANGO_SETTINGS_MODULE="ftzportal.settings", DEBUG="0", SECRET_KEY="collectstatic")
            env["STATIC_ROOT"] = str(partial)
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                cwd=project,
                env=env,
                check=True,
                timeout=600,
            )
            shutil.rmtree(root, ignore_errors=True)
            partial.rename(root)
    return root


@pytest.fixture
def deliver_mail(db):
    """Runs what the worker runs: sends every queued mail that is due (into mail.outbox),
    and returns how each went ({"sent": 2}). Pages and services only queue mails."""
    from ftzportal.outbox import deliver_due

    return deliver_due


@pytest.fixture
def real_data(db):
    """The zone's real data, as `manage.py load_ftz_data` loads it."""
    call_command("load_ftz_data", verbosity=0)


@pytest.fixture
def kashgar(real_data):
    from zones.models import Area

    return Area.objects.get(slug="kashgar")


# --- CI's PostgreSQL pass -----------------------------------------------------------------

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (a database fixture, the django_db mark, or a "
        "serial test's own server), and not those marked one_database: a second pass on another database "
        "leaves out what cannot differ.",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept, left_out = [], []
    for item in items:
        uses_database = (
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
            or item.get_closest_marker("django_db")
            or item.get_closest_marker("serial")
        ) and not item.get_closest_marker("one_database")
        (kept if uses_database else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
