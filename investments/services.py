"""Writes with side effects for inquiries: store first, then notify.

An inquiry is committed before any e-mail is attempted, so a failing mail server can
never lose one. Handlers are notified after the commit; a failed notification leaves
`notified_at` empty and `send_inquiry_notifications` (run by cron) retries it later.
Each inquiry is notified at most once: `notified_at` is set in the same UPDATE that
claims it.
"""

import hmac
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import (
    Inquiry,
    InquiryChannel,
    InquiryReply,
    InquiryStatus,
    InquiryStatusChange,
    new_tracking_fields,
    tracking_digest,
)

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
    shortlist: list | None = None,
) -> Inquiry:
    """Store an investor's inquiry (status "new"), assigned to the named contact of its
    project or area, with a private tracking link; after commit, notify the handlers and
    send the investor a confirmation carrying that link."""
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
            language=translation.get_language() or settings.LANGUAGE_CODE,
            contact=contact_for(area=area, project=project),
            shortlist=shortlist or [],
            **new_tracking_fields(),
        )
        transaction.on_commit(lambda: inquiry_notify(inquiry.pk))
        transaction.on_commit(lambda: inquiry_confirm_to_investor(inquiry.pk))
    return inquiry


def inquiry_by_tracking_token(token: str) -> Inquiry | None:
    """The inquiry a private link points to, or None.

    Looked up by the SHA-256 of the token, the only form stored: the database compares
    digests, so how long a wrong guess takes does not depend on how many leading characters
    of a real token it shares. A truncated or altered token has a different digest and
    finds nothing."""
    if not token or len(token) > TRACKING_TOKEN_MAX_LENGTH:
        return None
    digest = tracking_digest(token)
    inquiry = (
        Inquiry.objects.select_related("area", "industry", "project", "contact").filter(tracking_digest=digest).first()
    )
    if inquiry is None or not hmac.compare_digest(inquiry.tracking_digest, digest):
        return None
    return inquiry


TRACKING_TOKEN_MAX_LENGTH = 64


def contact_for(*, area=None, project=None):
    """The named contact an inquiry is assigned to: the project's own, else its area's,
    else the chosen area's. Inactive contacts are skipped."""
    for candidate in (
        project.contact if project else None,
        project.area.contact if project else None,
        area.contact if area else None,
    ):
        if candidate is not None and candidate.is_active:
            return candidate
    return None


def _send_to_investor(inquiry: Inquiry, *, subject, template: str, context: dict) -> None:
    """In the language the investor wrote in, with the link to their private page."""
    with translation.override(inquiry.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {"inquiry": inquiry, "tracking_url": absolute_url(inquiry.get_tracking_url()), **context}
        )
        send_mail(subject=str(subject), message=body, from_email=None, recipient_list=[inquiry.email])


class _Subject:
    """A numbered subject, translated when sent (in the investor's language, not the
    handler's)."""

    def __init__(self, message, number: int):
        self.message, self.number = message, number

    def __str__(self):
        return str(self.message) % {"number": self.number}


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path if path else ""


def inquiry_confirm_to_investor(inquiry_pk: int) -> bool:
    """E-mail the investor the private link of their inquiry. A failure is logged (without
    the address) and never touches the stored inquiry."""
    inquiry = Inquiry.objects.select_related("contact").get(pk=inquiry_pk)
    if inquiry.confirmation_sent_at or not inquiry.tracking_token:
        return False
    try:
        _send_to_investor(
            inquiry,
            subject=_Subject(_("We received your inquiry #%(number)s"), inquiry.pk),
            template="investments/email/inquiry_confirmation.txt",
            context={},
        )
    except Exception:
        logger.exception("Confirmation e-mail for inquiry %s failed.", inquiry_pk)
        return False
    Inquiry.objects.filter(pk=inquiry_pk).update(confirmation_sent_at=timezone.now())
    return True


def inquiry_reply(*, inquiry: Inquiry, body: str, user) -> InquiryReply:
    """A handler's public reply: stored, shown on the investor's private page, e-mailed
    after commit. The inquiry moves to "answered" unless it is closed."""
    with transaction.atomic():
        reply = InquiryReply.objects.create(inquiry=inquiry, body=body, author=user, from_investor=False)
        if inquiry.status in (InquiryStatus.NEW, InquiryStatus.IN_PROGRESS):
            inquiry_set_status(inquiry=inquiry, status=InquiryStatus.ANSWERED, user=user)
        transaction.on_commit(lambda: inquiry_reply_email(reply.pk))
    return reply


