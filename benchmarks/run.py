"""The portal's side-by-side benchmark (see benchmarks/README.md).

    .venv/bin/python benchmarks/run.py [--quick] [--database-url postgres://…] [--redis]

1. builds (or reuses) a database with the real data plus sample enterprises and projects;
2. starts gunicorn (production settings, 2 sync workers) on a free loopback port;
3. measures SQL queries per request in-process, then drives every URL with wrk at 8 and
   32 connections: the home page, an area page, a detail page, search, and each filtered
   list as HTML and as API JSON, once with one fixed URL and once with URLs varied over
   area × industry (or value range, category) × page;
4. drives the two reference points in the same run: a static file served by whitenoise
   and a stock DRF list of the same enterprises;
5. prints one table with each row's ratio to both reference points;
6. then, on the same server: the first request of every page type after a publish (a
   save through the ORM, as a curator's edit), the varied lists and the home page while
   an edit is published every second (with a check that each edit shows at once), and the
   whole-list downloads (CSV streamed, Excel from its prepared open-data file) with the
   home page's latency measured beside them; three small tables after the first.

Routes that do not exist yet are reported as "missing", not as failures.
"""

import argparse
import http.client
import json
import logging
import math
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "benchmarks" / ".data"
LUA_SCRIPT = REPO / "benchmarks" / "wrk_paths.lua"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
REDIS_URL = "redis://127.0.0.1:6379/14"
PAGE_SIZE = 20
MAX_VARIED_PAGES = 50
WRK_THREADS = 2
WARM_UP_REQUESTS = 6
PUBLISH_INTERVAL = 1.0  # seconds between two edits while the load runs
DOWNLOAD_READ_SIZE = 64 * 1024
PUBLISH_MIX = ("enterprises API, varied", "enterprises HTML, varied", "home page")


@dataclass
class Row:
    name: str
    paths: list[str]
    kind: str  # "static", "stock", "page"
    varied: bool = False
    site: bool = True  # a page of the site (also requested after a publish), not a benchmark-only one
    status: str = "ok"  # ok, missing, error NNN
    queries: str = "–"
    results: dict = field(default_factory=dict)  # connections -> figures


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 enterprises, 2 s per URL: a smoke run.")
    parser.add_argument("--database-url", help="PostgreSQL URL (the database is created if missing). Default: SQLite.")
    parser.add_argument("--redis", action="store_true", help="Cache in Redis (--redis-url, flushed first).")
    parser.add_argument(
        "--redis-url", default=REDIS_URL, help=f"Redis database for --redis (default {REDIS_URL}); it is flushed."
    )
    parser.add_argument("--enterprises", type=int, help="Sample enterprises (default 100,000; 10,000 with --quick).")
    parser.add_argument("--duration", type=float, help="Seconds of wrk per URL and connection count.")
    parser.add_argument("--connections", default="8,32", help="Comma-separated connection counts (default 8,32).")
    parser.add_argument("--port", type=int, help="Port for gunicorn (default: a free one in 8100-8999).")
    parser.add_argument("--recycle", action="store_true", help="Keep gunicorn.conf.py's max_requests recycling.")
    parser.add_argument("--json", type=Path, help="Also write the results to this JSON file.")
    parser.add_argument(
        "--publish-duration", type=float, help="Seconds of wrk per run of the publish-under-load mix (default 10)."
    )
    parser.add_argument(
        "--no-publish", action="store_true", help="Skip the after-a-publish and publish-under-load rows."
    )
    parser.add_argument("--no-downloads", action="store_true", help="Skip the downloads rows (the longest at scale).")
    parser.add_argument(
        "--only",
        help="Comma-separated parts of row names to drive (e.g. 'API,home'); the two references always run.",
    )
    return parser.parse_args()


def free_port() -> int:
    for port in random.sample(range(8100, 9000), 900):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("No free port in 8100-8999.")


def prepare_environment(args, enterprises: int, workdir: Path) -> dict:
    if args.database_url:
        database_url = args.database_url
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{DATA_DIR / f'bench-{enterprises}.sqlite3'}"
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "CACHE_URL": args.redis_url if args.redis else "locmemcache://ftzportal",
        # Plain HTTP on loopback: no redirect to HTTPS, no Secure-only cookies.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        # The anonymous API rate (60/minute) would turn the benchmark into a 429 test.
        "API_ANON_RATE": "100000000/minute",
        "API_PARTNER_RATE": "100000000/minute",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        # The open-data files the downloads rows prepare, removed with the rest of the run.
        "MEDIA_ROOT": str(workdir / "media"),
    }
    os.environ.update(env)
    return env


