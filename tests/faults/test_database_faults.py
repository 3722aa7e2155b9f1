"""A sick database gets a clear answer fast: gunicorn reaches PostgreSQL through a TCP
proxy (tests/faults/tcp_proxy.py) that stalls (connections held open, nothing forwarded:
a frozen server or a black-holed network) and drops (every connection closed, new ones
refused). Pages that need the database answer 503 with Retry-After within the deadline,
in the visitor's language (the API in its JSON error shape); pages in the cache (Redis)
are still served; /healthz says so within its own shorter deadline (GET and HEAD); once
the database is reachable again the site answers normally, with no restart.

PostgreSQL only: SQLite is a file opened by the app server itself, with no connection to
stall or drop (its busy timeout covers locks). Figures are printed (pytest -s)."""

import time

import pytest
import requests
from django.db import connection

from tests.factories import AreaFactory, IncentiveFactory

from .servers import AppServer, database_url, prepare_database, server_env
from .tcp_proxy import DROP, FORWARD, STALL, TcpProxy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.serial]

# Short deadlines so the test runs in seconds (production: 8 s, 3 s, 2 s).
REQUEST_TIMEOUT = 2
CONNECT_TIMEOUT = 2  # libpq's minimum
HEALTHZ_TIMEOUT = 1
RETRY_AFTER = "30"
# A stalled persistent connection is shut at the request's deadline; opening a new one
# then waits at most the connect timeout. Slack for a machine shared with other jobs.
WORST_503_SECONDS = REQUEST_TIMEOUT + CONNECT_TIMEOUT + 1.5
WORST_HEALTHZ_SECONDS = HEALTHZ_TIMEOUT + CONNECT_TIMEOUT + 1.5


@pytest.fixture
def proxied_site(tmp_path, settings, redis_server):
    if connection.vendor != "postgresql":
        pytest.skip(
            "The database proxy stands in front of PostgreSQL's TCP port; SQLite is a file with no "
            "connection to stall or drop. CI runs this test in its PostgreSQL pass."
        )
    area = AreaFactory(slug="fault-area", name="Fault Area")
    incentives = [IncentiveFactory(areas=[area]) for _ in range(4)]
    prepare_database(tmp_path, settings)
    database = connection.settings_dict
    proxy = TcpProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    env = server_env(
        database_url(tmp_path, host="127.0.0.1", port=proxy.port),
        CACHE_URL=f"{redis_server.url}/0",
        DATABASE_REQUEST_TIMEOUT=str(REQUEST_TIMEOUT),
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        HEALTHZ_DATABASE_TIMEOUT=str(HEALTHZ_TIMEOUT),
        RETRY_AFTER_SECONDS=RETRY_AFTER,
    )
    server = AppServer(env, tmp_path / "gunicorn.log")
    yield server, proxy, area, incentives
    server.stop()
    proxy.close()


def timed(method: str, url: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.request(method, url, timeout=30, allow_redirects=False)
    return response, time.monotonic() - started


def until_ok(url: str, within: float = 15) -> tuple[int, float]:
    """Requests `url` until it answers 200; the last status and how long it took."""
    started = time.monotonic()
    status = 0
    while time.monotonic() - started < within:
        status = requests.get(url, timeout=30).status_code
        if status == 200:
            break
        time.sleep(0.2)
    return status, time.monotonic() - started


def assert_unavailable(server, path: str, worst: float = WORST_503_SECONDS) -> float:
    response, seconds = timed("GET", server.url(path))
    assert response.status_code == 503, (path, response.status_code, response.text[:300])
    assert response.headers["Retry-After"] == RETRY_AFTER
    assert seconds < worst, f"{path}: 503 after {seconds:.2f} s"
    return seconds


def assert_cached_page_served(server, path: str) -> float:
    response, seconds = timed("GET", server.url(path))
    assert response.status_code == 200 and response.headers.get("X-Cache") == "HIT", path
    assert seconds < 1.5, f"cached {path} took {seconds:.2f} s"
    return seconds


def test_stalled_and_dropped_database_give_fast_503s_cached_pages_and_recovery(proxied_site):
    server, proxy, area, incentives = proxied_site
    cached = "/incentives/"
    for _ in range(3):  # stored by one worker, in Redis for both
        requests.get(server.url(cached), timeout=30)
    assert requests.get(server.url(cached), timeout=30).headers.get("X-Cache") == "HIT"
    figures = []

    proxy.set_mode(STALL)
    figures.append(("stall: uncached page 503", assert_unavailable(server, f"/incentives/{incentives[0].slug}/")))
    figures.append(("stall: cached page 200", assert_cached_page_served(server, cached)))
    russian = requests.get(server.url(f"/ru/incentives/{incentives[1].slug}/"), timeout=30)
    assert russian.status_code == 503 and "Портал ненадолго недоступен" in russian.text
    assert '<html lang="ru">' in russian.text
    api, seconds = timed("GET", server.url(f"/api/v1/incentives/{incentives[2].slug}/"))
    assert api.status_code == 503 and api.json()["errors"][0]["code"] == "unavailable"
    assert api.headers["Retry-After"] == RETRY_AFTER
    figures.append(("stall: API 503", seconds))
    health, seconds = timed("GET", server.url("/healthz"))
    assert health.status_code == 503 and health.json()["database"] == "failing"
    assert seconds < WORST_HEALTHZ_SECONDS, f"/healthz took {seconds:.2f} s"
    figures.append(("stall: /healthz 503", seconds))
    head, seconds = timed("HEAD", server.url("/healthz"))
    assert head.status_code == 503 and seconds < WORST_HEALTHZ_SECONDS
    figures.append(("stall: HEAD /healthz 503", seconds))

    proxy.set_mode(FORWARD)
    status, seconds = until_ok(server.url(f"/incentives/{incentives[0].slug}/"))
    assert status == 200, "no recovery after the stall"
    figures.append(("stall over: page 200 again after", seconds))

    proxy.set_mode(DROP)
    figures.append(("drop: uncached page 503", assert_unavailable(server, f"/areas/{area.slug}/", worst=2.5)))
    figures.append(("drop: cached page 200", assert_cached_page_served(server, cached)))
    health, seconds = timed("GET", server.url("/healthz"))
    assert health.status_code == 503 and seconds < 2.5
    figures.append(("drop: /healthz 503", seconds))

    proxy.set_mode(FORWARD)
    status, seconds = until_ok(server.url(f"/areas/{area.slug}/"))
    assert status == 200, "no recovery after the drop"
    figures.append(("drop over: page 200 again after", seconds))
    assert requests.get(server.url("/healthz"), timeout=30).json() == {"status": "ok", "database": "ok", "cache": "ok"}
    print("\n".join(f"{name}: {seconds:.2f} s" for name, seconds in figures))
