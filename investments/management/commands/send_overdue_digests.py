from django.core.management.base import BaseCommand

from investments.services import send_overdue_digests


class Command(BaseCommand):
    help = (
        "E-mail each handler their overdue inquiries (run once a day; a second run the same day sends nothing, "
        "and a handler with nothing overdue gets no e-mail)."
    )

    def handle(self, *args, verbosity, **options):
        sent = send_overdue_digests()
        if verbosity:
            self.stdout.write(f"Sent {sent} overdue digest(s).")
