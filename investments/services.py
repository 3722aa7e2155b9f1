"""Writes with side effects for inquiries: store first, then notify.

An inquiry is committed before any e-mail is attempted, so a failing mail server can
never lose one. Handlers are notified after the commit; a failed notification leaves
`notified_at` empty and `send_inquiry_notifications` (run by cron) retries it later.
Each inquiry is notified at most once: `notified_at` is set in the same UPDATE that
claims it.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    Inquiry,
    InquiryChannel,
    InquiryReply,
    InquirySource,
    InquiryStatus,
    InquiryStatusChange,
    OverdueDigest,
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
    province: str = "",
    channel: str = InquiryChannel.WEBSITE,
    partner_name: str = "",
    shortlist: list | None = None,
    source: str | None = None,
) -> Inquiry:
    """Store an investor's inquiry (status "new"), assigned to the named contact of its
    project or area (and to that contact's admin account, if any), with a private tracking
    link and the first reply it is promised by; after commit, notify the handlers and
    send the investor a confirmation carrying that link.

    `source` is where the lead came from; by default a partner's lead when sent by a
    partner, a shortlist when one is attached, else the inquiry form."""
    token = new_tracking_token()
    contact = contact_for(area=area, project=project)
    if source is None:
        source = inquiry_source(channel=channel, shortlist=shortlist)
    received_at = timezone.now()
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            name=name,
            email=email,
            message=message,
            consent=consent,
            company=company,
            country=country,
            province=province,
            area=area,
            industry=industry,
            project=project,
            channel=channel,
            partner_name=partner_name,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            contact=contact,
            assignee=contact.user if contact is not None and contact.user_id else None,
            source=source,
            shortlist=shortlist or [],
            tracking_token=token,
            tracking_digest=tracking_digest(token),
            reply_due_at=received_at + promised_first_reply(area or (project.area if project else None)),
        )
        transaction.on_commit(lambda: inquiry_notify(inquiry.pk))
        transaction.on_commit(lambda: inquiry_confirm_to_investor(inquiry.pk))
    return inquiry


def inquiry_source(*, channel: str, shortlist: list | None) -> str:
    if channel == InquiryChannel.PARTNER_API:
        return InquirySource.PARTNER
    if shortlist:
        return InquirySource.SHORTLIST
    return InquirySource.FORM


def promised_first_reply(area) -> timedelta:
    """The first-reply time promised for an inquiry about `area` (None: no area)."""
    hours = area.first_reply_hours if area is not None and area.first_reply_hours else None
    return timedelta(hours=hours or settings.INQUIRY_FIRST_REPLY_HOURS)


def new_tracking_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def tracking_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def inquiry_by_tracking_token(token: str) -> Inquiry | None:
    """The inquiry a private link points to, or None.

    Looked up by the SHA-256 of the token: the database compares digests, so how long a
    wrong guess takes does not depend on how many leading characters of a real token it
    shares; the final check uses hmac.compare_digest. A truncated or altered token has a
    different digest and finds nothing."""
    if not token or len(token) > TRACKING_TOKEN_MAX_LENGTH:
        return None
    inquiry = (
        Inquiry.objects.select_related("area", "industry", "project", "contact")
        .filter(tracking_digest=tracking_digest(token))
        .first()
    )
    if inquiry is None or not hmac.compare_digest(inquiry.tracking_token.encode(), token.encode()):
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
        _mark_first_reply(inquiry, reply.created_at)
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
        change = InquiryStatusChange.objects.create(
            inquiry_id=inquiry.pk, old_status=current.status, new_status=status, changed_by=user
        )
        # Closed when it moves to "closed"; a reopened inquiry is no longer closed.
        closed_at = change.changed_at if status == InquiryStatus.CLOSED else None
        Inquiry.objects.filter(pk=inquiry.pk).update(status=status, closed_at=closed_at, updated_at=timezone.now())
        if status == InquiryStatus.ANSWERED:
            # Marked answered (a reply by phone or e-mail): the first reply, if none came before.
            _mark_first_reply(inquiry, change.changed_at)
    inquiry.status = status
    inquiry.closed_at = closed_at
    return change


def _mark_first_reply(inquiry: Inquiry, when) -> None:
    if Inquiry.objects.filter(pk=inquiry.pk, first_replied_at__isnull=True).update(first_replied_at=when):
        inquiry.first_replied_at = when


def inquiry_assign(*, inquiry: Inquiry, assignee) -> None:
    """Make `assignee` (a staff user, or None) the handler of the inquiry: the automatic
    assignment at arrival, "assign to me" and reassignment in the admin all come here."""
    Inquiry.objects.filter(pk=inquiry.pk).update(assignee=assignee, updated_at=timezone.now())
    inquiry.assignee = assignee


def send_overdue_digests(now=None) -> int:
    """E-mail each handler the list of their overdue inquiries, once a day (run daily by
    the scheduler; running it again the same day sends nothing). Handlers with nothing
    overdue get no e-mail. Returns how many digests were sent.

    The day's digest is claimed by storing an `OverdueDigest` row (unique per handler and
    local day) before sending; if sending fails the claim is removed, so a later run that
    day retries. Unassigned overdue inquiries are not in any digest: the desk lists them."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = Inquiry.objects.overdue(now).filter(assignee__is_active=True).exclude(assignee__email="")
    handlers = get_user_model().objects.filter(pk__in=overdue.values("assignee")).order_by("pk")
    sent = 0
    for handler in handlers:
        inquiries = list(
            overdue.filter(assignee=handler).select_related("area", "industry").order_by("reply_due_at", "pk")
        )
        if not inquiries:
            continue
        try:
            with transaction.atomic():
                digest = OverdueDigest.objects.create(recipient=handler, sent_on=today, inquiry_count=len(inquiries))
        except IntegrityError:
            continue  # already sent today
        try:
            send_staff_email(
                to=handler.email,
                subject=ngettext(
                    "%(count)d overdue inquiry on the FTZ Portal",
                    "%(count)d overdue inquiries on the FTZ Portal",
                    len(inquiries),
                )
                % {"count": len(inquiries)},
                body=render_to_string(
                    "investments/email/overdue_digest.txt",
                    {
                        "handler": handler,
                        "inquiries": [
                            (inquiry, absolute_url(reverse("admin:investments_inquiry_change", args=[inquiry.pk])))
                            for inquiry in inquiries
                        ],
                        "desk_url": absolute_url(reverse("admin:investments_inquiry_desk")),
                    },
                ),
            )
        except Exception:
            digest.delete()
            logger.exception("Overdue digest for handler %s failed; it will be retried.", handler.pk)
            continue
        sent += 1
    return sent


def send_staff_email(*, to: str, subject: str, body: str) -> None:
    """The one place the inquiry desk sends e-mail to staff (the overdue digests). It
    sends at once for now; moving it to the outbox changes only this function."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
