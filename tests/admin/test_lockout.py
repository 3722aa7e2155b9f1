"""Admin login protection (django-axes): repeated failures lock the account out from that
address, with a clear page, until the cool-off period ends."""

import datetime
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
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


# --- Behind the proxy (issue 18, point 7) ---------------------------------------------
# Every request reaches the app from nginx's address; nginx names the visitor in X-Real-IP.


def log_in_via_proxy(client, password, visitor: str):
    return client.post(
        reverse("admin:login"),
        {"username": "curator", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="127.0.0.1",
        headers={"X-Real-IP": visitor},
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Real-IP"


def test_failures_from_one_address_do_not_lock_the_account_for_another_behind_the_proxy(client, curator, behind_proxy):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in_via_proxy(client, "wrong password", "203.0.113.66")
    assert response.status_code in (403, 429), "the attacker's address is locked out"
    staff = Client()
    response = log_in_via_proxy(staff, PASSWORD, "198.51.100.10")
    assert response.status_code == 302, "the curator, from their own address, still gets in"
    assert staff.session["_auth_user_id"] == str(curator.pk)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"


def test_behind_the_proxy_the_lock_still_holds_for_the_failing_address(client, curator, behind_proxy):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_via_proxy(client, "wrong password", "203.0.113.66")
    assert log_in_via_proxy(Client(), PASSWORD, "203.0.113.66").status_code in (403, 429)


def test_without_a_trusted_proxy_a_client_cannot_pick_its_address(client, curator, settings):
    # X-Real-IP is read only when the deployment says a proxy sets it; otherwise an
    # attacker would send a new address with every guess.
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = ""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_via_proxy(client, "wrong password", f"203.0.113.{attempt}")
    assert log_in_via_proxy(client, PASSWORD, "203.0.113.200").status_code in (403, 429)


def test_the_lockout_page_tells_staff_how_to_get_unlocked(client, curator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, "wrong password")
    content = response.content.decode()
    assert "axes_reset_username curator" in content
    assert "Publisher" in content


def test_a_publisher_unlocks_a_colleague_in_the_admin(client, curator, make_staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong password")
    attempt = AccessAttempt.objects.get(username="curator")
    publisher = Client()
    publisher.force_login(make_staff("Publisher"))
    delete_url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert publisher.post(delete_url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(Client(), PASSWORD).status_code == 302


def test_a_curator_cannot_clear_login_attempts(curator, make_staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong password")
    other = Client()
    other.force_login(make_staff("Curator", username="other-curator"))
    assert other.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_a_login_with_an_unsafe_next_lands_on_the_admin_index(client, curator, unsafe):
    url = reverse("admin:login") + "?" + urlencode({"next": unsafe})
    response = client.post(url, {"username": "curator", "password": PASSWORD, "next": unsafe})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
