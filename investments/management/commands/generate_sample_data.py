"""Generate clearly labelled sample enterprises and projects for load tests.

Rows are named "Sample Enterprise 00042" / "Sample Project 000042", flagged `is_sample`,
and spread over the published areas and industries. The same --seed gives the same data,
on SQLite and on PostgreSQL alike. PostgreSQL gets the rows by COPY (1,000,000 enterprises
and 3,000,000 projects within minutes); other databases by bulk inserts in batches. Both
show a progress bar with the rate and the time left on stderr. `--remove` deletes every
sample row (and nothing else).
"""

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from ftzportal.content_version import bump_content_version
from ftzportal.money import Currency
from ftzportal.publication import PublicationStatus
from investments.models import ChineseProvince, Enterprise, Inquiry, Project, ProjectStatus
from investments.tallies import recount_tallies
from zones.models import Area, Industry

BATCH_SIZE = 5000
# COPY where the database has it (PostgreSQL); tests turn it off to compare both paths.
USE_COPY = True
# From this many new rows on, PostgreSQL's plain indexes and foreign keys of the tables
# written are dropped and created again at the end (see indexes_rebuilt_after).
REBUILD_INDEXES_FROM = 200_000
SAMPLE_NOTE = "Generated sample data for load tests; not a real {kind}."
# Countries whose investors the zone courts (Central Asia, neighbours, Europe).
SAMPLE_COUNTRIES = ["KZ", "KG", "TJ", "UZ", "TM", "RU", "PK", "AF", "MN", "DE", "FR", "IT", "TR", "AE", "SG"]
FIRST_DAY = date(2023, 11, 1)
DAY_SPAN = 3 * 365
# What each generated row sets; every other column takes the model's default.
ENTERPRISE_COLUMNS = (
    "id",
    "name",
    "name_en",
    "slug",
    "area_id",
    "origin_country",
    "origin_province",
    "is_foreign_invested",
    "settled_on",
)
PROJECT_COLUMNS = (
    "id",
    "name",
    "name_en",
    "slug",
    "area_id",
    "enterprise_id",
    "industry_id",
    "status",
    "value",
    "currency",
    "signed_on",
)


def remove_sample_data() -> tuple[int, int]:
    """Delete all sample projects and enterprises. Raw deletes skip per-row signals, so
    removing 300,000 rows takes seconds and writes no history row for data that was never
    curated."""
    Inquiry.objects.filter(project__is_sample=True).update(project=None)
    projects = Project.objects.sample()
    project_count = projects._raw_delete(projects.db)
    Enterprise.industries.through.objects.filter(enterprise__is_sample=True).delete()
    enterprises = Enterprise.objects.sample()
    enterprise_count = enterprises._raw_delete(enterprises.db)
    recount_tallies()
    bump_content_version()
    return project_count, enterprise_count


