"""Who the client is: one answer for every per-address rule.

The form rate limits (django-ratelimit, RATELIMIT_IP_META_KEY), the admin login lockout
(django-axes, AXES_CLIENT_IP_CALLABLE) and the API's anonymous throttle all call
`client_ip`. Behind nginx every request reaches the app from the proxy's own address, so
without this all visitors would share one limit, and five failed logins by anyone would
lock a member of staff out.

TRUSTED_PROXY_CLIENT_IP_HEADER names the header the trusted proxy sets to the address it
saw (deploy/nginx.conf: `proxy_set_header X-Real-IP $remote_addr;`). Empty (the default)
means no proxy: the peer address is the client and such headers are ignored, since a
client could otherwise choose a new address with every request. Set it only where every
request passes the proxy (gunicorn on loopback, as deploy/gunicorn.conf.py has it).
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# The bucket of a request whose address cannot be known (e.g. a Unix-socket peer with no
# header): such requests share one limit rather than fail.
UNKNOWN_ADDRESS = "0.0.0.0"


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address: the one the trusted proxy names, else the peer's.

    A list (X-Forwarded-For) counts by its last entry, the one the proxy added itself.
    When the proxy's header is missing or is not an address (a request that bypassed
    the proxy, a proxy set up without it) the peer address is used and a warning logged:
    a wrong set-up shows in the log, not as a 500 on every form."""
    peer = request.META.get("REMOTE_ADDR") or ""
    header = settings.TRUSTED_PROXY_CLIENT_IP_HEADER
    if header:
        named = _address(request.headers.get(header, "").rsplit(",", 1)[-1])
        if named is not None:
            return named
        logger.warning(
            "The trusted proxy's header %s is missing or not an address; counting by the peer address. "
            "Check that every request passes the proxy and that it sets the header.",
            header,
        )
    return _address(peer) or UNKNOWN_ADDRESS