def inquiry_reply_email(reply_pk: int) -> bool:
    reply = InquiryReply.objects.select_related("inquiry", "inquiry__contact").get(pk=reply_pk)
    if reply.emailed_at or reply.from_investor:
        return False
    try:
        _send_to_investor(
            reply.inquiry,
            subject=_Subject(_("A reply to your inquiry #%(number)s"), reply.inquiry_id),
            template="investments/email/inquiry_reply.txt",
            context={"reply": reply},
        )
    except Exception:
        logger.exception("Reply e-mail %s for inquiry %s failed.", reply_pk, reply.inquiry_id)
        return False
    InquiryReply.objects.filter(pk=reply_pk).update(emailed_at=timezone.now())
    return True


def inquiry_add_investor_message(*, inquiry: Inquiry, body: str) -> InquiryReply:
    """A follow-up the investor writes on their private page; handlers are told by e-mail
    and an answered inquiry goes back to "in progress"."""
    with transaction.atomic():
        reply = InquiryReply.objects.create(inquiry=inquiry, body=body, from_investor=True)
        if inquiry.status == InquiryStatus.ANSWERED:
            inquiry_set_status(inquiry=inquiry, status=InquiryStatus.IN_PROGRESS, user=None)
        transaction.on_commit(lambda: _notify_handlers_of_follow_up(inquiry.pk))
    return reply


def _notify_handlers_of_follow_up(inquiry_pk: int) -> None:
    recipients = list(settings.INQUIRY_NOTIFICATION_EMAILS)
    inquiry = Inquiry.objects.select_related("contact").get(pk=inquiry_pk)
    if inquiry.contact and inquiry.contact.email:
        recipients.append(inquiry.contact.email)
    if not recipients:
        return
    try:
        send_mail(
            subject=f"Follow-up on inquiry #{inquiry_pk}",
            message=f"The investor added a message to inquiry #{inquiry_pk}. Read it in the admin.",
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        logger.exception("Follow-up notification for inquiry %s failed.", inquiry_pk)


def inquiry_notify(inquiry_pk: int) -> bool:
    """E-mail the handlers about one inquiry, once. Returns whether a mail was sent.

    The row is claimed by setting `notified_at` before sending; if sending fails the
    claim is released so a later retry picks it up. Errors are logged without the
    investor's personal data.
    """
    recipients = list(settings.INQUIRY_NOTIFICATION_EMAILS)
    contact_email = (
        Inquiry.objects.filter(pk=inquiry_pk, contact__is_active=True).values_list("contact__email", flat=True).first()
    )
    if contact_email:
        # The named contact the inquiry was assigned to hears of it directly.
        recipients.append(contact_email)
    if not recipients:
        return False
    claimed = Inquiry.objects.filter(pk=inquiry_pk, notified_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return False
    inquiry = Inquiry.objects.select_related("area", "industry", "project", "contact").get(pk=inquiry_pk)
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


def inquiry_set_status(*, inquiry: Inquiry, status: str, user) -> InquiryStatusChange | None:
    """Move an inquiry to `status`, recording who did it and when. The admin's actions
    and its change form both come here. Returns the recorded change, or None when the
    inquiry already had that status."""
    with transaction.atomic():
        # Locked, so two handlers changing the status at once record both changes in order.
        current = Inquiry.objects.select_for_update().only("status").get(pk=inquiry.pk)
        if current.status == status:
            inquiry.status = status
            return None
        Inquiry.objects.filter(pk=inquiry.pk).update(status=status, updated_at=timezone.now())
        change = InquiryStatusChange.objects.create(
            inquiry_id=inquiry.pk, old_status=current.status, new_status=status, changed_by=user
        )
    inquiry.status = status
    return change


def inquiry_assign(*, inquiry: Inquiry, assignee) -> None:
    """Make `assignee` (a staff user, or None) the handler of the inquiry."""
    Inquiry.objects.filter(pk=inquiry.pk).update(assignee=assignee, updated_at=timezone.now())
    inquiry.assignee = assignee
