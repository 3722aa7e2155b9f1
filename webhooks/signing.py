"""How a webhook is signed (documented in docs/partner-api.md, "Webhooks").

    X-FTZ-Timestamp: <unix seconds>
    X-FTZ-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the endpoint's secret>

A receiver recomputes the HMAC over the raw body it received, compares in constant time,
and refuses timestamps more than five minutes away from its clock (replays).
"""

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
    timestamp = int(now if now is not None else time.time())
    return {"X-FTZ-Timestamp": str(timestamp), "X-FTZ-Signature": signature(secret, timestamp, body)}
