"""Search index writes too long for a request, as background tasks (`manage.py run_worker`
runs them)."""

from django.apps import apps
from django_tasks import task

from . import indexing


@task()
def reindex_dependents_task(model_label: str, pk: int) -> int:
    """Re-index the entries whose documents read entry `pk` of `model_label` ("zones.area")."""
    return indexing.reindex_dependents(apps.get_model(model_label), pk)
