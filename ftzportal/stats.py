"""Percentiles and durations computed by the database, one interface on every backend.

`Percentile(expression, 0.9)` is an aggregate: PostgreSQL runs its own
`percentile_cont(0.9) WITHIN GROUP (ORDER BY …)`; SQLite, which has none, runs the same
continuous percentile as a function registered on the connection (it runs inside the
SQLite process, over the rows of each group, never a Python loop over a fetched list).
`SecondsBetween(end, start)` is the elapsed time in seconds as a float, NULL when either
end is NULL, so percentiles skip rows that have not reached the end yet.
"""

import math

from django.db import NotSupportedError
from django.db.models import Aggregate, FloatField, Func

SQLITE_PERCENTILE = "ftz_percentile_cont"


class _SQLitePercentile:
    """percentile_cont over one group: linear interpolation between the closest ranks,
    as PostgreSQL computes it. NULL values are skipped; no values give NULL."""

    def __init__(self):
        self.values: list[float] = []
        self.fraction = None

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(float(value))

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """The continuous percentile of `values` (PostgreSQL's definition)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _register_sqlite_percentile(connection) -> None:
    # Registering again replaces the same function: cheap, and right on a new connection.
    connection.connection.create_aggregate(SQLITE_PERCENTILE, 2, _SQLitePercentile)


class Percentile(Aggregate):
    """The continuous percentile (0 < fraction < 1) of a numeric expression: 0.5 is the median."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction lies between 0 and 1.")
        self.fraction = fraction
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        # The fraction is a float checked above, written as a literal: PostgreSQL wants a
        # constant there, and a parameter would be typed as text by psycopg.
        return super().as_sql(
            compiler,
            connection,
            template=f"%(function)s({self.fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        _register_sqlite_percentile(connection)
        return super().as_sql(
            compiler,
            connection,
            function=SQLITE_PERCENTILE,
            template=f"%(function)s(%(distinct)s%(expressions)s, {self.fraction!r})",
            **extra_context,
        )

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"Percentile is written for PostgreSQL and SQLite, not {connection.vendor}.")


class SecondsBetween(Func):
    """Seconds from `start` to `end` (two datetimes) as a float; NULL if either is NULL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Stored as UTC text; julianday() reads it with its fraction of a second.
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s)) * 86400.0)", arg_joiner=") - julianday("
        )
