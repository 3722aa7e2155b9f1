"""The inquiry desk: status and assignee change, what the investor wrote never does, and
every status change is recorded with its author."""

import pytest

from investments.models import Inquiry, InquiryStatus, InquiryStatusChange
from portal.management.commands.setup_roles import INQUIRY_HANDLER
from tests.factories import AreaFactory, IndustryFactory, InquiryFactory, ProjectFactory

from .conftest import add_url, change_url, changelist_url, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(make_staff):
    return make_staff(INQUIRY_HANDLER, username="handler")


@pytest.fixture
def handler_client(client, handler):
    return client_for(client, handler)


def run_action(client, action, inquiries):
    return client.post(
        changelist_url(Inquiry),
        {"action": action, "_selected_action": [inquiry.pk for inquiry in inquiries], "index": 0},
        follow=True,
    )


def test_list_shows_status_received_date_first_reply_interests_assignee_channel_and_source(handler_client, handler):
    area = AreaFactory(name_en="Kashgar")
    InquiryFactory(area=area, industry=IndustryFactory(name_en="Textiles"), assignee=handler)
    response = handler_client.get(changelist_url(Inquiry))
    content = response.content.decode()
    assert "Kashgar · Textiles" in content
    assert response.context["cl"].list_display[1:] == [
        "name",
        "company",
        "created_at",
        "status",
        "first_reply",
        "interests",
        "assignee",
        "channel",
        "source",
    ]


def test_list_filters_by_status_area_and_industry(handler_client):
    kashgar, horgos = AreaFactory(), AreaFactory()
    textiles = IndustryFactory()
    wanted = InquiryFactory(area=kashgar, industry=textiles, status=InquiryStatus.NEW)
    InquiryFactory(area=horgos, industry=textiles, status=InquiryStatus.NEW)
    InquiryFactory(area=kashgar, industry=textiles, status=InquiryStatus.CLOSED)
    response = handler_client.get(
        changelist_url(Inquiry),
        {"status__exact": "new", "area__id__exact": kashgar.pk, "industry__id__exact": textiles.pk},
    )
    assert list(response.context["cl"].result_list) == [wanted]


def test_assign_to_me(handler_client, handler):
    inquiries = InquiryFactory.create_batch(2)
    run_action(handler_client, "assign_to_me", inquiries)
    assert set(Inquiry.objects.values_list("assignee", flat=True)) == {handler.pk}


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_in_progress", InquiryStatus.IN_PROGRESS),
        ("mark_answered", InquiryStatus.ANSWERED),
        ("mark_closed", InquiryStatus.CLOSED),
    ],
)
def test_status_actions_record_each_change_with_time_and_user(handler_client, handler, action, status):
    inquiry = InquiryFactory()
    run_action(handler_client, action, [inquiry])
    inquiry.refresh_from_db()
    assert inquiry.status == status
    change = InquiryStatusChange.objects.get(inquiry=inquiry)
    assert (change.old_status, change.new_status, change.changed_by) == (InquiryStatus.NEW, status, handler)
    assert change.changed_at is not None


def test_an_unchanged_status_records_nothing(handler_client):
    inquiry = InquiryFactory(status=InquiryStatus.ANSWERED)
    run_action(handler_client, "mark_answered", [inquiry])
    assert not InquiryStatusChange.objects.exists()


def test_change_form_edits_status_and_assignee_but_never_the_original_text(handler_client, handler):
    project = ProjectFactory()
    inquiry = InquiryFactory(project=project)
    response = handler_client.get(change_url(inquiry))
    # Handlers may also reassign the named contact.
    assert set(response.context["adminform"].form.fields) == {"status", "assignee", "contact"}
    response = handler_client.post(
        change_url(inquiry),
        {
            "status": InquiryStatus.IN_PROGRESS,
            "assignee": handler.pk,
            # Forged values for read-only fields are ignored.
            "message": "Changed text",
            "email": "forged@example.com",
            "consent": "",
            "channel": "partner-api",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            # The public-reply inline, left empty.
            "replies-TOTAL_FORMS": "0",
            "replies-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee) == (InquiryStatus.IN_PROGRESS, handler)
    assert (inquiry.message, inquiry.email, inquiry.consent, inquiry.channel) == (
        "We would like to know more.",
        "aibek@example.com",
        True,
        "website",
    )
    change = inquiry.status_changes.get()
    assert (change.old_status, change.new_status, change.changed_by) == ("new", "in-progress", handler)
    # The change is shown on the inquiry's page.
    assert "In progress" in handler_client.get(change_url(inquiry)).content.decode()


@pytest.mark.parametrize("role", [INQUIRY_HANDLER, None], ids=["handler", "superuser"])
def test_inquiries_cannot_be_added_from_the_admin(client, make_staff, role):
    assert client_for(client, make_staff(role)).get(add_url(Inquiry)).status_code == 403