def ensure_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build_database(enterprises: int, projects: int) -> str:
    """Migrate, load the real data, generate the sample rows unless they are there."""
    from django.core.management import call_command
    from django.db import connection

    from investments.models import Enterprise, Project
    from search.models import SearchDocument
    from zones.models import Zone

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if not Zone.objects.exists():
        call_command("load_ftz_data", verbosity=0)
    have = (Enterprise.objects.sample().count(), Project.objects.sample().count())
    if have == (enterprises, projects) and SearchDocument.objects.filter(is_sample=True).exists():
        return f"reused ({enterprises:,} sample enterprises, {projects:,} projects, their search index)"
    generated = time.monotonic()
    if have != (enterprises, projects):
        call_command("generate_sample_data", enterprises=enterprises, projects=projects, replace=True, verbosity=0)
    generate_seconds = time.monotonic() - generated
    indexed = time.monotonic()
    # Bulk inserts send no signals: the search index is rebuilt as after any bulk write.
    call_command("rebuild_search_index", verbosity=0)
    index_seconds = time.monotonic() - indexed
    # Fresh statistics, as a production database has: the planner needs them to pick indexes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return (
        f"built in {time.monotonic() - started:.0f} s "
        f"(generate_sample_data {enterprises:,} + {projects:,}: {generate_seconds:.0f} s; "
        f"rebuild_search_index: {index_seconds:.0f} s)"
    )


