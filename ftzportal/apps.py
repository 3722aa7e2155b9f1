from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


class FtzPortalConfig(AppConfig):
    """The shared base as an app: the content version's model and the `portal` template tags."""

    name = "ftzportal"
    verbose_name = "FTZ Portal"

    def ready(self):
        from .content_version import AFTER_BUMP
        from .tasks import schedule_open_data_export

        post_migrate.connect(create_cache_tables, sender=self)
        # The open-data files are exported again after content changes.
        if schedule_open_data_export not in AFTER_BUMP:
            AFTER_BUMP.append(schedule_open_data_export)


def create_cache_tables(using="default", **kwargs):
    """`migrate` also creates the tables of database caches (the forms' rate-limit
    counters, see settings), so no deployment step can be forgotten. A table that
    exists is left as it is."""
    call_command("createcachetable", database=using, verbosity=0)
