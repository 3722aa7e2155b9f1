from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that combine the zone and its investments (home, areas, compare, search,
    the matcher, charts, map, factsheets, sitemaps) and the commands that handle all data."""

    name = "portal"
    verbose_name = _("Portal pages")
