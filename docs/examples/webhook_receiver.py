"""A webhook receiver for FTZ Portal that keeps a local mirror in sync (Python 3, stdlib).

    FTZ_WEBHOOK_SECRET=whsec_… FTZ_API_KEY=prefix.secret FTZ_MIRROR=mirror.sqlite3 \
        python webhook_receiver.py 8080

For every POST it:
1. verifies the signature (HMAC-SHA256 of "<X-FTZ-Timestamp>.<raw body>" with your secret,
   compared in constant time) and refuses a timestamp more than 5 minutes off (replays);
2. skips a delivery it has already processed (X-FTZ-Delivery is the idempotency key: a
   retried or redelivered event carries the same one);
3. applies the event to the mirror: for created/published/updated it fetches the entry's
   `url` with your API key and stores it; for a tombstone (unpublished/deleted) it removes
   the entry; then it remembers the event's cursor;
4. answers 204 only after the mirror is written: any other answer makes the portal send
   the same event again later, and hold back the events after it (they arrive in order).
"""

import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


def verify(secret: str, timestamp: str, signature: str, body: bytes, *, now: float | None = None) -> bool:
    """True when the body was signed with `secret` at `timestamp`, within the tolerance."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - sent_at) > TOLERANCE_SECONDS:
        return False
    expected = "v1=" + hmac.new(secret.encode(), f"{sent_at}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


class Mirror:
    def __init__(self, path: str, api_key: str):
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS entry (resource TEXT, slug TEXT, body TEXT, PRIMARY KEY (resource, slug));"
            "CREATE TABLE IF NOT EXISTS seen (delivery TEXT PRIMARY KEY, cursor INTEGER);"
        )
        self.api_key = api_key

    def seen(self, delivery: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE delivery = ?", (delivery,)).fetchone() is not None

    def apply(self, delivery: str, event: dict) -> None:
        if event["action"] == "test":
            return
        if event["tombstone"]:
            body = None
        else:
            request = urllib.request.Request(event["url"], headers={"Authorization": f"Api-Key {self.api_key}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read().decode()
        self.db.execute("BEGIN")
        if body is None:
            self.db.execute("DELETE FROM entry WHERE resource = ? AND slug = ?", (event["resource"], event["slug"]))
        else:
            self.db.execute("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", (event["resource"], event["slug"], body))
        self.db.execute("INSERT INTO seen VALUES (?, ?)", (delivery, event["cursor"]))
        self.db.execute("COMMIT")


def make_handler(secret: str, mirror: Mirror):
    class WebhookHandler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not verify(secret, self.headers.get("X-FTZ-Timestamp"), self.headers.get("X-FTZ-Signature"), body):
                return self._answer(401)
            delivery = self.headers.get("X-FTZ-Delivery", "")
            if not mirror.seen(delivery):
                mirror.apply(delivery, json.loads(body))
            self._answer(204)

        def _answer(self, status: int):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return WebhookHandler


def serve(port: int, secret: str, mirror: Mirror, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(secret, mirror))


if __name__ == "__main__":
    mirror = Mirror(os.environ.get("FTZ_MIRROR", "mirror.sqlite3"), os.environ["FTZ_API_KEY"])
    serve(int(sys.argv[1]), os.environ["FTZ_WEBHOOK_SECRET"], mirror).serve_forever()
