"""Rows of the small curated tables (areas, industries, sources) held in each process per
content version, and given to list rows by their foreign keys instead of joined.

A page of 20 projects that joins its area, industry and source builds 60 more model
instances from 60 more sets of columns, which cost three times the rest of the query.
The referenced tables hold a few dozen rows that every list repeats; each process reads
each of them once per content version (so a curator's edit is seen by the next request,
as everywhere else) and hands the same instances to every row that points at them.

Django's ModelIterable already knows how to do the handing over: it sets, on each row it
builds, the related objects a queryset carries in `_known_related_objects` (that is how
`area.enterprises.all()` gives every enterprise its area without a query). `HeldRows`
names the tables instead and looks their rows up when the queryset is evaluated, so a
queryset built once (a viewset's class attribute) still gets the current version's.
The instances are shared: lists read them, nothing writes to them.
"""

from django.db.models import QuerySet

from .caching import current_content_version, process_memo
from .orm_internals import known_related_objects, with_known_related_objects

# model → (content version, {pk: row})
_held = process_memo()


def rows_by_pk(model) -> dict:
    """Every row of a small table (published or not: a list row may point at an archived
    area, and shows it as such), in the table's order, read once per content version in
    this process."""
    version = current_content_version()
    held = _held.get(model)
    if held is None or held[0] != version:
        held = (version, {row.pk: row for row in model._base_manager.all()})
        _held[model] = held
    return held[1]


class HeldRows(dict):
    """A queryset's `_known_related_objects` ({foreign key: {pk: row}}) whose held
    tables are looked up each time a queryset is evaluated (ModelIterable reads
    `items()` once per evaluation), so one evaluation reads the content version once,
    even when it streams after the request's own read."""

    def items(self):
        return [(field, rows_by_pk(rows) if isinstance(rows, type) else rows) for field, rows in super().items()]


def with_held_rows(queryset: QuerySet, *field_names: str) -> QuerySet:
    """`queryset` whose rows get the targets of these foreign keys from `rows_by_pk`."""
    known = HeldRows(known_related_objects(queryset))
    for name in field_names:
        field = queryset.model._meta.get_field(name)
        known[field] = field.related_model
    return with_known_related_objects(queryset, known)