def collect_static() -> str:
    """Collect into the temporary STATIC_ROOT; return the hashed URL of one stylesheet."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())["paths"]
    css = sorted(name for name in manifest if name.endswith(".css") and not name.startswith("admin/"))
    chosen = css[0] if css else sorted(manifest)[0]
    return "/" + settings.STATIC_URL.strip("/") + "/" + manifest[chosen]


def pages(count: int) -> int:
    return max(1, min(MAX_VARIED_PAGES, math.ceil(count / PAGE_SIZE)))


def shuffled(paths: list[str], seed: int) -> list[str]:
    paths = list(paths)
    random.Random(seed).shuffle(paths)
    return paths


def search_queries() -> list[str]:
    """One to three words as investors type them: English, Chinese and Russian, area
    aliases, sample names, phrases and misspellings; URL-encoded, in a fixed shuffle."""
    from urllib.parse import quote

    from zones.models import Area, Industry

    words = [alias for area in Area.objects.published() for alias in area.alias_list]
    for industry in Industry.objects.published():
        words += [industry.name_en.split()[0], industry.name_zh_hans or "", (industry.name_ru or "").split(" ")[0]]
    words = [word for word in words if word]
    rng = random.Random(19)
    queries = list(words)
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(40)]
    queries += [f"sample enterprise {rng.randrange(1, 100_000):05d}" for _ in range(20)]
    queries += [f"project {rng.randrange(1, 300_000):06d}" for _ in range(20)]
    queries += [
        "Kashgr",
        "logistcs",
        "Khorgoss",
        "textle",
        "Urumqui",
        "Кашгар текстиль",
        "喀什 纺织",
        '"free trade zone"',
    ]
    queries += ["horgos logistics", "textile kashgar", "Хоргос логистика", "cotton", "warehouse", "bonded"]
    return shuffled([quote(query) for query in queries], 19)


def build_rows(static_url: str, api_prefix: str) -> list[Row]:
    """The URLs, chosen from the data actually in the database."""
    from django.db.models import Count

    from investments.models import Enterprise, Project
    from zones.models import Area, Incentive, IncentiveCategory, Industry

    areas = list(Area.objects.published().order_by("slug").values_list("slug", flat=True))
    through = Enterprise.industries.through
    enterprise_combos = {
        (row["enterprise__area__slug"], row["industry__slug"]): row["n"]
        for row in through.objects.filter(
            enterprise__publication_status="published", industry__publication_status="published"
        )
        .values("enterprise__area__slug", "industry__slug")
        .annotate(n=Count("pk"))
    }
    busiest_area, busiest_industry = max(enterprise_combos, key=enterprise_combos.get)
    value_ranges = [(low * 1_000_000_000, (low + 1) * 1_000_000_000) for low in range(5)]
    project_combos = {}
    for area in areas:
        for low, high in value_ranges:
            project_combos[(area, low, high)] = (
                Project.objects.published().filter(area__slug=area, value__gte=low, value__lte=high).count()
            )
    categories = list(IncentiveCategory.values)
    incentive_combos = {(area, category): 1 for area in areas for category in categories}
    industries = list(Industry.objects.published().order_by("slug").values_list("slug", flat=True))
    enterprise = Enterprise.objects.published().order_by("pk").values_list("slug", flat=True).first()
    incentive_area, incentive_category = areas[0], categories[0]
    if Incentive.objects.published().exists():
        first = Incentive.objects.published().prefetch_related("areas").order_by("pk").first()
        incentive_category = first.category
        incentive_area = next((a.slug for a in first.areas.all()), areas[0])

    def enterprise_query(area, industry, page):
        return f"?area={area}&industry={industry}" + (f"&page={page}" if page > 1 else "")

    def project_query(area, low, high, page):
        return f"?area={area}&min_value={low}&max_value={high}" + (f"&page={page}" if page > 1 else "")

    def incentive_query(area, category, industry=""):
        return f"?area={area}&category={category}" + (f"&industry={industry}" if industry else "")

    varied_enterprises = [
        enterprise_query(area, industry, page)
        for (area, industry), count in enterprise_combos.items()
        for page in range(1, pages(count) + 1)
    ]
    varied_projects = [
        project_query(area, low, high, page)
        for (area, low, high), count in project_combos.items()
        for page in range(1, pages(count) + 1)
    ]
    varied_incentives = [
        incentive_query(area, category, industry)
        for (area, category) in incentive_combos
        for industry in ["", *industries]
    ]
    fixed_enterprises = enterprise_query(busiest_area, busiest_industry, 1)
    fixed_projects = project_query(busiest_area, *value_ranges[0], 1)
    fixed_incentives = incentive_query(incentive_area, incentive_category)

    rows = [
        Row("static file (whitenoise)", [static_url], "static", site=False),
        Row("stock DRF list, fixed", [f"/bench/stock-enterprises/{fixed_enterprises}"], "stock", site=False),
        Row(
            "stock DRF list, varied",
            shuffled([f"/bench/stock-enterprises/{q}" for q in varied_enterprises], 1),
            "stock",
            varied=True,
            site=False,
        ),
        Row("home page", ["/"], "page"),
        Row("area page", [f"/areas/{busiest_area}/"], "page"),
        Row("enterprise detail", [f"/enterprises/{enterprise}/"], "page"),
        Row("search", [f"/search/?q={busiest_area}"], "page"),
        # Issue 19: the same varied searches through the index and through the substring
        # scan it replaced (both JSON, uncached), and the results page.
        Row(
            "search icontains (before), varied",
            [f"/bench/icontains-search/?q={q}" for q in search_queries()],
            "page",
            varied=True,
            site=False,
        ),
        Row(
            "search API (index), varied", [f"{api_prefix}search/?q={q}" for q in search_queries()], "page", varied=True
        ),
        Row("search page (index), varied", [f"/search/?q={q}" for q in search_queries()], "page", varied=True),
    ]
    lists = [
        ("enterprises", "/enterprises/", fixed_enterprises, varied_enterprises),
        ("projects", "/projects/", fixed_projects, varied_projects),
        ("incentives", "/incentives/", fixed_incentives, varied_incentives),
    ]
    for name, path, fixed, varied in lists:
        for label, prefix in (("HTML", path), ("API", api_prefix + path.strip("/") + "/")):
            rows.append(Row(f"{name} {label}, fixed", [prefix + fixed], "page"))
            rows.append(Row(f"{name} {label}, varied", shuffled([prefix + q for q in varied], 2), "page", varied=True))
    return rows


def detect_api_prefix() -> str:
    """The partner API's list prefix: /api/ or /api/v1/, whichever routes enterprises."""
    from django.urls import Resolver404, resolve

    for prefix in ("/api/v1/", "/api/"):
        try:
            match = resolve(prefix + "enterprises/")
        except Resolver404:
            continue
        if match.url_name and "not" not in match.url_name:
            return prefix
    return "/api/"


