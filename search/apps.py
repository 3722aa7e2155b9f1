from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site-wide search index: one document per published entry and language, kept
    current by signals (see signals.py), queried through one interface (engine.py) with a
    PostgreSQL or SQLite backend chosen by the database vendor."""

    name = "search"

    def ready(self):
        from . import signals  # noqa: F401
