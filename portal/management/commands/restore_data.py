"""Load a `backup_data` file into a migrated database, all rows or none.

    DEBUG=1 python manage.py migrate
    DEBUG=1 python manage.py restore_data backups/ftz-2026-11-24.json.gz

The target must hold no data yet (a freshly migrated database); `--replace` wipes an
existing one first, in the same transaction as the load, so a failed restore leaves the
old data in place. Rows come back with their primary keys and timestamps; receivers see
raw saves and create no history or other derived rows; the tallies (derived counts, not
backed up) are recounted from the restored rows. The cache is cleared afterwards,
because cached pages describe the data that was replaced.
"""

from contextlib import contextmanager

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import m2m_changed

from investments.tallies import recount_tallies
from zones.signals import bump_on_curated_relation_change

from .backup_data import EXCLUDED_MODELS


def backed_up_models():
    """The models whose rows a backup holds."""
    excluded_apps = {label for label in EXCLUDED_MODELS if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED_MODELS if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps and model._meta.label_lower not in excluded_models
    ]


@contextmanager
def relation_changes_not_versioned():
    """loaddata passes raw=True to save signals, so receivers can tell a restore from an
    edit, but m2m_changed has no such flag: without this the content version would be
    bumped for every enterprise's industries, and the restored row would differ. The same
    goes for the partner change feed (changes.signals), which must not announce a restore."""
    from changes.signals import record_relation_change

    m2m_changed.disconnect(bump_on_curated_relation_change)
    m2m_changed.disconnect(record_relation_change)
    try:
        yield
    finally:
        m2m_changed.connect(bump_on_curated_relation_change)
        m2m_changed.connect(record_relation_change)


class Command(BaseCommand):
    help = "Load a backup_data file into an empty migrated database (or wipe it first with --replace)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by backup_data.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete every row of the current database before loading."
        )

    def handle(self, *args, path: str, replace: bool, verbosity: int, **options):
        occupied = [model._meta.label for model in backed_up_models() if model._base_manager.exists()]
        if occupied and not replace:
            raise CommandError(
                f"The database already holds data ({', '.join(occupied[:5])}"
                f"{', …' if len(occupied) > 5 else ''}). Restore into a freshly migrated database, "
                "or pass --replace to delete the current data first."
            )
        with transaction.atomic():
            if occupied:
                call_command("flush", interactive=False, verbosity=0)
            with relation_changes_not_versioned():
                call_command("loaddata", path, verbosity=0)
            # Derived counts are not in the backup: rebuilt from the restored rows.
            recount_tallies()
        cache.clear()
        if verbosity:
            self.stdout.write(f"Restored the database from {path}.")
