"""The background worker: django-tasks' database worker, plus the sweeps (ftzportal.tasks).

The sweeps send mails (and webhook events) whose task was lost or whose worker was killed
while holding them (their lease ran out): django-tasks itself neither retries nor notices
a dead worker.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from ftzportal.tasks import SWEEPS

logger = logging.getLogger(__name__)


def sweep_forever(stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        try:
            close_old_connections()
            for sweep in SWEEPS:
                outcome = sweep()
                if outcome:
                    logger.info("Sweep %s: %s", sweep.__qualname__, outcome)
        except Exception:
            # A database that is down now may be back at the next sweep.
            logger.exception("Outbox sweep failed; trying again in %s s.", interval)
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run background tasks (every e-mail) and re-send mails a dead worker left behind."

    def handle(self, *args, **options):
        stop = threading.Event()
        sweeper = threading.Thread(
            target=sweep_forever, args=(stop, settings.MAIL_SWEEP_SECONDS), name="outbox-sweep", daemon=True
        )
        sweeper.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
