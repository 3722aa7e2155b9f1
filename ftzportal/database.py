"""A sick database gets a clear answer fast.

- Connection options (settings): a connect timeout, and a statement timeout that
  PostgreSQL enforces itself; both short for web requests, longer for management commands.
- A client-side deadline (`DatabaseDeadlineMiddleware`): a database that stalls (a frozen
  server, a network path that swallows packets) never answers, so no server-side timeout
  fires and the socket read would wait for gunicorn's worker timeout. A watchdog thread
  shuts the socket of a request's connection when, DATABASE_REQUEST_TIMEOUT seconds after
  the request began, it is still waiting for an answer; the query fails at once (a 503
  after at most that deadline plus the connect timeout, should Django reconnect), Django closes the
  broken connection at the end of the request, and the next request opens a new one (no
  restart needed when the database is back).
- `database_unavailable(exc)`: the errors that mean "the database cannot answer now"
  (connection refused, lost, timed out, statement cancelled), answered with 503 and
  Retry-After (`ftzportal.errors`) instead of a 500.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from psycopg.pq import TransactionStatus

logger = logging.getLogger(__name__)

WATCHDOG_INTERVAL_SECONDS = 0.1


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` says the database cannot answer (rather than a bug in a query)."""
    return isinstance(exc, OperationalError | InterfaceError)


class _Watchdog:
    """One thread per process; requests register (deadline, connection) and unregister."""

    def __init__(self):
        self._lock = threading.Lock()
        self._deadlines: dict[int, tuple[float, object]] = {}
        self._thread = None
        self._pid = None

    def arm(self, seconds: float, alias: str = "default"):
        """Watch the current thread's connection `alias` until `disarm`; returns the
        previous registration, to be restored by `disarm`."""
        self._ensure_thread()
        key = threading.get_ident()
        deadline = time.monotonic() + seconds
        with self._lock:
            previous = self._deadlines.get(key)
            if previous is not None:
                deadline = min(deadline, previous[0])
            self._deadlines[key] = (deadline, connections[alias])
        return previous

    def renew(self, seconds: float) -> None:
        """Move the current thread's deadline, if it has one, to `seconds` from now."""
        key = threading.get_ident()
        with self._lock:
            registered = self._deadlines.get(key)
            if registered is not None:
                self._deadlines[key] = (time.monotonic() + seconds, registered[1])

    def disarm(self, previous=None):
        key = threading.get_ident()
        with self._lock:
            if previous is None:
                self._deadlines.pop(key, None)
            else:
                self._deadlines[key] = previous

    def _ensure_thread(self):
        # A forked worker (gunicorn preloads the app) does not inherit the parent's thread.
        if self._thread is None or self._pid is None or self._pid != os.getpid():
            with self._lock:
                if self._thread is None or self._pid != os.getpid():
                    self._pid = os.getpid()
                    self._thread = threading.Thread(target=self._run, name="database-deadline", daemon=True)
                    self._thread.start()

    def _run(self):
        while True:
            time.sleep(WATCHDOG_INTERVAL_SECONDS)
            now = time.monotonic()
            with self._lock:
                overdue = [(key, wrapper) for key, (deadline, wrapper) in self._deadlines.items() if deadline <= now]
            for key, wrapper in overdue:
                # Past the deadline, only a connection waiting for an answer is shut: a
                # request still rendering keeps its idle connection (its next query, if it
                # hangs, is caught at the next tick).
                if _waiting_for_answer(wrapper):
                    _shut_socket(wrapper)
                    with self._lock:
                        if self._deadlines.get(key, (None, None))[1] is wrapper:
                            del self._deadlines[key]


def _waiting_for_answer(wrapper) -> bool:
    """Whether the PostgreSQL connection has a command in flight (SQLite has no socket and
    its own busy timeout)."""
    if wrapper.vendor != "postgresql":
        return False
    pg_connection = wrapper.connection
    if pg_connection is None or pg_connection.closed:
        return False
    try:
        return pg_connection.pgconn.transaction_status == TransactionStatus.ACTIVE
    except Exception:  # closed meanwhile
        return False


def _shut_socket(wrapper) -> None:
    """Make the connection's pending read fail at once."""
    try:
        fd = wrapper.connection.pgconn.socket
        # fromfd duplicates the descriptor; shutdown acts on the socket both share.
        with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
        logger.warning("Database did not answer within the request's deadline; connection shut.")
    except Exception:  # already closed, or closing meanwhile: nothing left to interrupt
        logger.debug("Could not shut a database connection", exc_info=True)


watchdog = _Watchdog()


@contextmanager
def database_deadline(seconds: float | None):
    """Within the block, the current thread's connection is shut if the block lasts longer
    than `seconds` (nested blocks keep the earliest deadline). None or 0: no deadline."""
    if not seconds:
        yield
        return
    previous = watchdog.arm(seconds)
    try:
        yield
    finally:
        watchdog.disarm(previous)


class DatabaseDeadlineMiddleware:
    """Gives every web request DATABASE_REQUEST_TIMEOUT seconds of database time at most
    (see the module), and the admin's DATABASE_ADMIN_REQUEST_TIMEOUT: a curator's import of
    a spreadsheet is a long write, not a stalled database. Place it before anything that
    may query (the page cache reads the content version)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        admin = request.path_info.startswith(self.admin_prefix)
        seconds = settings.DATABASE_ADMIN_REQUEST_TIMEOUT if admin else settings.DATABASE_REQUEST_TIMEOUT
        with database_deadline(seconds):
            return self.get_response(request)


def with_renewed_deadline(rows: Iterable) -> Iterator:
    """`rows` (a queryset's iterator that reads in chunks), moving the request's deadline to
    DATABASE_REQUEST_TIMEOUT from now before each row: a response built in the request from
    many short reads (an Excel download of 100,000 rows takes a minute) gives each read the
    whole deadline, instead of being cut at the request's eighth second (a 500 in the
    benchmark); a read that stalls is still cut. A microsecond a row, beside the
    half-millisecond the row takes to write."""
    for row in rows:
        watchdog.renew(settings.DATABASE_REQUEST_TIMEOUT)
        yield row