def count_queries(rows: list[Row]) -> None:
    """SQL queries of one request, in-process: the first request of a URL (nothing cached)
    and a second one (the same URL for fixed rows; the next URL of the list for varied
    rows, whose filter's count may already be cached)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A failing page is reported as "error 500" in its row, not raised.
    client = Client(raise_request_exception=False)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("ftzportal.request").setLevel(logging.CRITICAL)
    for row in rows:
        if row.kind == "static":
            row.queries = "0"
            continue
        figures = []
        second = row.paths[1] if row.varied and len(row.paths) > 1 else row.paths[0]
        for path in (row.paths[0], second):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code == 404:
                row.status = "missing"
                break
            if response.status_code != 200:
                row.status = f"error {response.status_code}"
                break
            figures.append(len(captured.captured_queries))
        if figures:
            row.queries = "/".join(str(n) for n in figures)


def start_gunicorn(port: int, log_path: Path, recycle: bool) -> subprocess.Popen:
    command = [str(REPO / ".venv" / "bin" / "gunicorn")]
    if GUNICORN_CONF.exists():
        command += ["-c", str(GUNICORN_CONF)]
    command += [
        "ftzportal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--access-logfile",
        str(log_path),
        "--error-logfile",
        str(log_path),
    ]
    if not recycle:
        # Recycling would empty local-memory caches and hide memory growth mid-run.
        command += ["--max-requests", "0"]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit(f"gunicorn did not answer within 40 s; see {log_path}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_rss_mb(server: subprocess.Popen) -> float:
    """Largest resident set of the gunicorn workers (children of the master)."""
    output = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss="], capture_output=True, text=True, check=False
    ).stdout
    sizes = [int(line) for line in output.split() if line.strip().isdigit()]
    return max(sizes) / 1024 if sizes else 0.0


def http_status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def run_wrk(port: int, paths_file: Path, connections: int, duration: float) -> dict:
    threads = min(WRK_THREADS, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA_SCRIPT),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
        str(threads),
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False).stdout
    line = next((line for line in output.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": figures["requests"] / seconds if seconds else 0.0,
        "p50_ms": figures["p50_us"] / 1000,
        "p90_ms": figures["p90_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "errors": figures["status_errors"] + figures["socket_errors"],
        "requests": figures["requests"],
        "hits": figures["hits"],
        "misses": figures["misses"],
    }


def drive(rows: list[Row], port: int, server, connection_counts: list[int], duration: float, workdir: Path) -> None:
    for index, row in enumerate(rows):
        if row.status == "ok":
            status = http_status(port, row.paths[0])
            if status == 404:
                row.status = "missing"
            elif status != 200:
                row.status = f"error {status}"
        if row.status != "ok":
            print(f"  {row.name}: {row.status}", flush=True)
            continue
        for _ in range(WARM_UP_REQUESTS):
            # Every worker loads this page's templates and per-process tables before the
            # measurement; the other URLs of a varied row stay as cold as they were.
            http_status(port, row.paths[0])
        paths_file = workdir / f"paths-{index}.txt"
        paths_file.write_text("\n".join(row.paths) + "\n")
        for connections in connection_counts:
            figures = run_wrk(port, paths_file, connections, duration)
            figures["rss_mb"] = worker_rss_mb(server)
            row.results[connections] = figures
            print(
                f"  {row.name} @{connections}: {figures['rps']:.0f} req/s, p99 {figures['p99_ms']:.1f} ms",
                flush=True,
            )


@dataclass
class Fetched:
    status: int
    first_byte_ms: float = 0.0
    seconds: float = 0.0
    received: int = 0
    complete: bool = True
    final_path: str = ""  # where a redirect led, if it did
    body: bytes = b""


def fetch(port: int, path: str, keep_body: bool = False, timeout: float = 3600) -> Fetched:
    """GET `path` as a browser would (following redirects, no compression asked for), reading
    the body in chunks and dropping them unless `keep_body`: the status, the time to the
    first byte of the body, the whole time and the bytes. `complete` is False when the
    server stopped sending before the end (a worker killed mid-stream)."""
    started = time.perf_counter()
    try:
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout)
    except urllib.error.HTTPError as error:
        response = error
    except OSError:
        return Fetched(status=0, seconds=time.perf_counter() - started, complete=False)
    final = urllib.parse.urlsplit(response.geturl())
    final_path = final.path + (f"?{final.query}" if final.query else "")
    fetched = Fetched(status=response.status, final_path=final_path if final_path != path else "")
    kept = []
    with response:
        try:
            chunk = response.read1(DOWNLOAD_READ_SIZE)
            fetched.first_byte_ms = (time.perf_counter() - started) * 1000
            while chunk:
                fetched.received += len(chunk)
                if keep_body:
                    kept.append(chunk)
                chunk = response.read(DOWNLOAD_READ_SIZE)
        except (http.client.HTTPException, OSError):
            fetched.complete = False
    fetched.seconds = time.perf_counter() - started
    fetched.body = b"".join(kept)
    return fetched


class EnterpriseEditor:
    """Publishes edits of one published enterprise (the table's enterprise page) the way a
    curator's save does: `save()` through the ORM, whose signals re-index it and move the
    content version after the commit (zones/signals.py). Puts the description back after."""

    def __init__(self, api_prefix: str):
        from investments.models import Enterprise

        self.enterprise = Enterprise.objects.published().order_by("pk").first()
        self.original = self.enterprise.description
        self.run = secrets.token_hex(3)
        self.edits = 0
        self.paths = [self.enterprise.get_absolute_url(), f"{api_prefix}enterprises/{self.enterprise.slug}/"]

    def publish(self) -> str:
        """Save an edit; returns the text its page and API must show from now on."""
        self.edits += 1
        mark = f"[benchmark edit {self.run}-{self.edits}]"
        self.enterprise.description = f"{self.original} {mark}".strip()
        self.enterprise.save()
        return mark

    def restore(self) -> None:
        self.enterprise.description = self.original
        self.enterprise.save()


def after_publish_paths(rows: list[Row]) -> list[str]:
    """cold_pages.py's pages (industries, compare, match, factsheet…) and the first URL of
    every site row of the table (lists as HTML and API, search, detail), each once."""
    from benchmarks.cold_pages import public_paths

    paths = public_paths() + [row.paths[0] for row in rows if row.site and row.status == "ok"]
    return list(dict.fromkeys(paths))


def first_after_publish(port: int, paths: list[str], editor: EnterpriseEditor) -> list[dict]:
    """Each path once, right after its own publish: the first request at a new content
    version, which every cached page and count has left behind."""
    results = []
    for path in paths:
        editor.publish()
        fetched = fetch(port, path)
        results.append({"path": path, "status": fetched.status, "ms": fetched.seconds * 1000})
        print(f"  after a publish {path}: {fetched.status} in {fetched.seconds * 1000:.0f} ms", flush=True)
    return results


def publish_and_check(port: int, editor: EnterpriseEditor, stop: threading.Event, outcome: dict) -> None:
    """Every PUBLISH_INTERVAL until `stop`: publish an edit, then request the entry's page
    and API once each; a 200 without the edit is a stale answer."""
    from django.db import connection

    next_at = time.monotonic() + PUBLISH_INTERVAL
    try:
        while not stop.wait(max(0.0, next_at - time.monotonic())):
            next_at += PUBLISH_INTERVAL
            mark = editor.publish().encode()
            outcome["publishes"] += 1
            for path in editor.paths:
                fetched = fetch(port, path, keep_body=True)
                outcome["check_ms"].append(fetched.seconds * 1000)
                if fetched.status != 200:
                    outcome["failed"] += 1
                elif mark not in fetched.body:
                    outcome["stale"] += 1
    finally:
        connection.close()  # this thread's own connection


def split_connections(connections: int, parts: int) -> list[int]:
    return [max(1, connections // parts + (1 if index < connections % parts else 0)) for index in range(parts)]


def publish_under_load(
    port: int, mix: dict[str, list[str]], editor: EnterpriseEditor, connection_counts, seconds: float, workdir: Path
) -> list[dict]:
    """The parts of `mix` driven at once, each by its own wrk (so each has its own
    latencies), sharing the connection count; once without publishing, once with
    `publish_and_check` running beside them."""
    files = {}
    for index, (name, paths) in enumerate(mix.items()):
        files[name] = workdir / f"mix-{index}.txt"
        files[name].write_text("\n".join(paths) + "\n")
        for _ in range(WARM_UP_REQUESTS):
            http_status(port, paths[0])

    def drive_part(name: str, connections: int, figures: dict) -> None:
        figures[name] = run_wrk(port, files[name], connections, seconds)

    results = []
    for connections in connection_counts:
        shares = dict(zip(mix, split_connections(connections, len(mix)), strict=True))
        for publishing in (False, True):
            figures = {}
            drivers = [
                threading.Thread(target=drive_part, args=(name, share, figures)) for name, share in shares.items()
            ]
            stop = threading.Event()
            outcome = {"publishes": 0, "stale": 0, "failed": 0, "check_ms": []}
            publisher = threading.Thread(target=publish_and_check, args=(port, editor, stop, outcome))
            for thread in drivers:
                thread.start()
            if publishing:
                publisher.start()
            for thread in drivers:
                thread.join()
            stop.set()
            if publishing:
                publisher.join()
            checks = sorted(outcome.pop("check_ms"))
            outcome["check_max_ms"] = checks[-1] if checks else None
            for name, share in shares.items():
                results.append({"part": name, "connections": share, "of": connections, "publishing": publishing})
                results[-1].update(figures[name])
                if publishing:
                    results[-1].update(outcome)
            print(
                f"  mix @{connections}, publishing {'on' if publishing else 'off'}: "
                + ", ".join(f"{name} p99 {figures[name]['p99_ms']:.0f} ms" for name in shares)
                + (f"; {outcome['publishes']} publishes, {outcome['stale']} stale" if publishing else ""),
                flush=True,
            )
    return results


def while_home_is_loaded(port: int, server, connections: int, seconds: float, workdir: Path, action) -> dict:
    """Run `action` (a download) over and over while wrk requests the home page for
    `seconds`, sampling the workers' RSS: the first run's figures, how many runs overlapped
    the load, the workers' peak RSS and the home page's figures."""
    paths_file = workdir / "home.txt"
    paths_file.write_text("/\n")
    home = {}
    load = threading.Thread(target=lambda: home.update(run_wrk(port, paths_file, connections, seconds)))
    sizes = [worker_rss_mb(server)]
    done = threading.Event()

    def sample():
        while not done.wait(0.2):
            sizes.append(worker_rss_mb(server))

    sampler = threading.Thread(target=sample)
    sampler.start()
    load.start()
    first, runs = action(), 1
    while load.is_alive():
        action()
        runs += 1
    load.join()
    done.set()
    sampler.join()
    return {"first": first, "runs": runs, "rss_mb": max(sizes), "home": home}


def exporter(resource, file_format: str):
    """export_open_data's work for one file, as the worker or cron runs it after a publish."""
    from ftzportal.open_data import export_resource

    def export() -> Fetched:
        started = time.perf_counter()
        path = export_resource(resource, file_format)
        return Fetched(status=0, seconds=time.perf_counter() - started, received=path.stat().st_size)

    return export


def build_downloads(api_prefix: str, port: int) -> list[tuple[str, object]]:
    """The whole projects list as each way offers it, in the order an investor meets them:
    streamed CSV (site and API), Excel of the largest area within DOWNLOAD_XLSX_MAX_ROWS and
    of the whole list before any export, the open-data export, then the prepared files."""
    from django.conf import settings
    from django.db.models import Count

    from investments.lists import PROJECTS
    from investments.models import Project

    per_area = list(Project.objects.published().values_list("area__slug").annotate(n=Count("pk")).order_by("-n"))
    area, count = next(((a, n) for a, n in per_area if n <= settings.DOWNLOAD_XLSX_MAX_ROWS), per_area[0])

    def get(path):
        return lambda: fetch(port, path)

    return [
        ("projects CSV, whole list", get("/projects/download.csv")),
        ("projects CSV, API ?format=csv", get(f"{api_prefix}projects/?format=csv")),
        (f"projects Excel, area {area} ({count:,} rows)", get(f"/projects/download.xlsx?area={area}")),
        ("projects Excel, whole list, not prepared", get("/projects/download.xlsx")),
        ("export_open_data: projects CSV", exporter(PROJECTS, "csv")),
        ("export_open_data: projects Excel", exporter(PROJECTS, "xlsx")),
        ("projects open-data CSV (prepared)", get("/projects/open-data.csv")),
        ("projects Excel, whole list, prepared", get("/projects/download.xlsx")),
        ("projects CSV, whole list, prepared", get("/projects/download.csv")),
    ]


def measure_downloads(downloads, port: int, server, connections: int, seconds: float, workdir: Path) -> list[dict]:
    results = []
    for name, action in downloads:
        measured = while_home_is_loaded(port, server, connections, seconds, workdir, action)
        first, home = measured["first"], measured["home"]
        result = {
            "download": name,
            "status": first.status,
            "complete": first.complete,
            "final_path": first.final_path,
            "first_byte_ms": first.first_byte_ms,
            "seconds": first.seconds,
            "bytes": first.received,
            "runs": measured["runs"],
            "rss_mb": measured["rss_mb"],
            "home_rps": home["rps"],
            "home_p99_ms": home["p99_ms"],
            "home_errors": home["errors"],
        }
        results.append(result)
        print(
            f"  {name}: {first.status} {first.received / 1e6:.1f} MB in {first.seconds:.1f} s; "
            f"home p99 {home['p99_ms']:.0f} ms meanwhile",
            flush=True,
        )
    return results


def ratio(value: float, reference: float | None, percent: bool) -> str:
    if not reference:
        return "–"
    return f"{100 * value / reference:.0f}%" if percent else f"{value / reference:.1f}×"


def print_table(rows: list[Row], connection_counts: list[int], header: str) -> str:
    static = next(row for row in rows if row.kind == "static")
    stock_fixed, stock_varied = (row for row in rows if row.kind == "stock")
    columns = ["URL", "conns", "req/s", "p50 ms", "p90 ms", "p99 ms", "SQL/req", "RSS MB", "vs static", "vs stock"]
    columns += ["cache hits", "errors"]
    lines = []
    for row in rows:
        if row.status != "ok" or not row.results:
            lines.append([row.name, "", row.status, "", "", "", row.queries, "", "", "", "", ""])
            continue
        stock = stock_varied if row.varied else stock_fixed
        for connections in connection_counts:
            figures = row.results[connections]
            static_rps = static.results.get(connections, {}).get("rps")
            stock_rps = stock.results.get(connections, {}).get("rps")
            answered = figures["hits"] + figures["misses"]
            lines.append(
                [
                    row.name,
                    str(connections),
                    f"{figures['rps']:.0f}",
                    f"{figures['p50_ms']:.1f}",
                    f"{figures['p90_ms']:.1f}",
                    f"{figures['p99_ms']:.1f}",
                    row.queries,
                    f"{figures['rss_mb']:.0f}",
                    ratio(figures["rps"], static_rps, percent=True),
                    ratio(figures["rps"], stock_rps, percent=False),
                    f"{100 * figures['hits'] / answered:.0f}%" if answered else "–",
                    str(figures["errors"]),
                ]
            )
    return print_markdown(header, columns, lines)


def print_markdown(header: str, columns: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(columns[i]), *(len(line[i]) for line in lines)) for i in range(len(columns))]

    def format_line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    table = [header, "", format_line(columns), "|" + "|".join("-" * (width + 2) for width in widths) + "|"]
    table += [format_line(line) for line in lines]
    text = "\n".join(table)
    print("\n" + text)
    return text


