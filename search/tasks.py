"""Search index writes too long for a request, as background tasks (`manage.py run_worker`
runs them)."""

from django.apps import apps
from django_tasks import task

from . import indexing


@task()
def reindex_dependents_task(model_label: str, pk: int) -> int:
    """Re-index the entries whose documents read entry `pk` of `model_label` ("zones.area")."""
    return indexing.reindex_dependents(apps.get_model(model_label), pk)


@task()
def reindex_entries_task(model_label: str, pks: list[int]) -> int:
    """Re-index entries `pks` of `model_label` (the entries that carried a deleted one)."""
    return indexing.reindex_entries(apps.get_model(model_label), pks)
