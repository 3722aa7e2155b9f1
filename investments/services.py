"""Writes with side effects for inquiries: store, and queue the mails in the same
transaction.

No mail is sent in a request: each one is an `ftzportal.outbox` entry committed with the
inquiry (or reply) it is about, and the worker delivers it, retrying until the mail server
accepts it. The `*_at` fields (`notified_at`, `confirmation_sent_at`, `emailed_at`) record
when the worker's delivery succeeded (`record_delivery`).
"""

import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ftzportal.outbox import enqueue_mail

from .models import (
    Inquiry,
    InquiryChannel,
    InquiryReply,
    InquirySource,
    InquiryStatus,
    InquiryStatusChange,
    OverdueDigest,
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
    province: str = "",
    channel: str = InquiryChannel.WEBSITE,
    partner_name: str = "",
    shortlist: list | None = None,
    submission_key: str = "",
    source: str | None = None,
) -> Inquiry:
    """Store an investor's inquiry (status "new"), assigned to the named contact of its
    project or area (and to that contact's admin account, if any), with a private tracking
    link and the first reply it is promised by, and queue in the same transaction the
    handlers' notification and the investor's confirmation carrying that link.

    `source` is where the lead came from; by default a partner's lead when sent by a
    partner, a shortlist when one is attached, else the inquiry form. `submission_key` is
    the form's one-time token: the same form posted twice (a double click, a retry after a
    timeout) returns the inquiry stored the first time."""
    if submission_key:
        existing = Inquiry.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    contact = contact_for(area=area, project=project)
    if source is None:
        source = inquiry_source(channel=channel, shortlist=shortlist)
    received_at = timezone.now()
    try:
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
                **new_tracking_fields(),
                submission_key=submission_key or None,
                reply_due_at=received_at + promised_first_reply(area or (project.area if project else None)),
            )
            queue_inquiry_notification(inquiry)
            queue_inquiry_confirmation(inquiry, inquiry.tracking_token)
    except IntegrityError:
        # The same form's other POST committed between our look and our insert.
        existing = Inquiry.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return existing
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


class _Subject:
    """A numbered subject, translated when rendered (in the investor's language, not the
    handler's)."""

    def __init__(self, message, number: int):
        self.message, self.number = message, number

    def __str__(self):
        return str(self.message) % {"number": self.number}


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path if path else ""


def _queue_to_investor(
    inquiry: Inquiry, *, key: str, topic: str, subject, template: str, context: dict, token="", object_id=None
):
    """In the language the investor wrote in, with the link to their private page."""
    with translation.override(inquiry.language or settings.LANGUAGE_CODE):
        tracking_url = absolute_url(inquiry.get_tracking_url(token))
        body = render_to_string(template, {"inquiry": inquiry, "tracking_url": tracking_url, **context})
        return enqueue_mail(
            key=key, topic=topic, to=[inquiry.email], subject=str(subject), body=body, object_id=object_id or inquiry.pk
        )


def handler_recipients(inquiry: Inquiry) -> list[str]:
    """The notification addresses of the bureau, and the inquiry's named contact."""
    recipients = list(settings.INQUIRY_NOTIFICATION_EMAILS)
    if inquiry.contact is not None and inquiry.contact.is_active and inquiry.contact.email:
        recipients.append(inquiry.contact.email)
    return recipients


def queue_inquiry_notification(inquiry: Inquiry):
    """The handlers' mail about a new inquiry (none when nobody is to be told)."""
    recipients = handler_recipients(inquiry)
    if not recipients:
        return None
    return enqueue_mail(
        key=f"inquiry:{inquiry.pk}:notification",
        topic=MailTopic.NOTIFICATION,
        to=recipients,
        subject=f"New inquiry #{inquiry.pk}",
        body=render_to_string("investments/email/inquiry_notification.txt", {"inquiry": inquiry}),
        object_id=inquiry.pk,
    )


def queue_inquiry_confirmation(inquiry: Inquiry, token: str):
    """The investor's confirmation, carrying their private link."""
    return _queue_to_investor(
        inquiry,
        key=f"inquiry:{inquiry.pk}:confirmation",
        topic=MailTopic.CONFIRMATION,
        subject=_Subject(_("We received your inquiry #%(number)s"), inquiry.pk),
        template="investments/email/inquiry_confirmation.txt",
        context={},
        token=token,
    )


