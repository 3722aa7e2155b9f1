"""Webhook deliveries as background tasks (`manage.py run_worker` runs them)."""

from django_tasks import task

from . import services


@task()
def deliver_endpoint_task(endpoint_id: int) -> int:
    return services.deliver_endpoint(endpoint_id)


@task()
def send_test_event_task(endpoint_id: int) -> int:
    return services.send_test_event(endpoint_id).pk


@task()
def redeliver_task(endpoint_id: int, event_id: int) -> int:
    return services.redeliver(endpoint_id, event_id).pk
