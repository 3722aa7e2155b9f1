from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = _("Change feed")

    def ready(self):
        from . import signals  # noqa: F401  (records a change event on every curated write)
