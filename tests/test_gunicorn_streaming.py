"""deploy/gunicorn.conf.py lets a response stream for longer than the worker timeout: a
CSV of millions of rows streams for minutes, and a worker that is killed mid-stream cuts
the file short. Proven with a real gunicorn given a 2-second timeout and a response that
streams for 5 seconds."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.slow_stream_wsgi import STREAM_SECONDS

REPO = Path(__file__).resolve().parent.parent
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
WORKER_TIMEOUT = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, server: subprocess.Popen, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited before listening"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not listen in time")


def test_a_response_streaming_longer_than_the_worker_timeout_is_sent_to_its_end(tmp_path):
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF)),
        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", str(WORKER_TIMEOUT)),
        "tests.slow_stream_wsgi:application",
    ]
    with (tmp_path / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_listening(port, server)
            started = time.monotonic()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=STREAM_SECONDS + 10) as response:
                body = response.read()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert elapsed > WORKER_TIMEOUT + 1, "the stream must outlast the timeout for the test to mean anything"
    assert body.endswith(b"end\n"), (tmp_path / "gunicorn.log").read_text()
    assert "WORKER TIMEOUT" not in (tmp_path / "gunicorn.log").read_text()
