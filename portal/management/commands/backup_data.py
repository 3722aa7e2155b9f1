"""Back up every row the portal owns to one JSON file (restore with `restore_data`).

    DEBUG=1 python manage.py backup_data backups/ftz-2026-11-24.json.gz

What is in it: every model of every installed app (curated content in every language
column, enterprises, projects, inquiries and their status changes, change history, users,
groups and their permissions, partner API keys (hashed), login-lockout records, the admin
log), with primary keys kept so a restore reproduces each row exactly. References to
content types and permissions are written as natural keys (app label and model name),
because those rows are created by `migrate` and their ids differ between databases.

What is left out, and why: content types and permissions themselves (`migrate` creates
them), and sessions (short-lived; a restore signs everybody out, which is what one wants).

A name ending in .gz, .bz2, .lzma or .xz is compressed. The file holds personal data
(inquiries, users): store it like the database itself.
"""

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ftzportal import exact_json

# Rows that `migrate` creates, or that must not outlive a restore (see module docstring).
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions", "investments.tally"]


class Command(BaseCommand):
    help = "Write every row of the portal's database to a JSON file that restore_data loads back exactly."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write; .json, or .json.gz (or .bz2/.xz) to compress.")

    def handle(self, *args, path: str, verbosity: int, **options):
        serializers.register_serializer(exact_json.FORMAT, "ftzportal.exact_json")
        call_command(
            "dumpdata",
            # Plain JSON, but with timestamps to the microsecond (see ftzportal/exact_json.py).
            format=exact_json.FORMAT,
            exclude=EXCLUDED_MODELS,
            # Natural keys only for references (content types, permissions); every row
            # keeps its own primary key, so foreign keys and history stay consistent.
            use_natural_foreign_keys=True,
            use_natural_primary_keys=False,
            # The default manager of some models hides rows (e.g. unpublished content).
            use_base_manager=True,
            output=path,
            indent=1,
            verbosity=0,
        )
        if verbosity:
            self.stdout.write(f"Backed up the database to {path}.")
