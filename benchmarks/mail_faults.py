"""Inquiries through gunicorn while the mail server or the worker misbehaves; check that
every mail arrives exactly once and that no visitor waits for the mail server.

    .venv/bin/python benchmarks/mail_faults.py --fault silent      # SMTP accepts, never answers
    .venv/bin/python benchmarks/mail_faults.py --fault slow        # SMTP answers each mail late
    .venv/bin/python benchmarks/mail_faults.py --fault kill-worker # worker SIGKILLed while sending
    add --database-url postgres://postgres@127.0.0.1:5432/ftz_mail_faults --create-database

Real processes: gunicorn (production settings, 2 workers), `manage.py run_worker` (the
outbox worker), and an SMTP server on a loopback port in this process (aiosmtpd), which
records every message it accepts with its Message-ID. The faults:

- silent: for --fault-seconds the SMTP port accepts connections and never says a word
  (the worker's sends time out after EMAIL_TIMEOUT); then the real server takes the port;
- slow: the server takes --slow-seconds to accept each message;
- kill-worker: the worker is SIGKILLed every --kill-every seconds and started again, until
  it has been killed --kills times while mail waited in the outbox (a killed worker's lease
  runs out after MAIL_LEASE_SECONDS).

Exits 0 only if every inquiry was stored once, 95 in 100 POSTs took under 1 s while the
mail server misbehaved (the slowest is printed), no response was a 5xx, and every
expected mail (two per inquiry: the handlers' notification and the investor's
confirmation) was accepted by the server under exactly one Message-ID. A mail
accepted twice under the same Message-ID (the worker died after the server accepted it and
before it was recorded) is counted as `resent`; mail systems drop such repeats, and the
run fails if there are more of them than kills. Prints a one-line summary.
"""

import argparse
import asyncio
import email
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from concurrent_inquiries import (
    HOST,
    PROJECT_DIR,
    Client,
    Deadline,
    drop_postgres_database,
    ensure_postgres_database,
    manage,
    server_env,
    start_gunicorn,
    stop,
    wait_until_healthy,
)

POST_LIMIT_SECONDS = 1.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=["silent", "slow", "kill-worker"], required=True)
    parser.add_argument("--inquiries", type=int, default=100, help="Inquiries to post (at most 500).")
    parser.add_argument("--clients", type=int, default=10, help="Concurrent clients (at most 20).")
    parser.add_argument("--port", type=int, default=8741, help="Loopback port for gunicorn (8100-8999).")
    parser.add_argument("--smtp-port", type=int, default=0, help="Loopback port for the SMTP server (default: free).")
    parser.add_argument("--fault-seconds", type=float, default=6, help="silent: how long the server stays silent.")
    parser.add_argument("--slow-seconds", type=float, default=1.5, help="slow: seconds to accept each message.")
    parser.add_argument("--kill-every", type=float, default=1.5, help="kill-worker: seconds between SIGKILLs.")
    parser.add_argument(
        "--kills", type=int, default=3, help="kill-worker: SIGKILLs to deliver, each while mail waits to be sent."
    )
    parser.add_argument("--timeout", type=float, default=150, help="Deadline for the whole run, in seconds.")
    parser.add_argument("--database-url", default="", help="Default: a new SQLite file in a temporary directory.")
    parser.add_argument(
        "--static-root",
        default="",
        help="Collected static files to reuse (collectstatic runs only if its manifest is missing).",
    )
    parser.add_argument("--create-database", action="store_true", help="PostgreSQL: create it, drop it after.")
    args = parser.parse_args(argv)
    if not 1 <= args.inquiries <= 500 or not 1 <= args.clients <= 20:
        parser.error("bounded run: 1-500 inquiries, 1-20 clients")
    return args


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Recorder:
    """What the SMTP server accepted: one Message-ID per accepted message, in order."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.message_ids.append(message["Message-ID"])
        return "250 Message accepted for delivery"


class SilentServer:
    """Accepts TCP connections on the SMTP port and never answers (a hung mail server)."""

    def __init__(self, port: int):
        self.socket = socket.create_server((HOST, port), reuse_port=False)
        self.socket.settimeout(0.2)
        self.held: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                connection, _address = self.socket.accept()
                self.held.append(connection)
            except TimeoutError:
                continue
            except OSError:
                return

    def close(self):
        self.stopped.set()
        self.thread.join(timeout=2)
        for connection in self.held:
            connection.close()
        self.socket.close()


def start_smtp(port: int, recorder: Recorder):
    from aiosmtpd.controller import Controller

    controller = Controller(recorder, hostname=HOST, port=port)
    controller.start()
    return controller


def worker_env(env: dict) -> dict:
    return {
        **env,
        # Short, so a killed worker's mail is sent again within the run.
        "MAIL_LEASE_SECONDS": "4",
        "MAIL_RETRY_BASE_SECONDS": "1",
        "MAIL_SWEEP_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }


def start_worker(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--queue-name", "*", "--interval", "0.2", "--no-startup-delay"],
        cwd=PROJECT_DIR,
        env=worker_env(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def unsent_mails(database_url: str) -> int:
    """Mails in the outbox not yet sent (the run has the database to itself). Asked with
    the database's own driver: starting Django once a second would load the machine."""
    query = "SELECT count(*) FROM ftzportal_outboundmail WHERE status <> 'sent'"
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=10) as connection:
            return connection.execute(query).fetchone()[0]
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchone()[0]


