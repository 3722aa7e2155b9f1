from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentsConfig(AppConfig):
    name = "investments"
    verbose_name = _("Directory and inquiries")

    def ready(self):
        from ftzportal import lists

        from . import tallies  # noqa: F401 (connects the receivers that keep the tallies)
        from .lists import RESOURCES

        lists.register(*RESOURCES)

        from ftzportal.outbox import mail_sent

        from .services import record_delivery

        mail_sent.connect(lambda sender, mail, **kwargs: record_delivery(mail), weak=False, dispatch_uid="investments")
