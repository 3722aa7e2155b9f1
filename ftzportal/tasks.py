"""Background tasks of the base (Django's Tasks API; `manage.py run_worker` runs them),
and the sweeps the worker runs every MAIL_SWEEP_SECONDS beside them."""

from collections.abc import Callable

from django_tasks import task

from . import outbox

# Catch-up work the worker repeats: the outbox's own, and what apps register in ready()
# (webhook deliveries whose task was lost, say). The base does not know those apps.
SWEEPS: list[Callable[[], object]] = [outbox.deliver_due]


def register_sweep(sweep: Callable[[], object]) -> None:
    if sweep not in SWEEPS:
        SWEEPS.append(sweep)


@task()
def deliver_mail(mail_id: int) -> str:
    return outbox.deliver(mail_id)
