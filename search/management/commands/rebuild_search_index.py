"""Rebuild the search index from the published content (after bulk writes such as
`generate_sample_data`, or a restore). Shows a progress bar with the time left."""

import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.indexing import published_count, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every published entry, in every language, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, no_progress: bool = False, **options):
        started = time.monotonic()
        with tqdm(total=published_count(), unit="entries", disable=no_progress, file=sys.stderr) as bar:
            total = rebuild(progress=bar.update)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} published entries in {elapsed:.1f} s."))
