"""Peak memory of the CSV and Excel downloads at 10,000 and 100,000 enterprises.

    .venv/bin/python benchmarks/download_memory.py                 # 10,000 and 100,000 rows
    .venv/bin/python benchmarks/download_memory.py --rows 2000 20000

For each size, a throwaway SQLite database in a temporary folder gets the real data
(`load_ftz_data`) and that many sample enterprises (`generate_sample_data`). Then a fresh
Python process requests /enterprises/download.csv and /enterprises/download.xlsx
in-process (Django's test Client), consumes each streamed body chunk by chunk without
keeping it, and reports:

- the process's peak RSS (resource.getrusage) after each download, against the RSS before
  the first one: Django, the ORM and openpyxl loaded, data in the database only;
- the peak of Python allocations during each download (tracemalloc);
- the bytes and rows received.

Flat memory means these peaks are roughly the same at 10x the rows. Each measurement
runs in its own process, so ru_maxrss is not inherited from generating the data.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ftzportal.settings",
        "DEBUG": "1",  # development settings: no SECRET_KEY needed, throwaway database
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
    }


def prepare(database: Path, rows: int) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    env = environment(database)
    for command in (
        ["migrate", "--verbosity=0"],
        ["load_ftz_data", "--verbosity=0"],
        ["generate_sample_data", f"--enterprises={rows}", "--projects=0", "--verbosity=0"],
    ):
        subprocess.run([*manage, *command], check=True, env=env, cwd=ROOT)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure() -> dict:
    """Runs in the child: both downloads, in the child's own process."""
    import tracemalloc

    import django

    django.setup()
    from django.test import Client

    from investments.models import Enterprise

    client = Client(HTTP_HOST="localhost")  # in ALLOWED_HOSTS of the development settings
    # Warm up imports and the URLconf on an empty filtered download (no enterprise comes
    # from Antarctica), so the baseline holds them.
    for url in ("/enterprises/download.csv?origin=AQ", "/enterprises/download.xlsx?origin=AQ"):
        response = client.get(url)
        for _chunk in response.streaming_content:
            pass
        response.close()
    result = {"rows_in_db": Enterprise.objects.published().count(), "baseline_rss_mib": round(rss_mib(), 1)}
    for name, url in (("csv", "/enterprises/download.csv"), ("xlsx", "/enterprises/download.xlsx")):
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(url)
        received = lines = 0
        for chunk in response.streaming_content:
            received += len(chunk)
            lines += chunk.count(b"\n")
        response.close()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result[name] = {
            "status": response.status_code,
            "bytes": received,
            "csv_lines": lines if name == "csv" else None,
            "seconds": round(time.perf_counter() - started, 1),
            "python_peak_mib": round(peak / 2**20, 1),
            "peak_rss_mib": round(rss_mib(), 1),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="Sample enterprises per run.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure()))
        return

    results = {}
    with tempfile.TemporaryDirectory(prefix="download-memory-") as folder:
        for rows in args.rows:
            database = Path(folder) / f"bench-{rows}.sqlite3"
            print(f"== {rows:,} sample enterprises: preparing the database …", flush=True)
            prepare(database, rows)
            child = subprocess.run(
                [sys.executable, __file__, "--child"],
                check=True,
                env=environment(database),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            results[rows] = json.loads(child.stdout.strip().splitlines()[-1])
            print(json.dumps(results[rows], indent=2), flush=True)

    print()
    print(f"{'rows':>9} {'format':>6} {'MB sent':>8} {'s':>6} {'py peak MiB':>12} {'RSS before':>11} {'peak RSS':>9}")
    for result in results.values():
        for name in ("csv", "xlsx"):
            figures = result[name]
            print(
                f"{result['rows_in_db']:>9,} {name:>6} {figures['bytes'] / 1e6:>8.1f} {figures['seconds']:>6} "
                f"{figures['python_peak_mib']:>12} {result['baseline_rss_mib']:>11} {figures['peak_rss_mib']:>9}"
            )


if __name__ == "__main__":
    main()
