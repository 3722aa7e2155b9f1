"""The admin's brute-force lockout still holds with every production security setting on,
over HTTPS behind a proxy, with CSRF enforced as a browser would meet it."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
PRODUCTION_SECURITY = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "ALLOWED_HOSTS": ["portal.example.org"],
}
HOST = "portal.example.org"


def https_client() -> Client:
    return Client(
        enforce_csrf_checks=True,
        headers={"X-Forwarded-Proto": "https", "Origin": f"https://{HOST}", "Host": HOST},
        SERVER_NAME=HOST,
    )


def attempt_login(client: Client, username: str, password: str):
    login_url = reverse("admin:login")
    client.get(login_url)
    token = client.cookies["csrftoken"].value
    return client.post(
        login_url,
        {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": reverse("admin:index")},
        headers={"Referer": f"https://{HOST}{login_url}"},
    )


@pytest.mark.django_db
@override_settings(**PRODUCTION_SECURITY)
def test_correct_password_logs_in_over_https_with_production_settings():
    UserFactory(username="curator", is_staff=True)
    response = attempt_login(https_client(), "curator", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:index")
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_SECURITY)
def test_lockout_holds_under_production_settings():
    UserFactory(username="curator", is_staff=True)
    client = https_client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = attempt_login(client, "curator", "wrong password")
        assert response.status_code in {200, 429}

    response = attempt_login(client, "curator", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "noindex" in response.headers["X-Robots-Tag"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_SECURITY)
def test_admin_over_plain_http_is_redirected_to_https():
    client = Client(SERVER_NAME=HOST, headers={"Host": HOST})
    response = client.get(reverse("admin:login"))
    assert response.status_code == 301
    assert response.headers["Location"].startswith(f"https://{HOST}/")
