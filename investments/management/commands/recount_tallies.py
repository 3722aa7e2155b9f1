"""Rebuild the tallies (counts and sums of published enterprises and projects) from the rows.

Saves, deletes, imports and restores keep them up to date; this is for writes that bypass
the ORM's signals (SQL by hand, a database restored outside `restore_data`)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from investments.tallies import recount_tallies


class Command(BaseCommand):
    help = "Rebuild the counts and sums of published enterprises and projects from the rows."

    def handle(self, *args, verbosity, **options):
        with transaction.atomic():
            recount_tallies()
        if verbosity:
            self.stdout.write("Tallies recounted.")
