"""Background tasks of the base (Django's Tasks API; `manage.py run_worker` runs them),
and the sweeps the worker runs every MAIL_SWEEP_SECONDS beside them; the open-data export
queued after content changes."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from . import open_data, outbox, spreadsheet_exports

# Catch-up work the worker repeats: the outbox's own, and what apps register in ready()
# (webhook deliveries whose task was lost, say). The base does not know those apps.
SWEEPS: list[Callable[[], object]] = [outbox.deliver_due]


def register_sweep(sweep: Callable[[], object]) -> None:
    if sweep not in SWEEPS:
        SWEEPS.append(sweep)


@task()
def deliver_mail(mail_id: int) -> str:
    return outbox.deliver(mail_id)


# Set while an open-data export is queued: the bumps of a burst of edits queue one export.
OPEN_DATA_EXPORT_PENDING = "ftzportal:open-data-export-pending"


@task()
def export_open_data_files() -> list[str]:
    """Re-export the open-data files that are not current. Clears the pending mark first,
    so a change committed while the files are written queues the next export."""
    cache.delete(OPEN_DATA_EXPORT_PENDING)
    return [str(path) for path in open_data.export_open_data(stale_only=True)]


def schedule_open_data_export() -> None:
    """After a content change: an export OPEN_DATA_EXPORT_DELAY seconds from now, unless
    one is already queued (debounced: a curator's burst of edits runs one export, with
    every edit in it). Should the mark be lost (cache cleared, Redis down), a second
    export may be queued; it finds the files current and writes nothing."""
    delay = settings.OPEN_DATA_EXPORT_DELAY
    # The mark outlives the delay, so a busy worker that runs the task late still sees it.
    if cache.add(OPEN_DATA_EXPORT_PENDING, True, timeout=delay + 3600):
        export_open_data_files.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()


@task()
def write_spreadsheet_export(export_id: int) -> str:
    """Write a filtered list's Excel file asked for by an investor (ftzportal.spreadsheet_exports)."""
    return spreadsheet_exports.write_export(export_id)
