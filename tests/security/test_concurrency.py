"""200 inquiries from 20 concurrent clients through gunicorn: exactly 200 rows, no 5xx.

Runs benchmarks/concurrent_inquiries.py (bounded: 200 posts, 120 s deadline, loopback
only, it stops its own server). On SQLite it uses its own temporary file; when the suite
runs on PostgreSQL it creates, uses and drops its own database on the same server.
"""

import os
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

pytestmark = pytest.mark.serial

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_DIR / "benchmarks" / "concurrent_inquiries.py"


def free_port() -> int:
    for port in range(8100 + os.getpid() % 800, 9000):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8999")


def database_args() -> list[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return []
    parts = urllib.parse.urlsplit(url)
    own = urllib.parse.urlunsplit(parts._replace(path=f"/ftz_concurrency_{os.getpid()}"))
    return ["--database-url", own, "--create-database"]


def test_concurrent_inquiries_are_all_stored_once_without_server_errors(collected_static):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--inquiries",
            "200",
            "--clients",
            "20",
            "--port",
            str(free_port()),
            "--static-root",
            str(collected_static),
            *database_args(),
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, summary + "\n" + result.stderr[-3000:]
    assert summary.startswith("concurrent_inquiries: OK")
    assert " posted=200 stored=200 distinct=200 notified=200 5xx=0 " in summary
