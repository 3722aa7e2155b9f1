"""Post inquiries from many concurrent clients to gunicorn; check none is lost or doubled.

    .venv/bin/python benchmarks/concurrent_inquiries.py                 # SQLite, own temp file
    .venv/bin/python benchmarks/concurrent_inquiries.py \\
        --database-url postgres://postgres@127.0.0.1:5432/ftz_concurrency --create-database

Starts gunicorn with production settings (DEBUG off, HTTPS as seen behind a proxy: every
request carries X-Forwarded-Proto: https) on a loopback port, migrates the database first,
then each client fetches the inquiry form with its CSRF token and posts its share of the
inquiries through the website form, as a browser would. The inquiry rate limit is raised
for the run (INQUIRY_RATE_LIMIT), handlers' notifications go to an in-memory mail backend.

Bounded: a fixed number of inquiries, one overall deadline (--timeout), loopback only; the
server is stopped whatever happens. Exits 0 only if exactly the posted number of rows was
stored (each with one queued notification) and no response was a 5xx; prints a one-line summary.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SET_COOKIE_CSRF = re.compile(r"csrftoken=([^;]+)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inquiries", type=int, default=200, help="Inquiries to post in total (at most 1000).")
    parser.add_argument("--clients", type=int, default=20, help="Concurrent clients (at most 50).")
    parser.add_argument("--workers", type=int, default=3, help="Gunicorn worker processes (2-4).")
    parser.add_argument("--port", type=int, default=8731, help="Loopback port for gunicorn (8100-8999).")
    parser.add_argument("--timeout", type=float, default=120, help="Deadline for the whole run, in seconds.")
    parser.add_argument("--database-url", default="", help="Default: a new SQLite file in a temporary directory.")
    parser.add_argument(
        "--static-root",
        default="",
        help="Collected static files to reuse (collectstatic runs only if its manifest is missing).",
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="PostgreSQL only: create the database if missing, and drop it afterwards if it was created.",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.inquiries <= 1000 or not 1 <= args.clients <= 50 or not 2 <= args.workers <= 4:
        parser.error("bounded run: 1-1000 inquiries, 1-50 clients, 2-4 workers")
    if not 8100 <= args.port <= 8999:
        parser.error("--port must be within 8100-8999")
    return args


class Deadline:
    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()

    def check(self, doing: str):
        if self.left() <= 0:
            raise TimeoutError(f"deadline passed while {doing}")


def server_env(database_url: str, port: int, static_root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="ftzportal.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        # Production serves hashed static files, which exist only after collectstatic.
        STATIC_ROOT=str(static_root),
        # As behind the production proxy: HTTPS terminated in front, redirect and secure
        # cookies on; the clients send X-Forwarded-Proto: https.
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{port}",
        INQUIRY_RATE_LIMIT="10000/h",
        INQUIRY_NOTIFICATION_EMAILS="inquiries@benchmark.invalid",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args, timeout: float) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=max(timeout, 1),
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def postgres_admin(database_url: str, statement: str):
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if statement.startswith("SELECT") else None


def ensure_postgres_database(database_url: str) -> bool:
    """Create the database if it does not exist; returns whether it was created."""
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"refusing to create a database with the name {name!r}")
    if postgres_admin(database_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        return False
    postgres_admin(database_url, f'CREATE DATABASE "{name}"')
    return True


def drop_postgres_database(database_url: str):
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    postgres_admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_gunicorn(env, port: int, workers: int, log) -> subprocess.Popen:
    """gunicorn with the production config on a loopback port, its output in `log`."""
    return subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_healthy(port: int, server: subprocess.Popen, deadline: Deadline):
    while True:
        deadline.check("waiting for gunicorn to answer /healthz")
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode} before answering")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)


class Client:
    """One visitor: its own connection and CSRF cookie, like a browser tab."""

    def __init__(self, port: int, number: int, run_id: str):
        self.port, self.number, self.run_id = port, number, run_id
        self.headers = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{port}"}

    def request(self, method, path, body=None, headers=None, timeout=30.0):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie") or "", response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def post_inquiries(self, count: int, deadline: Deadline) -> list[tuple[int, float]]:
        status, set_cookie, html = self.request("GET", "/inquire/", timeout=max(deadline.left(), 1))
        if status != 200:
            return [(status, 0.0)] * count
        cookie, token = SET_COOKIE_CSRF.search(set_cookie).group(1), CSRF_INPUT.search(html).group(1)
        outcomes = []
        for index in range(count):
            deadline.check("posting inquiries")
            form = {
                "name": f"Benchmark Client {self.number}",
                "email": f"client{self.number}.{index}@benchmark.invalid",
                "company": f"bench-{self.run_id}",
                "message": f"Concurrent inquiry {index} from client {self.number}.",
                "consent": "on",
                "website": "",
                "csrfmiddlewaretoken": token,
            }
            started = time.monotonic()
            status, _cookie, _body = self.request(
                "POST",
                "/inquire/",
                body=urllib.parse.urlencode(form),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                    "Origin": f"https://{HOST}:{self.port}",
                    "Referer": f"https://{HOST}:{self.port}/inquire/",
                },
                timeout=max(deadline.left(), 1),
            )
            outcomes.append((status, time.monotonic() - started))
        return outcomes


def stored_rows(env, run_id: str, timeout: float) -> tuple[int, int, int]:
    """(rows stored for this run, distinct e-mails among them, handler notifications queued
    for them in the outbox)."""
    code = (
        "from investments.models import Inquiry; from ftzportal.models import OutboundMail; "
        f"rows = Inquiry.objects.filter(company='bench-{run_id}'); "
        "queued = OutboundMail.objects.filter(topic='inquiry-notification', object_id__in=rows.values('pk')); "
        "print(rows.count(), rows.values('email').distinct().count(), queued.count())"
    )
    output = manage(env, "shell", "-c", code, timeout=timeout).strip().splitlines()[-1]
    stored, distinct, notified = (int(value) for value in output.split())
    return stored, distinct, notified


def stop(server: subprocess.Popen):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def run(args) -> int:
    deadline = Deadline(args.timeout)
    run_id = secrets.token_hex(4)
    temp_dir = Path(tempfile.mkdtemp(prefix="ftz-concurrency-"))
    database_url = args.database_url or f"sqlite:///{temp_dir / 'inquiries.sqlite3'}"
    backend = "postgresql" if database_url.startswith(("postgres://", "postgresql://")) else "sqlite"
    created_database = False
    server = None
    log_path = temp_dir / "gunicorn.log"
    try:
        if args.create_database and backend == "postgresql":
            created_database = ensure_postgres_database(database_url)
        static_root = Path(args.static_root) if args.static_root else temp_dir / "static"
        env = server_env(database_url, args.port, static_root)
        manage(env, "migrate", "--noinput", timeout=deadline.left())
        if not (static_root / "staticfiles.json").exists():
            manage(env, "collectstatic", "--noinput", timeout=deadline.left())
        with log_path.open("w") as log:
            server = start_gunicorn(env, args.port, args.workers, log)
        wait_until_healthy(args.port, server, deadline)

        shares = [
            args.inquiries // args.clients + (1 if n < args.inquiries % args.clients else 0)
            for n in range(args.clients)
        ]
        outcomes: list[tuple[int, float]] = []
        lock = threading.Lock()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [
                pool.submit(Client(args.port, number, run_id).post_inquiries, share, deadline)
                for number, share in enumerate(shares)
                if share
            ]
            for future in as_completed(futures, timeout=max(deadline.left(), 1)):
                with lock:
                    outcomes.extend(future.result())
        elapsed = time.monotonic() - started
        stop(server)

        stored, distinct, notified = stored_rows(env, run_id, timeout=max(deadline.left(), 10))
        server_errors = sum(1 for status, _ in outcomes if status >= 500)
        unexpected = sum(1 for status, _ in outcomes if status != 302 and status < 500)
        latencies = sorted(duration * 1000 for _, duration in outcomes)
        ok = (
            len(outcomes) == args.inquiries
            and stored == args.inquiries
            and distinct == args.inquiries
            and notified == args.inquiries
            and server_errors == 0
            and unexpected == 0
        )
        print(
            f"concurrent_inquiries: {'OK' if ok else 'FAILED'} database={backend} workers={args.workers} "
            f"clients={args.clients} posted={len(outcomes)} stored={stored} distinct={distinct} "
            f"notified={notified} 5xx={server_errors} other_non_302={unexpected} elapsed={elapsed:.1f}s "
            f"rate={len(outcomes) / elapsed:.0f}/s p50={statistics.median(latencies):.0f}ms "
            f"p95={latencies[int(len(latencies) * 0.95) - 1]:.0f}ms max={latencies[-1]:.0f}ms"
        )
        if not ok:
            print(log_path.read_text()[-3000:], file=sys.stderr)
        return 0 if ok else 1
    finally:
        if server is not None:
            stop(server)
        if created_database:
            drop_postgres_database(database_url)
        shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run(parse_args()))