def print_after_publish(results: list[dict]) -> str:
    slowest = max(results, key=lambda result: result["ms"])
    failing = [result for result in results if result["status"] != 200]
    header = (
        "First request after a publish: each URL once, right after its own save of a published enterprise "
        f"(goal: every one under 300 ms, none failing). Slowest {slowest['ms']:.0f} ms ({slowest['path']}); "
        f"{len(failing)} not 200."
    )
    lines = [[f"`{result['path']}`", str(result["status"]), f"{result['ms']:.0f}"] for result in results]
    return print_markdown(header, ["URL", "status", "ms"], lines)


def print_publish_under_load(results: list[dict], seconds: float) -> str:
    header = (
        f"Publish under load: the parts below driven at once for {seconds:g} s, each by its own wrk "
        f"(connections shared out), without and with an edit published every {PUBLISH_INTERVAL:g} s; after "
        "each, the entry's page and API are requested once (stale: a 200 without the edit; goal 0; "
        "check max: the slowest of those requests). Goals: API varied p99 < 100 ms, HTML varied < 150 ms."
    )
    columns = ["part", "conns", "publishing", "req/s", "p50 ms", "p99 ms", "errors", "publishes", "stale"]
    columns += ["failed", "check max ms"]
    lines = []
    for result in results:
        publishing = result["publishing"]
        check_max = result.get("check_max_ms")
        lines.append(
            [
                result["part"],
                f"{result['connections']} of {result['of']}",
                f"every {PUBLISH_INTERVAL:g} s" if publishing else "off",
                f"{result['rps']:.0f}",
                f"{result['p50_ms']:.1f}",
                f"{result['p99_ms']:.1f}",
                str(result["errors"]),
                str(result["publishes"]) if publishing else "–",
                str(result["stale"]) if publishing else "–",
                str(result["failed"]) if publishing else "–",
                f"{check_max:.0f}" if publishing and check_max is not None else "–",
            ]
        )
    return print_markdown(header, columns, lines)


