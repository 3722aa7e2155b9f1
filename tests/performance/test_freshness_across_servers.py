"""Fresh everywhere: two real app servers (gunicorn, 2 workers each) share one database
and, where configured, one Redis. Both warm their caches with an incentive's page and API
answer; the title is then changed by a separate process (as the admin on one server
would: a model save, whose signal bumps the content version after commit), and every
following request to either server, whichever worker answers, shows the new title.

The servers run production settings with ftzportal.caching.ContentCacheMiddleware (see
server_settings.py), so the test covers the page cache now and whatever else is wired in
later.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from filelock import FileLock, Timeout

REPO = Path(__file__).resolve().parents[2]


def _own_redis_database() -> tuple[int, FileLock]:
    """A Redis database no other test process is using (the tests flush it): pytest-xdist
    workers and CI's SQLite and PostgreSQL passes run side by side. Each process holds
    the lock of its number until it exits; 14 is benchmarks/run.py's, 0 production's."""
    for number in (15, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1):
        lock = FileLock(Path(tempfile.gettempdir()) / f"ftzportal-tests-redis-db-{number}.lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue
        return number, lock
    raise RuntimeError("every Redis database from 1 to 15 is held by another test process")


_REDIS_DATABASE, _REDIS_DATABASE_LOCK = _own_redis_database()
REDIS_URL = f"redis://127.0.0.1:6379/{_REDIS_DATABASE}"
REQUESTS_PER_SERVER = 8
SLUG = "freshness-check"
OLD_TITLE = "Freshness check: original title"
NEW_TITLE = "Freshness check: edited title"
PAGE = f"/incentives/{SLUG}/"
API = f"/api/v1/incentives/{SLUG}/"

pytestmark = pytest.mark.django_db(transaction=True)


def redis_available() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(tmp_path: Path) -> str:
    """The test database for PostgreSQL (committed data: transaction=True); a SQLite file
    made for this test otherwise (pytest-django's SQLite test database lives in memory)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        return (
            f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    return f"sqlite:///{tmp_path / 'freshness.sqlite3'}"


def manage(env: dict, *args: str, timeout: float = 60) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


CREATE_INCENTIVE = f"""
from django.utils import timezone
from zones.models import Incentive
Incentive.objects.filter(slug={SLUG!r}).delete()
Incentive.objects.create(slug={SLUG!r}, title={OLD_TITLE!r}, category="tax",
    publication_status="published", published_at=timezone.now())
"""

EDIT_TITLE = f"""
from zones.models import Incentive
incentive = Incentive.objects.get(slug={SLUG!r})
incentive.title = {NEW_TITLE!r}
incentive.save()
"""


def get(port: int, path: str) -> tuple[int, str, str]:
    # A new connection per request, so the kernel hands requests to either worker.
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), ""


def start_server(port: int, env: dict, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "ftzportal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--timeout",
        "20",
    ]
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_until_up(server: subprocess.Popen, port: int, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{log.read_text()[-2000:]}"
        try:
            get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn on port {port} did not start in time:\n{log.read_text()[-2000:]}")


# Each database with the cache it is deployed with: Redis beside PostgreSQL (production),
# each process's local memory beside SQLite (the quickstart). CI runs both passes; each
# pairing's servers take 20-40 s to start, load and check.
PAIRED_CACHE = "redis" if connection.vendor == "postgresql" else "locmem"


@pytest.mark.parametrize("cache", [PAIRED_CACHE])
def test_edit_through_one_server_is_seen_by_every_worker_of_the_other(cache, tmp_path):
    if cache == "redis" and not redis_available():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (REQUIRE_REDIS=1) but {REDIS_URL} does not answer")
        pytest.skip(f"Redis at {REDIS_URL} does not answer")
    if cache == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.performance.server_settings",
        "DEBUG": "0",
        "SECRET_KEY": "freshness-test-only-secret-key-0b3f6c2d9e",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(tmp_path),
        "CACHE_URL": REDIS_URL if cache == "redis" else "locmemcache://freshness",
        "API_ANON_RATE": "100000/minute",
        "LOG_LEVEL": "WARNING",
    }
    if connection.vendor != "postgresql":
        manage(env, "migrate", "--noinput", "-v0", timeout=120)
    manage(env, "shell", "-c", CREATE_INCENTIVE)

    servers, ports, logs = [], [free_port(), free_port()], []
    try:
        for index, port in enumerate(ports):
            logs.append(Path(tempfile.mkdtemp(dir=tmp_path)) / f"server-{index}.log")
            servers.append(start_server(port, env, logs[-1]))
        deadline = time.monotonic() + 30
        for server, port, log in zip(servers, ports, logs, strict=True):
            wait_until_up(server, port, log, deadline)

        paths = [PAGE, API]
        cache_states = set()
        for port in ports:
            for path in paths:
                for _ in range(REQUESTS_PER_SERVER):
                    status, body, cache_state = get(port, path)
                    assert status == 200, f"{path} on {port}: {status}"
                    assert OLD_TITLE in body
                    cache_states.add(cache_state)
        # The warm-up really filled a cache (the page cache at least), so the check below
        # is about stale entries, not about a site that caches nothing.
        assert "HIT" in cache_states

        manage(env, "shell", "-c", EDIT_TITLE)

        server_b = ports[1]
        for path in paths:
            for _ in range(REQUESTS_PER_SERVER):
                status, body, _cache_state = get(server_b, path)
                assert status == 200
                assert NEW_TITLE in body and OLD_TITLE not in body, f"stale {path} from the second server"
        for path in paths:
            for _ in range(REQUESTS_PER_SERVER):
                assert NEW_TITLE in get(ports[0], path)[1]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
