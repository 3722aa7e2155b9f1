"""Where a webhook may be sent: HTTPS (plain HTTP only where WEBHOOK_ALLOW_HTTP is on, as
in development), to a public address. The address is checked when the endpoint is
registered and again at every delivery, after DNS resolution; the request then goes to the
very address that was checked (no second lookup a DNS rebinding could answer differently).
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TargetRefused(ValueError):
    """The URL may not receive webhooks; the message says why, for the partner."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def resolve(url: str) -> Target:
    """The checked target of `url`, or TargetRefused."""
    parts = urlsplit(url)
    allowed_schemes = {"https", "http"} if settings.WEBHOOK_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed_schemes:
        raise TargetRefused(_("Webhook URLs must use HTTPS."))
    if not parts.hostname or parts.username or parts.password:
        raise TargetRefused(_("Webhook URLs need a host name and no user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise TargetRefused(_("The port of this URL is not valid.")) from error
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError) as error:
        raise TargetRefused(_("This host name does not resolve.")) from error
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS and not all(is_public(address) for address in addresses):
        raise TargetRefused(_("Webhooks are only sent to public addresses (not private, loopback or link-local)."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port, path, sorted(addresses)[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # Certificate checked against the host name, though we connect to the checked address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> tuple[int, bytes]:
    """POST to a checked target; returns (status, at most 2 KB of the response body)."""
    target = resolve(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(2048)
    finally:
        connection.close()
