"""Write the open-data files (every published row of each list, CSV and Excel) under
MEDIA_ROOT/open-data/, with a progress bar per file.

Run it after publishing: from cron, or — once the task queue is in place — enqueued after
the commit of a publish (one pending export at a time is enough: it reads the data as it
is when it runs)."""

from django.core.management.base import BaseCommand, CommandError

from ftzportal.lists import exported_lists
from ftzportal.open_data import export_open_data


class Command(BaseCommand):
    help = "Write the open-data files of every exported list (CSV and Excel) under MEDIA_ROOT/open-data/."

    def add_arguments(self, parser):
        parser.add_argument("lists", nargs="*", help="Keys of the lists to export (default: all).")

    def handle(self, *args, lists, verbosity, **options):
        known = {resource.key for resource in exported_lists()}
        unknown = sorted(set(lists) - known)
        if unknown:
            raise CommandError(f"Unknown list {', '.join(unknown)}; choose from {', '.join(sorted(known))}.")
        paths = export_open_data(lists or None, progress=verbosity > 0)
        if verbosity:
            for path in paths:
                self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
