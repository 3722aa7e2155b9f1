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
# 2 processes per core plus one is gunicorn's own advice for blocking (ORM) workloads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threaded workers, not sync: a sync worker tells the arbiter it is alive only between
# requests, so `timeout` kills any response still streaming after it (a CSV of millions
# of rows takes minutes). A gthread worker's main loop tells it every second whatever its
# threads are doing, so a download streams to its end, and the worker's other threads
# serve other visitors meanwhile. Each thread holds its own database connection.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# With gthread this bounds a worker that stopped running its loop, not a request: a
# request's database time is bounded by DATABASE_REQUEST_TIMEOUT (ftzportal/database.py)
# and the statement timeout; no request waits for a mail server (the outbox and
# `run_worker` send mail).
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
