from django.core.management.base import BaseCommand

from investments.services import send_pending_inquiry_notifications


class Command(BaseCommand):
    help = "Send handler notifications for inquiries whose e-mail has not gone out yet (run from cron)."

    def handle(self, *args, verbosity, **options):
        sent = send_pending_inquiry_notifications()
        if verbosity:
            self.stdout.write(f"Sent {sent} inquiry notification(s).")
