"""/healthz: JSON for load balancers, 503 when the database fails, 200 "degraded" when only
the cache fails (the site works without it), nothing secret; GET and HEAD."""

from unittest import mock

import pytest
from django.db import DatabaseError

SECRET_LOOKING_ERROR = "could not connect to server: password=hunter2 host=db.internal"


@pytest.mark.django_db
def test_healthy_site_answers_ok_for_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/healthz").headers["Cache-Control"]


@pytest.mark.django_db
def test_a_failing_database_gives_503_naming_it_without_the_reason(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError(SECRET_LOOKING_ERROR)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing", "cache": "ok"}
    assert b"hunter2" not in response.content


@pytest.mark.django_db
def test_a_failing_cache_reports_degraded_without_failing_the_site(client):
    with mock.patch("django.core.cache.cache.set", side_effect=ConnectionError(SECRET_LOOKING_ERROR)):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "failing"}
    assert b"hunter2" not in response.content


@pytest.mark.django_db
def test_a_cache_that_loses_writes_is_failing(client):
    with mock.patch("django.core.cache.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "failing"


@pytest.mark.django_db
def test_head_healthz_answers_like_get(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_health_failure_is_logged_for_operators(client, caplog):
    with mock.patch("django.core.cache.cache.set", side_effect=ConnectionError("refused")):
        client.get("/healthz")
    assert any("Health check cache failed" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_health_reveals_no_versions(client):
    body = client.get("/healthz").content.decode()
    assert "version" not in body.lower()
    assert "django" not in body.lower()


@pytest.mark.django_db
def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
