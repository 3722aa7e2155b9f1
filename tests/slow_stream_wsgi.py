"""A WSGI app that streams one line every half second for STREAM_SECONDS: longer than the
short worker timeout tests/test_gunicorn_streaming.py gives gunicorn. No Django, so the
test measures the server's settings and nothing else."""

import time

STREAM_SECONDS = 5
LINE = b"x" * 63 + b"\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return lines()


def lines():
    deadline = time.monotonic() + STREAM_SECONDS
    while time.monotonic() < deadline:
        yield LINE
        time.sleep(0.5)
    yield b"end\n"
