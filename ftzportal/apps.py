from django.apps import AppConfig


class FtzPortalConfig(AppConfig):
    """The shared base as an app: the content version's model and the `portal` template tags."""

    name = "ftzportal"
    verbose_name = "FTZ Portal"
