"""Real processes for the fault tests: a private redis-server, gunicorn app servers on
production settings, and a small load generator that records every answer."""

import contextlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection

from ftzportal import settings as production_settings

PRODUCTION_RATE_LIMIT_CACHE = production_settings.CACHES["ratelimit"]

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(tmp_path: Path, *, host: str | None = None, port: int | None = None) -> str:
    """The test database for PostgreSQL (committed data: transaction=True), optionally
    reached through another host/port (a proxy); a SQLite file made for the test otherwise."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        host = host or settings["HOST"] or "127.0.0.1"
        port = port or settings["PORT"] or 5432
        return f"postgres://{credentials}@{host}:{port}/{settings['NAME']}"
    return f"sqlite:///{tmp_path / 'faults.sqlite3'}"


def server_env(database: str, **overrides: str) -> dict:
    """Production settings (DEBUG off), generous rate limits so that load is not refused."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.performance.server_settings",
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-only-secret-key-5d1e0c7b9a",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": database,
        "API_ANON_RATE": "100000/minute",
        "INQUIRY_RATE_LIMIT": "100000/h",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
        **overrides,
    }


def prepare_database(tmp_path: Path, settings) -> str:
    """The DATABASE_URL for the app servers, holding what the test has committed so far:
    the test database itself on PostgreSQL; on SQLite (whose test database lives in this
    process's memory) a file copy of it. Adds the forms' rate-limit table, which the test
    settings do not declare (production keeps it in the database)."""
    settings.CACHES = {**settings.CACHES, "ratelimit": PRODUCTION_RATE_LIMIT_CACHE}
    call_command("createcachetable", database="default", verbosity=0)
    if connection.vendor == "postgresql":
        return database_url(tmp_path)
    copy = sqlite3.connect(tmp_path / "faults.sqlite3")
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    return database_url(tmp_path)


def stored_inquiries(database: str) -> int:
    """Inquiries in the app servers' database (the SQLite copy is not this process's)."""
    if database.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(database.removeprefix("sqlite:///"))) as copy:
            return copy.execute("SELECT COUNT(*) FROM investments_inquiry").fetchone()[0]
    from investments.models import Inquiry

    return Inquiry.objects.count()


class RedisServer:
    """A private redis-server on a free port, without persistence."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.tmp_path = tmp_path
        self.process = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.tmp_path), "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=5)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=5)


class AppServer:
    """gunicorn with the site's WSGI application (FTZPORTAL_PROCESS=web: web timeouts)."""

    def __init__(self, env: dict, log: Path, workers: int = 2):
        self.port = free_port()
        self.log = log
        command = [str(BIN / "gunicorn"), "ftzportal.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--timeout", "30"]
        with log.open("wb") as output:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{log.read_text()[-3000:]}"
            try:
                requests.head(self.url("/healthz"), timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"gunicorn did not start in time:\n{log.read_text()[-3000:]}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    kind: str
    status: int  # 0: no answer (connection error or client timeout)
    seconds: float
    cache: str = ""


@dataclass
class Load:
    """Clients sending a mix of page, API and inquiry requests until stopped."""

    server: AppServer
    paths: dict[str, list[str]]
    clients: int = 3
    answers: list[Answer] = field(default_factory=list)
    inquiries_accepted: int = 0

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.clients)]
        self.turns = [0] * self.clients

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _record(self, kind: str, send, *args, **kwargs) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = send(*args, timeout=10, allow_redirects=False, **kwargs)
        except requests.RequestException:
            response = None
        answer = Answer(kind, response.status_code if response is not None else 0, time.monotonic() - started)
        if response is not None:
            answer.cache = response.headers.get("X-Cache", "")
        with self._lock:
            self.answers.append(answer)
        return response

    def _run(self, number: int) -> None:
        session = requests.Session()
        turn = 0
        while not self._stop.is_set():
            turn += 1
            for kind, paths in self.paths.items():
                self._record(kind, session.get, self.server.url(paths[turn % len(paths)]))
            self._inquire(session, f"{number}-{turn}")
            with self._lock:
                self.turns[number] = turn

    def wait_for_turns(self, turns: int, timeout: float = 60) -> None:
        """Until every client has sent every kind of request `turns` times."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and min(self.turns) < turns:
            time.sleep(0.05)

    def _inquire(self, session: requests.Session, label: str) -> None:
        form = self._record("inquiry form", session.get, self.server.url("/inquire/"))
        if form is None or form.status_code != 200:
            return
        token = CSRF_INPUT.search(form.text).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "name": f"Fault test {label}",
            "email": "fault.test@example.com",
            "company": "Fault Test LLC",
            "country": "KZ",
            "message": "An inquiry sent while a backing service fails.",
            "consent": "on",
        }
        sent = self._record("inquiry post", session.post, self.server.url("/inquire/"), data=data)
        if sent is not None and sent.status_code == 302:
            with self._lock:
                self.inquiries_accepted += 1

    def summary(self) -> str:
        lines = []
        for kind in sorted({answer.kind for answer in self.answers}):
            of_kind = [answer for answer in self.answers if answer.kind == kind]
            statuses = {}
            for answer in of_kind:
                statuses[answer.status] = statuses.get(answer.status, 0) + 1
            slowest = max(answer.seconds for answer in of_kind)
            hits = sum(answer.cache == "HIT" for answer in of_kind)
            lines.append(
                f"{kind}: {len(of_kind)} requests, statuses {statuses}, cache hits {hits}, slowest {slowest:.2f} s"
            )
        return "\n".join(lines)
