from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Zone and areas")

    def ready(self):
        from ftzportal import lists

        from . import signals  # noqa: F401  (connects the content-version receivers)
        from .lists import RESOURCES

        lists.register(*RESOURCES)
