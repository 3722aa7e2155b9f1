"""Send the search-alert digests. Run by cron: daily with --frequency daily, weekly with
--frequency weekly. Each matching change goes out once, so a repeated run sends nothing."""

from django.core.management.base import BaseCommand

from alerts.models import Frequency
from alerts.services import send_digests


class Command(BaseCommand):
    help = "E-mail each confirmed search alert the entries published or updated since its last digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            help="Only subscriptions with this frequency (default: all).",
        )

    def handle(self, *args, frequency=None, verbosity=1, **options):
        sent = send_digests(frequency)
        if verbosity:
            self.stdout.write(f"{sent} digest(s) sent.")
