"""The fast paths that rely on private parts of Django's ORM, kept here so an upgrade has
one place to check (tests/ftzportal/test_django_internals.py fails with a clear message
when one of them changes; the cache's are in ftzportal/cache_backends.py).

Used (Django 5.2):
- `QuerySet._chain()` clones a queryset;
- `QuerySet._known_related_objects` ({foreign key field: {pk: instance}}): ModelIterable
  sets these instances on every row it builds (how `area.enterprises.all()` gives every
  enterprise its area without a query). ftzportal.reference hands held rows this way;
- `query.select_related`, `query.deferred_loading` and `QuerySet._prefetch_related_lookups`
  say what a queryset joins, leaves out and prefetches (copied to fetch a page by key).
"""

from django.db.models import QuerySet


def with_known_related_objects(queryset: QuerySet, known: dict) -> QuerySet:
    """A clone of `queryset` whose rows get these related instances ({field: {pk: row}})."""
    clone = queryset._chain()
    clone._known_related_objects = known
    return clone


def known_related_objects(queryset: QuerySet) -> dict:
    return queryset._known_related_objects


def rows_loaded_like(fetch: QuerySet, rows: QuerySet) -> QuerySet:
    """`fetch` with the joins, deferred columns, prefetches and known related rows of
    `rows`, but not its filters and ordering."""
    fetch.query.select_related = rows.query.select_related
    fetch.query.deferred_loading = rows.query.deferred_loading
    fetch._prefetch_related_lookups = rows._prefetch_related_lookups
    fetch._known_related_objects = rows._known_related_objects
    return fetch
