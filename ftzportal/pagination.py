"""Pagination whose row count is computed once per filter and content version.

An exact `COUNT(*)` of a filtered list of 100,000 enterprises costs tens of milliseconds
per request, far more than the page of rows itself. The count of a queryset only changes
when curated content changes, so it is kept in the default cache under the content
version and the queryset's SQL with its parameters (ordering removed: every sort order of
the same filter shares one count). A publish, edit or archive bumps the version and every
count is recomputed on first use.

Pages: `OFFSET n` makes the database walk n rows, and with a selective filter no index
serves (an area and an industry, ordered by name) it walks n divided by the share of rows
that match: 8,000 index entries and EXISTS probes for page 40 of one industry in one area.
The paginator therefore takes the primary keys of the page first, then fetches those rows
with their relations:

- for a filter of at most `ID_LIST_MAX_ROWS` rows, from the whole ordered list of its
  keys, fetched in one query once per content version (which also counts it) and kept in
  the cache in chunks (8 bytes a row, see `KeptKeys`), so every page of it, first or
  last, is a lookup by primary key, and the same rows in the same order whatever the ties
  in the sort;
- for larger filters, counted once per version, past `DEFERRED_JOIN_OFFSET` rows with
  `values_list("pk")[n:n+size]`: the database walks a narrow index instead of table rows
  (earlier pages are a plain slice).
"""

import hashlib
from array import array

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .caching import current_content_version
from .orm_internals import rows_loaded_like

KEY_PREFIX = "ftzportal:count"
IDS_KEY_PREFIX = "ftzportal:ids"
COUNT_TIMEOUT = 24 * 60 * 60
DEFERRED_JOIN_OFFSET = 200
ID_LIST_MAX_ROWS = 200_000
ID_CHUNK = 1_000