def print_downloads(results: list[dict], connections: int, seconds: float) -> str:
    header = (
        "Downloads of the whole projects list (uncompressed, read in 64 KiB chunks and dropped), each repeated "
        f"while wrk requests the home page at {connections} connections for {seconds:g} s: the first run's "
        "status, time to the first byte and in all, size; runs done meanwhile; the largest worker RSS "
        "meanwhile; the home page's figures meanwhile. Exports run in the benchmark process, as the worker "
        "would: their time is the time until the prepared file is there."
    )
    columns = ["download", "status", "first byte ms", "total s", "MB", "MB/s", "runs", "RSS MB", "home req/s"]
    columns += ["home p99 ms", "home errors"]
    lines = []
    for result in results:
        exported = result["status"] == 0 and result["complete"]
        status = "written" if exported else str(result["status"])
        if not result["complete"]:
            status += ", cut short"
        if result["final_path"]:
            status += f", redirected to {result['final_path']}"
        lines.append(
            [
                result["download"],
                status,
                "–" if exported else f"{result['first_byte_ms']:.0f}",
                f"{result['seconds']:.2f}",
                f"{result['bytes'] / 1e6:.1f}",
                f"{result['bytes'] / 1e6 / result['seconds']:.1f}" if result["seconds"] else "–",
                str(result["runs"]),
                f"{result['rss_mb']:.0f}",
                f"{result['home_rps']:.0f}",
                f"{result['home_p99_ms']:.1f}",
                str(result["home_errors"]),
            ]
        )
    return print_markdown(header, columns, lines)


