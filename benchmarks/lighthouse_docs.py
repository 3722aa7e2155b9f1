"""Lighthouse's four category scores for a page (by default the API docs), desktop and
mobile, the median of several runs, against gunicorn with production settings.

    .venv/bin/python benchmarks/lighthouse_docs.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Lighthouse is not a project dependency: install it anywhere outside the project
(`npm install lighthouse@12` in a scratch folder) and pass its path. One run: a temporary
SQLite database with the real data, static files collected (whitenoise's compressed,
hashed files), gunicorn with 2 workers on a loopback port, a few warm-up requests (each
worker builds the docs' reference once per content version), then Lighthouse with
Debian's Chromium. Prints a Markdown table. SEO is printed twice: as scored, and without
the `is-crawlable` audit, which fails on every /api/ address because robots.txt keeps
crawlers out of the API on purpose.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.concurrent_inquiries import (
    HOST,
    Deadline,
    manage,
    server_env,
    start_gunicorn,
    stop,
    wait_until_healthy,
)

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The real data: the schema lists the published slugs.
SET_UP = (["migrate", "--noinput"], ["createcachetable"], ["load_ftz_data"], ["collectstatic", "--noinput"])
WARM_UP_REQUESTS = 4


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", required=True, help="path of the lighthouse command (npm, outside the project)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--path", default="/api/docs/", help="the page to score")
    parser.add_argument("--runs", type=int, default=3, help="runs per form factor (the median is printed)")
    parser.add_argument("--port", type=int, default=8731, help="loopback port for gunicorn, 8100-8999")
    parser.add_argument("--keep-reports", help="folder for Lighthouse's JSON reports")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 9 or not 8100 <= args.port <= 8999:
        parser.error("bounded run: 1-9 runs, port within 8100-8999")
    return args


def seo_without_crawlability(report: dict) -> float:
    """The SEO score as Lighthouse weighs it, leaving out `is-crawlable`."""
    refs = [ref for ref in report["categories"]["seo"]["auditRefs"] if ref["weight"] and ref["id"] != "is-crawlable"]
    total = sum(ref["weight"] for ref in refs)
    return sum(ref["weight"] * (report["audits"][ref["id"]]["score"] or 0) for ref in refs) / total


def median_score(reports: list[dict], category: str) -> float:
    return statistics.median(report["categories"][category]["score"] for report in reports)


def lighthouse(args, url: str, form_factor: str, output: Path) -> dict:
    command = [args.lighthouse, url, "--output=json", f"--output-path={output}", "--quiet"]
    command.append("--chrome-flags=--headless=new --no-sandbox")
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, env={**os.environ, "CHROME_PATH": args.chromium}, check=True, timeout=300)
    return json.loads(output.read_text())


def main(argv=None) -> int:
    args = parse_args(argv)
    temp_dir = Path(tempfile.mkdtemp(prefix="ftz-lighthouse-"))
    reports_dir = Path(args.keep_reports) if args.keep_reports else temp_dir / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    deadline = Deadline(600)
    env = server_env(f"sqlite:///{temp_dir / 'docs.sqlite3'}", args.port, temp_dir / "static")
    # Lighthouse talks plain HTTP to the loopback server: no proxy in front, no redirect.
    env.update(SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0")
    env.pop("SECURE_PROXY_SSL_HEADER")
    server = None
    try:
        for command in SET_UP:
            manage(env, *command, timeout=deadline.left())
        with (temp_dir / "gunicorn.log").open("w") as log:
            server = start_gunicorn(env, args.port, 2, log)
        wait_until_healthy(args.port, server, deadline)
        url = f"http://{HOST}:{args.port}{args.path}"
        for _ in range(WARM_UP_REQUESTS):
            urllib.request.urlopen(url, timeout=30).read()
        print(f"| {args.path} | " + " | ".join(CATEGORIES) + " | seo without is-crawlable |")
        print("| --- " * (len(CATEGORIES) + 2) + "|")
        for form_factor in ("desktop", "mobile"):
            reports = [
                lighthouse(args, url, form_factor, reports_dir / f"{form_factor}-{run}.json")
                for run in range(1, args.runs + 1)
            ]
            medians = [median_score(reports, name) for name in CATEGORIES]
            seo = statistics.median(seo_without_crawlability(report) for report in reports)
            print(f"| {form_factor} | " + " | ".join(f"{score:.2f}" for score in medians) + f" | {seo:.2f} |")
    finally:
        if server is not None:
            stop(server)
        if not args.keep_reports:
            shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
