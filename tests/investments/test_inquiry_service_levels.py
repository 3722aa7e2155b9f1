"""Service levels of inquiries: the promised first reply, what makes an inquiry overdue,
where a lead came from, automatic assignment, and the daily digest of overdue inquiries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from investments.models import Inquiry, InquiryChannel, InquirySource, InquiryStatus, OverdueDigest
from investments.services import (
    inquiry_add_investor_message,
    inquiry_create,
    inquiry_reply,
    inquiry_set_status,
    send_overdue_digests,
)
from tests.factories import AreaFactory, InquiryFactory, UserFactory
from zones.models import Contact

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Shanghai")


def create(**kwargs):
    defaults = {"name": "A", "email": "a@example.com", "message": "Hello", "consent": True}
    return inquiry_create(**{**defaults, **kwargs})


def overdue_pks(now=None):
    return set(Inquiry.objects.overdue(now).values_list("pk", flat=True))


# --- the promise -------------------------------------------------------------------


def test_first_reply_is_due_by_the_areas_promise():
    inquiry = create(area=AreaFactory(first_reply_hours=24))
    assert inquiry.reply_due_at - inquiry.created_at == pytest.approx(timedelta(hours=24), abs=timedelta(seconds=1))


@override_settings(INQUIRY_FIRST_REPLY_HOURS=72)
def test_without_an_area_promise_the_default_applies():
    for inquiry in (create(), create(area=AreaFactory(first_reply_hours=None))):
        assert inquiry.reply_due_at - inquiry.created_at == pytest.approx(timedelta(hours=72), abs=timedelta(seconds=1))


def test_changing_an_areas_promise_does_not_move_inquiries_already_received():
    area = AreaFactory(first_reply_hours=24)
    inquiry = create(area=area)
    area.first_reply_hours = 96
    area.save()
    inquiry.refresh_from_db()
    assert inquiry.reply_due_at - inquiry.created_at < timedelta(hours=25)


# --- overdue -----------------------------------------------------------------------


def past_due(**kwargs):
    return InquiryFactory(reply_due_at=timezone.now() - timedelta(minutes=1), **kwargs)


def test_an_open_inquiry_without_a_reply_past_its_promise_is_overdue():
    late = past_due()
    on_time = InquiryFactory(reply_due_at=timezone.now() + timedelta(hours=1))
    assert overdue_pks() == {late.pk}
    # The same inquiry is not overdue a minute before its promise.
    assert overdue_pks(now=late.reply_due_at - timedelta(minutes=1)) == set()
    assert on_time.pk in overdue_pks(now=on_time.reply_due_at + timedelta(seconds=1))


def test_a_public_reply_ends_the_wait_even_after_the_promise(django_capture_on_commit_callbacks):
    late = past_due()
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_reply(inquiry=late, body="Thank you, we will call you.", user=UserFactory())
    late.refresh_from_db()
    assert late.first_replied_at is not None
    assert overdue_pks() == set()


def test_marking_answered_counts_as_the_first_reply_and_a_later_follow_up_does_not_reset_it():
    late = past_due()
    inquiry_set_status(inquiry=late, status=InquiryStatus.ANSWERED, user=None)
    late.refresh_from_db()
    first = late.first_replied_at
    assert first is not None and overdue_pks() == set()
    inquiry_add_investor_message(inquiry=late, body="One more question.")
    inquiry_set_status(inquiry=late, status=InquiryStatus.ANSWERED, user=None)
    late.refresh_from_db()
    assert late.first_replied_at == first


def test_moving_to_in_progress_is_no_reply():
    late = past_due()
    inquiry_set_status(inquiry=late, status=InquiryStatus.IN_PROGRESS, user=None)
    assert overdue_pks() == {late.pk}


def test_a_closed_inquiry_is_not_overdue_and_a_reopened_one_is_again():
    late = past_due()
    inquiry_set_status(inquiry=late, status=InquiryStatus.CLOSED, user=None)
    late.refresh_from_db()
    assert late.closed_at is not None
    assert overdue_pks() == set()
    inquiry_set_status(inquiry=late, status=InquiryStatus.IN_PROGRESS, user=None)
    late.refresh_from_db()
    assert late.closed_at is None
    assert overdue_pks() == {late.pk}


# --- source and assignment ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "source"),
    [
        ({}, InquirySource.FORM),
        ({"shortlist": [{"kind": "project", "slug": "a", "title": "A"}]}, InquirySource.SHORTLIST),
        ({"channel": InquiryChannel.PARTNER_API, "partner_name": "P"}, InquirySource.PARTNER),
        ({"source": InquirySource.MATCH}, InquirySource.MATCH),
    ],
)
def test_the_source_is_recorded(kwargs, source):
    assert create(**kwargs).source == source


def test_the_match_page_link_marks_the_inquiry_as_from_the_match_page(client):
    AreaFactory(slug="kashgar")
    form = client.get("/inquire/", {"source": "match", "area": "kashgar"}).context["form"]
    assert form["source"].value() == "match"
    data = {"name": "A", "email": "a@example.com", "message": "Hi", "consent": "on", "source": "match"}
    client.post("/inquire/", data)
    client.post("/inquire/", {**data, "source": ""})
    assert list(Inquiry.objects.order_by("pk").values_list("source", flat=True)) == ["match", "form"]


def test_an_invalid_source_from_the_form_is_refused_not_stored(client):
    data = {"name": "A", "email": "a@example.com", "message": "Hi", "consent": "on", "source": "partner"}
    response = client.post("/inquire/", data)
    assert response.status_code == 200
    assert not Inquiry.objects.exists()


def test_the_inquiry_goes_to_the_account_of_the_areas_contact():
    handler = UserFactory(username="kashgar-desk")
    area = AreaFactory(contact=Contact.objects.create(name="Desk", email="desk@example.com", user=handler))
    inquiry = create(area=area)
    assert inquiry.contact == area.contact
    assert inquiry.assignee == handler
    assert create(area=AreaFactory()).assignee is None


# --- the backfill of inquiries stored before the desk -----------------------------------


def test_backfill_sets_only_what_the_rows_show():
    backfill = __import__("investments.migrations.0007_inquiry_desk_backfill", fromlist=["backfill"]).backfill
    start = timezone.now() - timedelta(days=10)
    partner = InquiryFactory(channel=InquiryChannel.PARTNER_API)
    listed = InquiryFactory(shortlist=[{"kind": "project", "slug": "a", "title": "A"}])
    plain = InquiryFactory()
    replied_and_closed = InquiryFactory()
    inquiry_reply(inquiry=replied_and_closed, body="Hello", user=None)
    inquiry_set_status(inquiry=replied_and_closed, status=InquiryStatus.CLOSED, user=None)
    closed_without_record = InquiryFactory(status=InquiryStatus.CLOSED)
    Inquiry.objects.update(
        source=InquirySource.UNKNOWN, reply_due_at=None, first_replied_at=None, closed_at=None, created_at=start
    )

    backfill(apps, None)

    rows = {row["id"]: row for row in Inquiry.objects.values()}
    assert rows[partner.pk]["source"] == "partner"
    assert rows[listed.pk]["source"] == "shortlist"
    assert rows[plain.pk]["source"] == "unknown"  # form or match page: not known
    reply = replied_and_closed.replies.get()
    assert rows[replied_and_closed.pk]["first_replied_at"] == reply.created_at
    assert rows[replied_and_closed.pk]["closed_at"] == replied_and_closed.status_changes.last().changed_at
    assert rows[closed_without_record.pk]["closed_at"] is None
    assert rows[plain.pk]["first_replied_at"] is None
    assert {row["reply_due_at"] for row in rows.values()} == {start + timedelta(hours=48)}


# --- the daily digest -----------------------------------------------------------------


@pytest.fixture
def handlers():
    return UserFactory(username="amina", email="amina@example.com"), UserFactory(username="bo", email="bo@example.com")


NOON = datetime(2026, 11, 18, 12, 0, tzinfo=LOCAL)


def overdue_for(user, count=1, **kwargs):
    return [InquiryFactory(assignee=user, reply_due_at=NOON - timedelta(hours=n + 1), **kwargs) for n in range(count)]


def test_each_handler_gets_their_own_overdue_inquiries(handlers, deliver_mail):
    amina, bo = handlers
    amina_late = overdue_for(amina, 2)
    bo_late = overdue_for(bo, 1)
    InquiryFactory(assignee=bo, reply_due_at=NOON + timedelta(hours=3))  # not yet due
    overdue_for(bo, 1, status=InquiryStatus.CLOSED)  # closed: not overdue

    assert send_overdue_digests(now=NOON) == 2
    assert mail.outbox == [], "queued for the worker, not sent by the command"
    assert deliver_mail() == {"sent": 2}
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"amina@example.com", "bo@example.com"}
    assert by_recipient["amina@example.com"].subject == "2 overdue inquiries on the FTZ Portal"
    for inquiry in amina_late:
        assert f"#{inquiry.pk} " in by_recipient["amina@example.com"].body
        assert f"/inquiry/{inquiry.pk}/change/" in by_recipient["amina@example.com"].body
    bo_body = by_recipient["bo@example.com"].body
    assert f"#{bo_late[0].pk} " in bo_body and f"#{amina_late[0].pk} " not in bo_body
    assert by_recipient["bo@example.com"].subject == "1 overdue inquiry on the FTZ Portal"
    # No investor's personal data in the mail.
    assert "aibek@example.com" not in bo_body and "Aibek" not in bo_body


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_sends_again(handlers, deliver_mail):
    amina, _bo = handlers
    overdue_for(amina)
    assert send_overdue_digests(now=NOON) == 1
    assert send_overdue_digests(now=NOON + timedelta(hours=11)) == 0  # 23:00, same local day
    deliver_mail()
    assert len(mail.outbox) == 1
    assert send_overdue_digests(now=NOON + timedelta(hours=12, minutes=1)) == 1  # past local midnight
    deliver_mail()
    assert len(mail.outbox) == 2
    assert list(OverdueDigest.objects.values_list("recipient__username", "inquiry_count")) == [
        ("amina", 1),
        ("amina", 1),
    ]


def test_nothing_is_sent_when_nothing_is_overdue(handlers, deliver_mail):
    amina, _bo = handlers
    InquiryFactory(assignee=amina, reply_due_at=NOON + timedelta(minutes=1))
    replied = overdue_for(amina)[0]
    Inquiry.objects.filter(pk=replied.pk).update(first_replied_at=NOON - timedelta(minutes=5))
    assert send_overdue_digests(now=NOON) == 0
    assert deliver_mail() == {}
    assert mail.outbox == []
    assert not OverdueDigest.objects.exists()


def test_a_failed_send_is_retried_by_the_worker_and_not_queued_twice(handlers, deliver_mail, settings):
    amina, _bo = handlers
    overdue_for(amina)
    settings.EMAIL_BACKEND = "tests.security.failing_mail.FailingEmailBackend"
    settings.MAIL_RETRY_BASE_SECONDS = 0
    assert send_overdue_digests(now=NOON) == 1
    assert deliver_mail() == {"retry": 1}
    assert send_overdue_digests(now=NOON + timedelta(hours=1)) == 0, "the day's digest is already queued"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_mail() == {"sent": 1}
    assert [message.to for message in mail.outbox] == [["amina@example.com"]]


def test_the_command_queues_the_digests(handlers, deliver_mail):
    amina, _bo = handlers
    InquiryFactory(assignee=amina, reply_due_at=timezone.now() - timedelta(hours=1))
    call_command("send_overdue_digests", verbosity=0)
    call_command("send_overdue_digests", verbosity=0)
    deliver_mail()
    assert [message.to for message in mail.outbox] == [["amina@example.com"]]
