"""First request after a publish (cold caches) of the pages whose figures come from the
tallies, the admin changelists, and the first byte of the whole projects CSV, on an
existing database.

    DATABASE_URL=postgres://…/ftz_bench DEBUG=1 .venv/bin/python benchmarks/cold_pages.py

In-process (Django's test Client, no HTTP server), one request each after clearing the
cache, so each figure is the cost of building the page from the database. Prints a
Markdown table: path, status, milliseconds, SQL queries.
"""

import os
import sys
import time
from pathlib import Path

PUBLIC = [
    "/",
    "/industries/",
    "/areas/kashgar/",
    "/areas/kashgar/factsheet/",
    "/compare/?area=kashgar&area=horgos",
    "/match/?industry={industry}&origin=KG",
    "/industries/{industry}/",
]
ADMIN = [
    "/admin/investments/project/",
    "/admin/investments/enterprise/",
    "/admin/investments/project/?area__id__exact={area}",
    "/admin/investments/project/{project}/change/",
    "/admin/investments/enterprise/{enterprise}/change/",
]


def path_values() -> dict:
    """The slugs and ids PUBLIC and ADMIN are formatted with, from the data in the database."""
    from investments.models import Enterprise, Project
    from zones.models import Area, Industry

    industry = Industry.objects.published().filter(projects__isnull=False).first()
    return {
        "industry": industry.slug,
        "area": Area.objects.get(slug="kashgar").pk,
        "project": Project.objects.order_by("-pk").values_list("pk", flat=True).first(),
        "enterprise": Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


def public_paths() -> list[str]:
    """PUBLIC with real slugs: benchmarks/run.py requests them after a publish too."""
    values = path_values()
    return [path.format(**values) for path in PUBLIC]


def timed(client, path) -> tuple[int, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ftzportal.caching import clear_process_memos

    cache.clear()
    clear_process_memos()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST="localhost")
        if response.streaming:
            next(iter(response.streaming_content))
        elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, elapsed, len(queries)


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftzportal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from investments.models import Enterprise, Project

    values = path_values()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    public, admin = Client(), Client()
    admin.force_login(user)
    print(f"{Enterprise.objects.count():,} enterprises, {Project.objects.count():,} projects, {connection.vendor}\n")
    print("| request | status | ms (first after a publish) | queries |\n| --- | --- | --- | --- |")
    for client, paths in ((public, PUBLIC), (admin, ADMIN)):
        for path in paths:
            path = path.format(**values)
            client.get(path, HTTP_HOST="localhost")  # warm the process (imports, templates)
            status, ms, queries = timed(client, path)
            print(f"| `{path}` | {status} | {ms:.0f} | {queries} |")
    status, ms, queries = timed(public, "/projects/download.csv")
    print(f"| `/projects/download.csv` (first chunk) | {status} | {ms:.0f} | {queries} |")


if __name__ == "__main__":
    main()
