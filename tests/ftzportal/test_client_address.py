"""Who the client is (ftzportal/client_address.py): the address the trusted proxy names in
TRUSTED_PROXY_CLIENT_IP_HEADER, else the peer; the form limits, the admin lockout and the
API throttles all ask it."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ftzportal.client_address import client_ip
from investments.models import Inquiry

PROXY = "127.0.0.1"


def request_from(peer: str = PROXY, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)


def test_without_a_trusted_proxy_the_peer_is_the_client_and_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = ""
    assert client_ip(request_from("198.51.100.7", **{"X-Real-IP": "203.0.113.1"})) == "198.51.100.7"


def test_behind_the_proxy_its_header_names_the_client(settings):
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request_from(**{"X-Real-IP": "203.0.113.1"})) == "203.0.113.1"
    assert client_ip(request_from(**{"X-Real-IP": " 2001:db8::1 "})) == "2001:db8::1"


def test_in_a_forwarded_list_the_entry_the_proxy_added_counts(settings):
    # The client may send X-Forwarded-For itself; the proxy appends the address it saw.
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request_from(**{"X-Forwarded-For": "10.9.9.9, 203.0.113.1"})) == "203.0.113.1"


@pytest.mark.parametrize("value", [None, "", "not-an-address", "203.0.113.1\nforged=1"])
def test_a_missing_or_broken_header_falls_back_to_the_peer_with_a_warning(settings, caplog, value):
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Real-IP"
    headers = {} if value is None else {"X-Real-IP": value}
    with caplog.at_level(logging.WARNING, logger="ftzportal.client_address"):
        assert client_ip(request_from("198.51.100.7", **headers)) == "198.51.100.7"
    assert any("X-Real-IP" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_the_inquiry_form_works_when_the_proxy_header_is_missing(client, settings, caplog):
    # A misconfigured proxy (or a request that bypasses it) must not turn every form POST
    # into a 500: the limit counts per peer address, and the log says what is wrong.
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Real-IP"
    settings.INQUIRY_RATE_LIMIT = "1/h"
    data = {"name": "Rate Test", "email": "rate@example.com", "message": "Hello", "consent": "on", "website": ""}
    with caplog.at_level(logging.WARNING, logger="ftzportal.client_address"):
        assert client.post(reverse("investments:inquiry-create"), data).status_code == 302
        assert client.post(reverse("investments:inquiry-create"), data).status_code == 429
    assert Inquiry.objects.count() == 1
    assert any("X-Real-IP" in record.getMessage() for record in caplog.records)


def test_the_proxy_header_setting_is_read_strictly():
    from tests.ftzportal.test_settings_and_migrations import A_SECRET_KEY, import_settings

    read = "import ftzportal.settings as s; print(s.TRUSTED_PROXY_CLIENT_IP_HEADER)"
    started = import_settings(read, SECRET_KEY=A_SECRET_KEY, TRUSTED_PROXY_CLIENT_IP_HEADER="X-Real-IP")
    assert started.returncode == 0 and started.stdout.strip() == "X-Real-IP"
    # Django's META spelling is not a header name: refused rather than never matched.
    refused = import_settings(SECRET_KEY=A_SECRET_KEY, TRUSTED_PROXY_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
    assert refused.returncode != 0 and "TRUSTED_PROXY_CLIENT_IP_HEADER must be a header name" in refused.stderr
    # The variables it replaces would otherwise be ignored in silence.
    replaced = import_settings(SECRET_KEY=A_SECRET_KEY, RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP")
    assert replaced.returncode != 0 and "replaced by TRUSTED_PROXY_CLIENT_IP_HEADER" in replaced.stderr
