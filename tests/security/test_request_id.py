"""Every response carries a request id, and every log line written for it names it,
without query strings, bodies or e-mail addresses."""

import io
import logging

import pytest
from django.test import Client

INVESTOR_EMAIL = "investor.secret@example.com"


@pytest.fixture
def log_output():
    """What the configured console handler (settings.LOGGING) writes, as text."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
def test_response_carries_a_generated_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.django_db
def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert response.headers["X-Request-ID"] == "lb-7f3a9c21-0001"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile",
    ["x" * 500, "abc", 'id" level=CRITICAL msg="forged', "id\nlevel=ERROR", "<script>alert(1)</script>"],
    ids=["too long", "too short", "log injection", "newline", "markup"],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, hostile):
    response = client.get("/healthz", headers={"X-Request-ID": hostile})
    assert response.headers["X-Request-ID"] != hostile
    assert len(response.headers["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_log_line_of_a_request_carries_its_request_id(client, log_output):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    request_id = response.headers["X-Request-ID"]
    line = next(line for line in log_output.getvalue().splitlines() if "Not Found" in line)
    assert f"request_id={request_id}" in line
    assert "level=WARNING" in line


@pytest.mark.django_db
@pytest.mark.urls("tests.security.failing_urls")
def test_server_error_is_logged_with_context_but_no_personal_data(log_output):
    client = Client(raise_request_exception=False)
    response = client.post("/broken/?token=s3cr3t-token", {"email": INVESTOR_EMAIL, "message": "private body text"})
    assert response.status_code == 500
    written = log_output.getvalue()
    request_id = response.headers["X-Request-ID"]
    summary = next(line for line in written.splitlines() if "logger=ftzportal.request" in line)
    assert "method=POST" in summary
    assert "path=/broken/" in summary
    assert "status=500" in summary
    assert f"request_id={request_id}" in summary
    assert "RuntimeError" in written, "the traceback is kept for operators"
    assert INVESTOR_EMAIL not in written
    assert "s3cr3t-token" not in written
    assert "private body text" not in written


def test_log_lines_outside_a_request_say_so(log_output):
    logging.getLogger("ftzportal.test").warning("background job finished")
    assert "request_id=- " in log_output.getvalue()
