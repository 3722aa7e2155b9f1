"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py`.

Runs behind a TLS-terminating proxy (nginx) on the same host; set in the service
environment: DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CACHE_URL (Redis, so rate
limits and caches are shared by every worker), SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https.
Every value here can be overridden on the command line (e.g. --bind, --workers).
"""

import multiprocessing
import os

wsgi_app = "ftzportal.wsgi:application"
# Loopback only: the proxy is the one public listener.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: Django's ORM and the SMTP client block; 2 per core plus one is gunicorn's
# own advice for such workloads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# No request waits for a mail server (mails go through the outbox and `run_worker`), so
# this only bounds a runaway request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Refuse oversized request lines and headers before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# The proxy on this host sets X-Forwarded-* headers; nobody else is trusted to.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log without client address and without the query string (search terms and
# tokens can be personal), but with the request id to join it with the app's log lines.
accesslog = "-"
errorlog = "-"
access_log_format = (
    'method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s request_id=%({x-request-id}o)s'
)