def in_total_order(queryset: QuerySet) -> QuerySet:
    """The queryset's order (or its model's) with ties broken by primary key, so pages
    neither overlap nor skip rows and files list rows the same way every time."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if "pk" not in ordering and "-pk" not in ordering:
        ordering.append("pk")
    return queryset.order_by(*ordering)


def query_digest(queryset: QuerySet, *, ordered: bool = False) -> str | None:
    """A digest of the queryset's SQL and parameters (without ordering unless `ordered`);
    None when the queryset can match nothing (counting it needs no query)."""
    # Only the keys: the joined columns of select_related do not change the rows or their
    # order, and compiling them costs as much as the rest of the query.
    keys = queryset.values_list("pk")
    try:
        sql, params = (keys if ordered else keys.order_by()).query.sql_with_params()
    except EmptyResultSet:
        return None
    raw = "\n".join([queryset.db, queryset.model._meta.label, sql, repr(params)])
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def cached_count(queryset) -> int:
    """`queryset.count()`, computed once per (query, content version)."""
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    if queryset._result_cache is not None:
        return len(queryset._result_cache)
    digest = query_digest(queryset)
    if digest is None:
        return 0
    key = f"{KEY_PREFIX}:{current_content_version()}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_TIMEOUT)
    return count


# Kept instead of the number of keys of a filter with more rows than the limit.
TOO_MANY = -1


class KeptKeys:
    """The primary keys of a queryset in its order, read once per (query, content
    version) and kept in the cache in chunks of `ID_CHUNK` keys (8 KB each) beside their
    number, so a page reads one or two chunks whatever the length of the list.

    `count` is None when the queryset has more than `limit` rows: reading the keys with
    LIMIT limit+1 tells which, so a filter within the limit is counted by the same query."""

    def __init__(self, queryset: QuerySet, limit: int):
        self.queryset = queryset
        self.limit = limit
        self.ids = None  # all the keys, when this instance read them from the database
        digest = query_digest(queryset, ordered=True)
        if digest is None:
            self.key, self.ids, self.count = None, [], 0
            return
        self.key = f"{IDS_KEY_PREFIX}:{current_content_version()}:{digest}"
        count = cache.get(self.key)
        if count is None:
            count = self._read()
        self.count = None if count == TOO_MANY else count

    def _read(self) -> int:
        ids = list(self.queryset.values_list("pk", flat=True)[: self.limit + 1])
        if len(ids) > self.limit:
            cache.set(self.key, TOO_MANY, COUNT_TIMEOUT)
            return TOO_MANY
        self.ids = ids
        chunks = {
            self._chunk_key(number): array("q", ids[start : start + ID_CHUNK]).tobytes()
            for number, start in enumerate(range(0, len(ids), ID_CHUNK))
        }
        # One MSET on Redis: no reader sees the number without its chunks.
        cache.set_many({**chunks, self.key: len(ids)}, COUNT_TIMEOUT)
        return len(ids)

    def _chunk_key(self, number: int) -> str:
        return f"{self.key}:{number}"

    def __getitem__(self, window: slice) -> list[int]:
        bottom, top = window.start, window.stop
        if self.ids is not None or top <= bottom:
            return (self.ids or [])[bottom:top]
        first, last = bottom // ID_CHUNK, (top - 1) // ID_CHUNK
        keys = [self._chunk_key(number) for number in range(first, last + 1)]
        found = cache.get_many(keys)
        if len(found) < len(keys):
            # A chunk was evicted: read them all again.
            if self._read() == TOO_MANY:
                return list(self.queryset.values_list("pk", flat=True)[bottom:top])
            return self.ids[bottom:top]
        ids = array("q")
        for key in keys:
            ids.frombytes(found[key])
        offset = first * ID_CHUNK
        return ids[bottom - offset : top - offset].tolist()


class CachedCountPaginator(Paginator):
    """A Django Paginator with a cached count and pages by primary key (see module doc).

    For HTML list views: `paginator_class = CachedCountPaginator`. For DRF:
    `django_paginator_class = CachedCountPaginator` on a PageNumberPagination."""

    deferred_join_offset = DEFERRED_JOIN_OFFSET
    id_list_max_rows = ID_LIST_MAX_ROWS

    @cached_property
    def kept_keys(self) -> KeptKeys | None:
        rows = self.object_list
        if not isinstance(rows, QuerySet) or rows._result_cache is not None:
            return None
        keys = KeptKeys(rows, self.id_list_max_rows)
        return keys if keys.count is not None else None

    @cached_property
    def count(self):
        return self.kept_keys.count if self.kept_keys is not None else cached_count(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._slice(bottom, top), number, self)

    def _slice(self, bottom: int, top: int):
        rows = self.object_list
        if top <= bottom:
            return rows[bottom:top]
        if self.kept_keys is not None:
            pks = self.kept_keys[bottom:top]
        elif isinstance(rows, QuerySet) and bottom >= self.deferred_join_offset:
            pks = list(rows.values_list("pk", flat=True)[bottom:top])
        else:
            return rows[bottom:top]
        by_pk = {row.pk: row for row in page_rows(rows, pks)}
        return [by_pk[pk] for pk in pks if pk in by_pk]


def page_rows(rows: QuerySet, pks: list) -> QuerySet:
    """The rows of `rows` with these keys, with the same joins, prefetches, deferred
    columns and known related rows (ftzportal.reference), but without repeating its
    filters and ordering (the keys came from them, and compiling them again cost more
    than running the lookup). Annotated querysets keep everything, as an annotation may
    depend on the filters."""
    if rows.query.annotations:
        return rows.filter(pk__in=pks)
    return rows_loaded_like(rows.model._base_manager.using(rows.db).filter(pk__in=pks), rows)


# Below this many rows an estimate is not worth it: the exact count is cheap.
ESTIMATE_FROM_ROWS = 100_000


def estimated_table_rows(model) -> int | None:
    """PostgreSQL's estimate of the rows in `model`'s table (`pg_class.reltuples`, kept by
    autovacuum and ANALYZE), or None elsewhere, or when the table was never analysed."""
    from django.db import connections

    connection = connections[model.objects.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None


# A filtered changelist counts its rows up to here: past it, "more than 10,000".
ADMIN_COUNT_CAP = 10_000


class CountKind:
    EXACT = "exact"
    ESTIMATE = "estimate"  # PostgreSQL's statistics: "about N"
    MORE = "more"  # stopped at the cap: "more than N"


class EstimatedCountPaginator(Paginator):
    """For the admin's changelists of millions of rows, which never count them all. In a
    table of ESTIMATE_FROM_ROWS rows or more (PostgreSQL's statistics), the unfiltered list
    is counted from those statistics (an estimate, no scan), and a filtered one exactly up
    to `count_cap`, then reported as more than the cap and paged that far: an exact count of
    one area's 1,000,000 projects took 2.4 s on each first view after a publish. A smaller
    table is counted exactly, once per content version. `count_kind` says which, for
    templates/admin/pagination.html. Use with `show_full_result_count = False`, so the
    changelist does not count the table anyway."""

    count_cap = ADMIN_COUNT_CAP

    @cached_property
    def count_and_kind(self) -> tuple[int, str]:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count, CountKind.EXACT
        estimate = estimated_table_rows(queryset.model)
        if estimate is None or estimate < ESTIMATE_FROM_ROWS:
            return cached_count(queryset), CountKind.EXACT
        if not queryset.query.where:
            return estimate, CountKind.ESTIMATE
        # Counting the first cap + 1 keys reads at most that many index entries or rows.
        counted = queryset.order_by().values("pk")[: self.count_cap + 1].count()
        if counted > self.count_cap:
            return self.count_cap, CountKind.MORE
        return counted, CountKind.EXACT

    @property
    def count(self) -> int:
        return self.count_and_kind[0]

    @property
    def count_kind(self) -> str:
        return self.count_and_kind[1]
