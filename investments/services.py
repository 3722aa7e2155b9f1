"""Writes with side effects for inquiries: store first, then notify.

An inquiry is committed before any e-mail is attempted, so a failing mail server can
never lose one. Handlers are notified after the commit; a failed notification leaves
`notified_at` empty and `send_inquiry_notifications` (run by cron) retries it later.
Each inquiry is notified at most once: `notified_at` is set in the same UPDATE that
claims it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Inquiry, InquiryChannel

logger = logging.getLogger(__name__)


def inquiry_create(
    *,
    name: str,
    email: str,
    message: str,
    consent: bool,
    company: str = "",
    country: str = "",
    area=None,
    industry=None,
    project=None,
    channel: str = InquiryChannel.WEBSITE,
    partner_name: str = "",
) -> Inquiry:
    """Store an investor's inquiry (status "new") and notify the handlers after commit."""
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            name=name,
            email=email,
            message=message,
            consent=consent,
            company=company,
            country=country,
            area=area,
            industry=industry,
            project=project,
            channel=channel,
            partner_name=partner_name,
        )
        transaction.on_commit(lambda: inquiry_notify(inquiry.pk))
    return inquiry


def inquiry_notify(inquiry_pk: int) -> bool:
    """E-mail the handlers about one inquiry, once. Returns whether a mail was sent.

    The row is claimed by setting `notified_at` before sending; if sending fails the
    claim is released so a later retry picks it up. Errors are logged without the
    investor's personal data.
    """
    recipients = settings.INQUIRY_NOTIFICATION_EMAILS
    if not recipients:
        return False
    claimed = Inquiry.objects.filter(pk=inquiry_pk, notified_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return False
    inquiry = Inquiry.objects.select_related("area", "industry", "project").get(pk=inquiry_pk)
    try:
        send_mail(
            subject=f"New inquiry #{inquiry.pk}",
            message=render_to_string("investments/email/inquiry_notification.txt", {"inquiry": inquiry}),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        Inquiry.objects.filter(pk=inquiry_pk).update(notified_at=None)
        logger.exception("Notification for inquiry %s failed; it will be retried.", inquiry_pk)
        return False
    return True


def send_pending_inquiry_notifications() -> int:
    """Retry every inquiry whose notification has not gone out. Returns how many were sent."""
    pending = Inquiry.objects.filter(notified_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    return sum(inquiry_notify(pk) for pk in list(pending))
