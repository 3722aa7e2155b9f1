"""Admin login protection (django-axes): repeated failures lock the account out from that
address, with a clear page, until the cool-off period ends."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, password):
    return client.post(
        reverse("admin:login"), {"username": "curator", "password": password, "next": reverse("admin:index")}
    )


@pytest.fixture
def curator():
    return UserFactory(username="curator")


def test_the_admin_lives_at_the_configured_path():
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"


def test_a_correct_password_is_refused_after_the_failure_limit(client, curator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, "wrong password")
    assert response.status_code in (403, 429)
    response = log_in(client, PASSWORD)
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "Sign-in locked" in content
    assert f"{settings.AXES_FAILURE_LIMIT} failed sign-in attempts" in content
    assert client.get(reverse("admin:index")).status_code == 302  # still not signed in


def test_fewer_failures_than_the_limit_do_not_lock(client, curator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong password")
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(curator.pk)


def test_the_lockout_ends_after_the_cool_off(client, curator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong password")
    assert log_in(client, PASSWORD).status_code in (403, 429)
    # Let the cool-off period pass: the failures become older than AXES_COOLOFF_TIME hours.
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off + datetime.timedelta(minutes=1)
        attempt.save()
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(curator.pk)