class MailTopic:
    NOTIFICATION = "inquiry-notification"
    CONFIRMATION = "inquiry-confirmation"
    REPLY = "inquiry-reply"
    FOLLOW_UP = "inquiry-follow-up"


def inquiry_reply(*, inquiry: Inquiry, body: str, user) -> InquiryReply:
    """A handler's public reply: stored, shown on the investor's private page, and its
    mail queued in the same transaction. The inquiry moves to "answered" unless closed."""
    with transaction.atomic():
        reply = InquiryReply.objects.create(inquiry=inquiry, body=body, author=user, from_investor=False)
        _mark_first_reply(inquiry, reply.created_at)
        if inquiry.status in (InquiryStatus.NEW, InquiryStatus.IN_PROGRESS):
            inquiry_set_status(inquiry=inquiry, status=InquiryStatus.ANSWERED, user=user)
        _queue_to_investor(
            inquiry,
            key=f"inquiry-reply:{reply.pk}",
            topic=MailTopic.REPLY,
            subject=_Subject(_("A reply to your inquiry #%(number)s"), inquiry.pk),
            template="investments/email/inquiry_reply.txt",
            context={"reply": reply},
            object_id=reply.pk,
        )
    return reply


def inquiry_add_investor_message(*, inquiry: Inquiry, body: str) -> InquiryReply:
    """A follow-up the investor writes on their private page; handlers are told by e-mail
    and an answered inquiry goes back to "in progress"."""
    with transaction.atomic():
        reply = InquiryReply.objects.create(inquiry=inquiry, body=body, from_investor=True)
        if inquiry.status == InquiryStatus.ANSWERED:
            inquiry_set_status(inquiry=inquiry, status=InquiryStatus.IN_PROGRESS, user=None)
        recipients = handler_recipients(inquiry)
        if recipients:
            enqueue_mail(
                key=f"inquiry-reply:{reply.pk}:handlers",
                topic=MailTopic.FOLLOW_UP,
                to=recipients,
                subject=f"Follow-up on inquiry #{inquiry.pk}",
                body=f"The investor added a message to inquiry #{inquiry.pk}. Read it in the admin.",
                object_id=reply.pk,
            )
    return reply


def record_delivery(mail) -> None:
    """When the worker has delivered a mail, note it on the inquiry or reply it is about."""
    if mail.topic == MailTopic.NOTIFICATION:
        Inquiry.objects.filter(pk=mail.object_id).update(notified_at=mail.sent_at)
    elif mail.topic == MailTopic.CONFIRMATION:
        Inquiry.objects.filter(pk=mail.object_id).update(confirmation_sent_at=mail.sent_at)
    elif mail.topic == MailTopic.REPLY:
        InquiryReply.objects.filter(pk=mail.object_id).update(emailed_at=mail.sent_at)


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
    """Queue for each handler the list of their overdue inquiries, once a day (run daily by
    the scheduler; running it again the same day queues nothing). Handlers with nothing
    overdue get no e-mail. Returns how many digests were queued.

    The day's digest is claimed by storing an `OverdueDigest` row (unique per handler and
    local day) in the transaction that queues its mail; the worker delivers it, retrying
    until the mail server accepts it. Unassigned overdue inquiries are not in any digest:
    the desk lists them."""
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
        subject = ngettext(
            "%(count)d overdue inquiry on the FTZ Portal",
            "%(count)d overdue inquiries on the FTZ Portal",
            len(inquiries),
        ) % {"count": len(inquiries)}
        body = render_to_string(
            "investments/email/overdue_digest.txt",
            {
                "handler": handler,
                "inquiries": [
                    (inquiry, absolute_url(reverse("admin:investments_inquiry_change", args=[inquiry.pk])))
                    for inquiry in inquiries
                ],
                "desk_url": absolute_url(reverse("admin:investments_inquiry_desk")),
            },
        )
        try:
            with transaction.atomic():
                # The day's claim and its mail, together: the outbox retries a failed send.
                OverdueDigest.objects.create(recipient=handler, sent_on=today, inquiry_count=len(inquiries))
                enqueue_mail(
                    key=f"overdue-digest:{handler.pk}:{today.isoformat()}",
                    topic="overdue-digest",
                    to=[handler.email],
                    subject=subject,
                    body=body,
                    object_id=handler.pk,
                )
        except IntegrityError:
            continue  # already queued today
        sent += 1
    return sent