def expected_message_ids(env, run_id: str, timeout: float) -> tuple[int, list[str]]:
    """(inquiries stored for the run, the Message-IDs their two mails must carry)."""
    code = (
        "from investments.models import Inquiry; from ftzportal.outbox import message_id; "
        f"rows = list(Inquiry.objects.filter(company='bench-{run_id}').values_list('pk', flat=True)); "
        "keys = [f'inquiry:{pk}:{kind}' for pk in rows for kind in ('notification', 'confirmation')]; "
        "print(len(rows), *[message_id(key) for key in keys])"
    )
    words = manage(env, "shell", "-c", code, timeout=timeout).strip().splitlines()[-1].split()
    return int(words[0]), words[1:]


def run(args) -> int:
    deadline = Deadline(args.timeout)
    run_id = secrets.token_hex(4)
    temp_dir = Path(tempfile.mkdtemp(prefix="ftz-mail-faults-"))
    database_url = args.database_url or f"sqlite:///{temp_dir / 'faults.sqlite3'}"
    backend = "postgresql" if database_url.startswith(("postgres://", "postgresql://")) else "sqlite"
    smtp_port = args.smtp_port or free_port()
    recorder = Recorder(delay=args.slow_seconds if args.fault == "slow" else 0.0)
    created_database, server, worker, smtp, silent = False, None, None, None, None
    kills = kills_while_sending = 0
    log_path = temp_dir / "processes.log"
    try:
        if args.create_database and backend == "postgresql":
            created_database = ensure_postgres_database(database_url)
        static_root = Path(args.static_root) if args.static_root else temp_dir / "static"
        env = server_env(database_url, args.port, static_root)
        env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(smtp_port),
            EMAIL_TIMEOUT="2",
            DEFAULT_FROM_EMAIL="FTZ Portal <noreply@benchmark.invalid>",
        )
        manage(env, "migrate", "--noinput", timeout=deadline.left())
        if not (static_root / "staticfiles.json").exists():
            manage(env, "collectstatic", "--noinput", timeout=deadline.left())
        if args.fault == "silent":
            silent = SilentServer(smtp_port)
        else:
            smtp = start_smtp(smtp_port, recorder)
        log = log_path.open("w")
        server = start_gunicorn(env, args.port, 2, log)
        wait_until_healthy(args.port, server, deadline)
        worker = start_worker(env, log)

        stop_killing = threading.Event()

        def kill_worker_now_and_then():
            # A kill counts only while mail waits in the outbox: a kill after the outbox
            # has drained would prove nothing. It goes on until --kills such kills.
            nonlocal worker, kills, kills_while_sending
            while kills_while_sending < args.kills and not stop_killing.wait(args.kill_every):
                waiting = unsent_mails(database_url)
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
                kills += 1
                kills_while_sending += waiting > 0
                worker = start_worker(env, log)

        killer = threading.Thread(target=kill_worker_now_and_then, daemon=True)
        if args.fault == "kill-worker":
            killer.start()

        shares = [args.inquiries // args.clients + (n < args.inquiries % args.clients) for n in range(args.clients)]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [
                pool.submit(Client(args.port, number, run_id).post_inquiries, share, deadline)
                for number, share in enumerate(shares)
                if share
            ]
            outcomes = [outcome for future in futures for outcome in future.result(timeout=max(deadline.left(), 1))]
        posting = time.monotonic() - started

        if args.fault == "silent":
            # Keep the server silent for the rest of its window, then let the real one in.
            time.sleep(max(args.fault_seconds - posting, 0))
            silent.close()
            silent = None
            smtp = start_smtp(smtp_port, recorder)
        if args.fault == "kill-worker":
            # The killer stops by itself after its kills; it is stopped only if the outbox
            # drained first (then kills_while_sending tells).
            while killer.is_alive() and unsent_mails(database_url):
                deadline.check("killing the worker")
                time.sleep(0.2)
            stop_killing.set()
            killer.join(timeout=15)

        # Wait for the outbox to drain.
        while unsent_mails(database_url):
            deadline.check("waiting for every mail to be sent")
            time.sleep(0.5)
        drained = time.monotonic() - started
        stored, wanted = expected_message_ids(env, run_id, timeout=max(deadline.left(), 60))

        accepted = Counter(recorder.message_ids)
        delivered = sum(1 for message_id in wanted if accepted[message_id] >= 1)
        resent = sum(accepted[message_id] - 1 for message_id in wanted if accepted[message_id] > 1)
        strangers = sum(count for message_id, count in accepted.items() if message_id not in set(wanted))
        server_errors = sum(1 for status, _ in outcomes if status >= 500)
        durations = sorted(duration for _, duration in outcomes)
        slowest, p95 = durations[-1], durations[int(len(durations) * 0.95) - 1]
        ok = (
            len(outcomes) == args.inquiries
            and stored == args.inquiries
            and server_errors == 0
            and all(status == 302 for status, _ in outcomes)
            # What a visitor waits for is the mail server's business only in the SMTP faults;
            # killing the worker does not touch the web processes.
            and (p95 < POST_LIMIT_SECONDS or args.fault == "kill-worker")
            and delivered == len(wanted) == 2 * args.inquiries
            and resent <= kills
            and strangers == 0
            and (kills_while_sending >= args.kills or args.fault != "kill-worker")
        )
        print(
            f"mail_faults: {'OK' if ok else 'FAILED'} fault={args.fault} database={backend} "
            f"posted={len(outcomes)} stored={stored} 5xx={server_errors} "
            f"post_p95={p95 * 1000:.0f}ms slowest_post={slowest * 1000:.0f}ms "
            f"mails_expected={len(wanted)} delivered={delivered} resent={resent} unexpected={strangers} "
            f"kills={kills} kills_while_sending={kills_while_sending} all_sent_after={drained:.1f}s"
        )
        if not ok:
            log.flush()
            print(log_path.read_text()[-3000:], file=sys.stderr)
        return 0 if ok else 1
    finally:
        for process in (worker, server):
            if process is not None:
                stop(process)
        if silent is not None:
            silent.close()
        if smtp is not None:
            smtp.stop()
        if created_database:
            drop_postgres_database(database_url)
        shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run(parse_args()))
