from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Partner webhooks")

    def ready(self):
        from django.db.models.signals import post_save

        from changes.models import ChangeEvent
        from ftzportal.tasks import register_sweep

        from . import services

        def wake_endpoints(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                services.enqueue_for_event(instance)

        post_save.connect(wake_endpoints, sender=ChangeEvent, weak=False, dispatch_uid="webhooks")
        register_sweep(services.deliver_all)
