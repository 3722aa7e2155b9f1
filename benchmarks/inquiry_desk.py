"""The inquiry desk at scale: the dashboard, its CSV and the inquiry list (filtered,
paginated) over N generated inquiries, in-process through Django's test client, with the
number of queries of each page and its median time over a few runs.

    DEBUG=1 DATABASE_URL=sqlite:////tmp/desk-bench.sqlite3 .venv/bin/python benchmarks/inquiry_desk.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/ftz_desk_bench .venv/bin/python benchmarks/inquiry_desk.py

The database must exist (PostgreSQL: `createdb`); it is migrated and filled with
--inquiries rows (default 100,000) when it does not hold that many already; the rows are
labelled "Benchmark inquiry" and spread over the last 400 days, three areas, two
industries, eight origins, every status and source.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftzportal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from investments.models import Inquiry, InquirySource, InquiryStatus  # noqa: E402
from zones.models import Area, Industry  # noqa: E402

LABEL = "Benchmark inquiry"
ORIGINS = [
    ("KG", ""),
    ("KZ", ""),
    ("UZ", ""),
    ("RU", ""),
    ("DE", ""),
    ("", ""),
    ("CN", "zhejiang"),
    ("CN", "guangdong"),
]


def fill(count: int) -> None:
    existing = Inquiry.objects.filter(name=LABEL).count()
    if existing == count:
        return
    Inquiry.objects.filter(name=LABEL).delete()
    rng = random.Random(21)
    areas = [*Area.objects.all()[:3], None]
    industries = [*Industry.objects.all()[:2], None]
    handlers = list(get_user_model().objects.filter(username__startswith="desk-handler"))
    created_at = Inquiry._meta.get_field("created_at")
    created_at.auto_now_add = False  # the benchmark writes the past; the app never does
    now = timezone.now()
    batch = []
    for _n in range(count):
        created = now - timedelta(minutes=rng.randint(1, 400 * 24 * 60))
        status = rng.choice(list(InquiryStatus))
        replied = created + timedelta(minutes=rng.randint(30, 6 * 24 * 60)) if status != InquiryStatus.NEW else None
        country, province = rng.choice(ORIGINS)
        batch.append(
            Inquiry(
                name=LABEL,
                email="bench@example.com",
                message="Benchmark",
                consent=True,
                created_at=created,
                status=status,
                area=rng.choice(areas),
                industry=rng.choice(industries),
                assignee=rng.choice(handlers),
                country=country,
                province=province,
                source=rng.choice(list(InquirySource)),
                reply_due_at=created + timedelta(hours=48),
                first_replied_at=replied if replied and replied < now else None,
                closed_at=(replied + timedelta(hours=30)) if status == InquiryStatus.CLOSED and replied else None,
            )
        )
        if len(batch) == 5000:
            Inquiry.objects.bulk_create(batch)
            batch = []
    Inquiry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, url, runs):
    times = []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("load_ftz_data", verbosity=0)
    call_command("setup_roles", verbosity=0)
    handler_group = Group.objects.get(name="Inquiry handler")
    for number in range(4):
        user, _created = get_user_model().objects.get_or_create(
            username=f"desk-handler{number}", defaults={"is_staff": True}
        )
        user.groups.add(handler_group)
    fill(args.inquiries)

    setup_test_environment()
    client = Client()
    client.force_login(get_user_model().objects.get(username="desk-handler0"))
    desk = "/admin/investments/inquiry/desk/"
    inquiries = "/admin/investments/inquiry/"
    print(f"{connection.vendor}, {Inquiry.objects.count():,} inquiries, median of {args.runs} runs")
    for url in (
        f"{desk}?period=week",
        f"{desk}?period=month",
        f"{desk}?period=quarter",
        f"{desk}?period=quarter&format=csv",
        inquiries,
        f"{inquiries}?reply=overdue",
        f"{inquiries}?assigned=me&status__exact=new",
        f"{inquiries}?area__id__exact={Area.objects.first().pk}&p=20",
    ):
        seconds, queries = measure(client, url, args.runs)
        print(f"{url:70} {seconds * 1000:8.0f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
