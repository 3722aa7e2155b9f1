"""Generate clearly labelled sample enterprises and projects for load tests.

Rows are named "Sample Enterprise 00042" / "Sample Project 000042", flagged `is_sample`,
and spread over the published areas and industries. The same --seed gives the same data.
Bulk inserts in batches keep 100,000 enterprises and 300,000 projects within minutes on
SQLite. `--remove` deletes every sample row (and nothing else).
"""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ftzportal.content_version import bump_content_version
from ftzportal.money import Currency
from ftzportal.publication import PublicationStatus
from investments.models import ChineseProvince, Enterprise, Inquiry, Project, ProjectStatus
from zones.models import Area, Industry

BATCH_SIZE = 5000
SAMPLE_NOTE = "Generated sample data for load tests; not a real {kind}."
# Countries whose investors the zone courts (Central Asia, neighbours, Europe).
SAMPLE_COUNTRIES = ["KZ", "KG", "TJ", "UZ", "TM", "RU", "PK", "AF", "MN", "DE", "FR", "IT", "TR", "AE", "SG"]
FIRST_DAY = date(2023, 11, 1)
DAY_SPAN = 3 * 365


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
    bump_content_version()
    return project_count, enterprise_count


def generate_sample_data(*, enterprises: int, projects: int, seed: int) -> None:
    """Create `enterprises` and `projects` sample rows, numbered after any existing ones."""
    rng = random.Random(seed)
    areas = list(Area.objects.published().order_by("slug"))
    industries = list(Industry.objects.published().order_by("slug"))
    if not areas or not industries:
        raise CommandError("No published areas or industries: run `manage.py load_ftz_data` first.")
    now = timezone.now()
    provinces = sorted(ChineseProvince.values)
    statuses = sorted(ProjectStatus.values)
    through = Enterprise.industries.through

    # Rows are built and inserted one batch at a time so memory stays flat at any scale;
    # the random stream is consumed in the same order, so a seed still gives the same data.
    start = Enterprise.objects.sample().count()
    for batch_start in range(start + 1, start + enterprises + 1, BATCH_SIZE):
        batch, links = [], []
        for number in range(batch_start, min(batch_start + BATCH_SIZE, start + enterprises + 1)):
            foreign = rng.random() < 0.4
            batch.append(
                Enterprise(
                    name_en=f"Sample Enterprise {number:05d}",
                    slug=f"sample-enterprise-{number:05d}",
                    area=rng.choice(areas),
                    origin_country=rng.choice(SAMPLE_COUNTRIES) if foreign else "CN",
                    origin_province="" if foreign else rng.choice(provinces),
                    is_foreign_invested=foreign,
                    settled_on=FIRST_DAY + timedelta(days=rng.randrange(DAY_SPAN)),
                    description_en=SAMPLE_NOTE.format(kind="enterprise"),
                    is_sample=True,
                    publication_status=PublicationStatus.PUBLISHED,
                    published_at=now,
                )
            )
            links.append(rng.sample(industries, k=rng.choice((1, 1, 2))))
        # PostgreSQL and SQLite (3.35+) return the new primary keys from a bulk insert.
        Enterprise.objects.bulk_create(batch)
        through.objects.bulk_create(
            [
                through(enterprise_id=row.pk, industry_id=industry.pk)
                for row, chosen in zip(batch, links, strict=True)
                for industry in chosen
            ]
        )

    enterprise_pks = list(Enterprise.objects.sample().order_by("pk").values_list("pk", flat=True))
    project_start = Project.objects.sample().count()
    for batch_start in range(project_start + 1, project_start + projects + 1, BATCH_SIZE):
        batch = []
        for number in range(batch_start, min(batch_start + BATCH_SIZE, project_start + projects + 1)):
            batch.append(
                Project(
                    name_en=f"Sample Project {number:06d}",
                    slug=f"sample-project-{number:06d}",
                    area=rng.choice(areas),
                    enterprise_id=rng.choice(enterprise_pks) if enterprise_pks and rng.random() < 0.8 else None,
                    industry=rng.choice(industries),
                    status=rng.choice(statuses),
                    value=Decimal(rng.randrange(1, 5000)) * Decimal(1_000_000),
                    currency=rng.choices([Currency.CNY, Currency.USD, Currency.EUR], weights=[80, 15, 5])[0],
                    signed_on=FIRST_DAY + timedelta(days=rng.randrange(DAY_SPAN)),
                    description_en=SAMPLE_NOTE.format(kind="project"),
                    is_sample=True,
                    publication_status=PublicationStatus.PUBLISHED,
                    published_at=now,
                )
            )
        Project.objects.bulk_create(batch)
    bump_content_version()


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
                generate_sample_data(enterprises=enterprises, projects=projects, seed=seed)
        if verbosity and not remove:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {enterprises} sample enterprises and {projects} sample projects "
                    f"in {time.monotonic() - started:.1f} s."
                )
            )