def main():
    args = parse_args()
    enterprises = args.enterprises or (10_000 if args.quick else 100_000)
    projects = 3 * enterprises
    duration = args.duration or (2.0 if args.quick else 10.0)
    publish_seconds = args.publish_duration or 10.0
    # A few seconds of home-page load beside each download, however short --duration is.
    download_seconds = max(3.0, duration)
    connection_counts = [int(n) for n in args.connections.split(",")]
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="ftz-bench-"))
    env = prepare_environment(args, enterprises, workdir)
    if args.database_url:
        ensure_postgres_database(args.database_url)
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import connection

    print(f"Database: {connection.vendor} ({env['DATABASE_URL'].split('@')[-1]})", flush=True)
    print(f"Data: {build_database(enterprises, projects)}", flush=True)
    static_url = collect_static()
    api_prefix = detect_api_prefix()
    rows = build_rows(static_url, api_prefix)
    # What an investor's browsing looks like while curators publish: the varied enterprise
    # lists (API and HTML) and the home page.
    mix = {row.name: row.paths for row in rows if row.name in PUBLISH_MIX}
    if args.only:
        wanted = [part.strip() for part in args.only.split(",") if part.strip()]
        rows = [row for row in rows if row.kind != "page" or any(part in row.name for part in wanted)]
    count_queries(rows)
    editor = EnterpriseEditor(api_prefix)
    cold_paths = [] if args.no_publish else after_publish_paths(rows)
    print(f"Prepared (data, static files, URL lists, query counts) in {time.monotonic() - started:.0f} s", flush=True)
    connection.close()
    port = args.port or free_port()
    server = start_gunicorn(port, workdir / "gunicorn.log", args.recycle)
    extras = {}
    try:
        print(f"gunicorn on 127.0.0.1:{port}, 2 sync workers; wrk {duration:g} s per URL", flush=True)
        drive(rows, port, server, connection_counts, duration, workdir)
        if not args.no_publish:
            print("First request after a publish, then publishing under load:", flush=True)
            extras["after_publish"] = first_after_publish(port, cold_paths, editor)
            extras["publish_under_load"] = publish_under_load(
                port, mix, editor, connection_counts, publish_seconds, workdir
            )
        if not args.no_downloads:
            print("Downloads:", flush=True)
            downloads = build_downloads(api_prefix, port)
            extras["downloads"] = measure_downloads(
                downloads, port, server, connection_counts[0], download_seconds, workdir
            )
    finally:
        stop(server)
        if editor.edits:
            editor.restore()
    from django.conf import settings

    header = (
        f"FTZ Portal benchmark — {connection.vendor}, {enterprises:,} sample enterprises + {projects:,} projects, "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
        ", gunicorn 2 sync workers, "
        f"wrk {WRK_THREADS} threads × {duration:g} s; whole run {time.monotonic() - started:.0f} s.\n"
        "SQL/req: first request / again (varied rows: the next URL of the list). vs static: % of the "
        "whitenoise file's req/s; vs stock: × the stock DRF list's req/s (fixed rows vs fixed, varied vs varied)."
    )
    table = print_table(rows, connection_counts, header)
    if "after_publish" in extras:
        table += "\n\n" + print_after_publish(extras["after_publish"])
        table += "\n\n" + print_publish_under_load(extras["publish_under_load"], publish_seconds)
    if "downloads" in extras:
        table += "\n\n" + print_downloads(extras["downloads"], connection_counts[0], download_seconds)
    if args.json:
        rows_json = [{**row.__dict__, "paths": row.paths[:3]} for row in rows]
        args.json.write_text(json.dumps({"header": header, "rows": rows_json, **extras}, indent=2))
        print(f"\nResults written to {args.json}")
    shutil.rmtree(workdir, ignore_errors=True)
    return table


if __name__ == "__main__":
    main()
