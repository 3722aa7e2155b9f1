"""Fill the inquiry desk's new fields for inquiries stored before them, with only what
their own rows show:

- source: a partner's lead (received through the partner API) or a lead sent with a
  shortlist; otherwise "unknown" (the form and the match page were not told apart then);
- first reply: the first public reply a handler wrote, or the first move to "answered",
  whichever came first; none if neither was recorded;
- closed at: the last recorded move to "closed" of an inquiry that is closed now;
- first reply due: received time plus the promise in force now (no area had its own).
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.db.models import F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least


def backfill(apps, schema_editor):
    Inquiry = apps.get_model("investments", "Inquiry")
    InquiryReply = apps.get_model("investments", "InquiryReply")
    InquiryStatusChange = apps.get_model("investments", "InquiryStatusChange")

    Inquiry.objects.filter(channel="partner-api").update(source="partner")
    Inquiry.objects.filter(source="unknown").exclude(shortlist=[]).update(source="shortlist")

    first_reply = Subquery(
        InquiryReply.objects.filter(inquiry=OuterRef("pk"), from_investor=False)
        .order_by()
        .values("inquiry")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    first_answered = Subquery(
        InquiryStatusChange.objects.filter(inquiry=OuterRef("pk"), new_status="answered")
        .order_by()
        .values("inquiry")
        .annotate(first=Min("changed_at"))
        .values("first")
    )
    Inquiry.objects.update(
        first_replied_at=Coalesce(Least(first_reply, first_answered), first_reply, first_answered)
    )
    last_closed = Subquery(
        InquiryStatusChange.objects.filter(inquiry=OuterRef("pk"), new_status="closed")
        .order_by("-changed_at", "-pk")
        .values("changed_at")[:1]
    )
    Inquiry.objects.filter(status="closed").update(closed_at=last_closed)
    Inquiry.objects.filter(Q(reply_due_at__isnull=True)).update(
        reply_due_at=F("created_at") + timedelta(hours=settings.INQUIRY_FIRST_REPLY_HOURS)
    )


class Migration(migrations.Migration):
    dependencies = [("investments", "0006_inquiry_desk")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