class RowWriter:
    """Writes generated rows of one model: COPY on PostgreSQL, bulk_create elsewhere.

    A row is a tuple of `columns`; the other columns are the same for every row (the
    sample flag, the note, published now), worked out once from a template instance the
    way Django's own insert would (pre_save, then get_db_prep_save)."""

    def __init__(self, model, columns: tuple[str, ...], fixed: dict):
        self.model = model
        self.columns = columns
        self.fixed = fixed
        self.copy = USE_COPY and connection.vendor == "postgresql"
        template = model(**fixed)
        self.fields = list(model._meta.concrete_fields)
        self.template = [
            field.get_db_prep_save(field.pre_save(template, add=True), connection) for field in self.fields
        ]
        positions = {field.attname: index for index, field in enumerate(self.fields)}
        self.positions = [positions[column] for column in columns]

    def reserve_ids(self, count: int) -> list[int]:
        """The next `count` primary keys, from the table's sequence (PostgreSQL), so link
        tables can name rows written by COPY. Elsewhere the insert returns them."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, rows: list[tuple]) -> list[int]:
        """Insert `rows` (their id column None); returns their primary keys in order."""
        if self.copy:
            ids = self.reserve_ids(len(rows))
            table = connection.ops.quote_name(self.model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
            with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for pk, row in zip(ids, rows, strict=True):
                    full = list(self.template)
                    for position, value in zip(self.positions, row, strict=True):
                        full[position] = value
                    full[self.positions[0]] = pk
                    copy.write_row(full)
            return ids
        objects = [self.model(**self.fixed, **dict(zip(self.columns[1:], row[1:], strict=True))) for row in rows]
        self.model.objects.bulk_create(objects)
        return [obj.pk for obj in objects]


def write_links(links: list[tuple[int, int]]) -> None:
    """Enterprise–industry links: COPY on PostgreSQL, else bulk_create."""
    through = Enterprise.industries.through
    if USE_COPY and connection.vendor == "postgresql":
        table = connection.ops.quote_name(through._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} (enterprise_id, industry_id) FROM STDIN") as copy,
        ):
            for link in links:
                copy.write_row(link)
        return
    through.objects.bulk_create([through(enterprise_id=e, industry_id=i) for e, i in links])


@contextmanager
def indexes_rebuilt_after(tables: list[str], rows: int):
    """PostgreSQL's advice for bulk loads ("Populating a Database"): drop the foreign keys
    of `tables` and their indexes that back no constraint (the primary keys and unique
    slugs stay), load, then create the indexes again (one sort each instead of millions
    of index inserts) and add the foreign keys back (one join each validates every row,
    instead of a deferred check per row at commit). All in the load's transaction, for
    large loads only."""
    if not (USE_COPY and connection.vendor == "postgresql" and rows >= REBUILD_INDEXES_FROM):
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Checks still pending (those of deleted sample rows with --replace) need the
        # indexes of the referencing columns: they run first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = to_regclass(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname)))",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        for table in tables:
            cursor.execute(f"ANALYZE {quote(table)}")


def enterprise_rows(rng, numbers: range, areas, industries, provinces) -> Iterator[tuple[tuple, list]]:
    """(row, industry pks) per enterprise; the random stream is read in a fixed order so a
    seed gives the same data whatever the database."""
    for number in numbers:
        foreign = rng.random() < 0.4
        name = f"Sample Enterprise {number:05d}"
        row = (
            None,
            name,
            name,
            f"sample-enterprise-{number:05d}",
            rng.choice(areas).pk,
            rng.choice(SAMPLE_COUNTRIES) if foreign else "CN",
            "" if foreign else rng.choice(provinces),
            foreign,
            FIRST_DAY + timedelta(days=rng.randrange(DAY_SPAN)),
        )
        yield row, [industry.pk for industry in rng.sample(industries, k=rng.choice((1, 1, 2)))]


def project_rows(rng, numbers: range, areas, industries, statuses, enterprise_pks) -> Iterator[tuple]:
    currencies = [Currency.CNY.value, Currency.USD.value, Currency.EUR.value]
    for number in numbers:
        name = f"Sample Project {number:06d}"
        yield (
            None,
            name,
            name,
            f"sample-project-{number:06d}",
            rng.choice(areas).pk,
            rng.choice(enterprise_pks) if enterprise_pks and rng.random() < 0.8 else None,
            rng.choice(industries).pk,
            rng.choice(statuses),
            Decimal(rng.randrange(1, 5000)) * Decimal(1_000_000),
            rng.choices(currencies, weights=[80, 15, 5])[0],
            FIRST_DAY + timedelta(days=rng.randrange(DAY_SPAN)),
        )


def batches(rows: Iterator, size: int = BATCH_SIZE) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def generate_sample_data(*, enterprises: int, projects: int, seed: int, progress: bool = False) -> None:
    """Create `enterprises` and `projects` sample rows, numbered after any existing ones.
    Rows are built and written one batch at a time, so memory stays flat at any scale
    (but for the list of enterprise keys projects are linked to)."""
    rng = random.Random(seed)
    areas = list(Area.objects.published().order_by("slug"))
    industries = list(Industry.objects.published().order_by("slug"))
    if not areas or not industries:
        raise CommandError("No published areas or industries: run `manage.py load_ftz_data` first.")
    published = {"is_sample": True, "publication_status": PublicationStatus.PUBLISHED, "published_at": timezone.now()}

    tables = [Enterprise._meta.db_table, Enterprise.industries.through._meta.db_table, Project._meta.db_table]
    with indexes_rebuilt_after(tables, enterprises + projects):
        write_rows(rng, enterprises, projects, areas, industries, published, progress)
    recount_tallies()
    bump_content_version()


def write_rows(rng, enterprises: int, projects: int, areas, industries, published: dict, progress: bool) -> None:
    start = Enterprise.objects.sample().count()
    writer = RowWriter(
        Enterprise, ENTERPRISE_COLUMNS, {**published, "description_en": SAMPLE_NOTE.format(kind="enterprise")}
    )
    rows = enterprise_rows(
        rng, range(start + 1, start + enterprises + 1), areas, industries, sorted(ChineseProvince.values)
    )
    with tqdm(total=enterprises, desc="Enterprises", unit=" rows", disable=not progress, smoothing=0.1) as bar:
        for batch in batches(rows):
            pks = writer.write([row for row, _links in batch])
            write_links([(pk, industry) for pk, (_row, chosen) in zip(pks, batch, strict=True) for industry in chosen])
            bar.update(len(batch))

    enterprise_pks = list(Enterprise.objects.sample().order_by("pk").values_list("pk", flat=True))
    start = Project.objects.sample().count()
    writer = RowWriter(Project, PROJECT_COLUMNS, {**published, "description_en": SAMPLE_NOTE.format(kind="project")})
    rows = project_rows(
        rng, range(start + 1, start + projects + 1), areas, industries, sorted(ProjectStatus.values), enterprise_pks
    )
    with tqdm(total=projects, desc="Projects", unit=" rows", disable=not progress, smoothing=0.1) as bar:
        for batch in batches(rows):
            writer.write(batch)
            bar.update(len(batch))


class Command(BaseCommand):
    help = "Create reproducible, clearly labelled sample enterprises and projects (or remove them)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=1000, help="Sample enterprises to create.")
        parser.add_argument("--projects", type=int, default=3000, help="Sample projects to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")
        parser.add_argument("--remove", action="store_true", help="Delete all sample data and create none.")
        parser.add_argument("--replace", action="store_true", help="Delete existing sample data first.")

    def handle(self, *args, enterprises, projects, seed, remove, replace, verbosity, **options):
        if enterprises < 0 or projects < 0:
            raise CommandError("--enterprises and --projects must not be negative.")
        started = time.monotonic()
        with transaction.atomic():
            if remove or replace:
                removed_projects, removed_enterprises = remove_sample_data()
                if verbosity:
                    self.stdout.write(f"Removed {removed_enterprises} sample enterprises, {removed_projects} projects.")
            if not remove:
                generate_sample_data(enterprises=enterprises, projects=projects, seed=seed, progress=verbosity > 0)
        if verbosity and not remove:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {enterprises} sample enterprises and {projects} sample projects "
                    f"in {time.monotonic() - started:.1f} s."
                )
            )
