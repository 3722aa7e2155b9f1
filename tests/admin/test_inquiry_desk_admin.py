"""The inquiry desk in the admin: who may see it (and what), the overdue-first list with
the handler's own open inquiries on top, reassignment, the CSV, and query counts that do
not grow with the number of inquiries."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from investments.models import Inquiry, InquiryStatus
from portal.management.commands.setup_roles import CURATOR, INQUIRY_HANDLER, PUBLISHER
from tests.factories import AreaFactory, IndustryFactory, InquiryFactory, UserFactory

from .conftest import change_url, changelist_url, client_for

pytestmark = pytest.mark.django_db
DESK = "/admin/investments/inquiry/desk/"
INVESTOR = {"name": "Gulnara Investorova", "email": "gulnara@example.kg", "company": "Osh Silk Road Trading"}


@pytest.fixture
def handler(make_staff):
    return make_staff(INQUIRY_HANDLER, username="handler", first_name="Amina", last_name="Handler")


def overdue_inquiry(**kwargs):
    return InquiryFactory(reply_due_at=timezone.now() - timedelta(hours=2), **{**INVESTOR, **kwargs})


# --- roles --------------------------------------------------------------------------


def test_handlers_see_the_desk_with_links_to_the_inquiries(client, handler):
    inquiry = overdue_inquiry(area=AreaFactory(name_en="Kashgar"))
    response = client_for(client, handler).get(DESK)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{change_url(inquiry)}"' in content
    assert "Kashgar" in content


def test_publishers_see_the_figures_but_no_inquiry_and_no_personal_data(client, make_staff):
    inquiry = overdue_inquiry(area=AreaFactory(name_en="Kashgar"))
    publisher = client_for(client, make_staff(PUBLISHER))
    response = publisher.get(DESK)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"#{inquiry.pk}" in content and "Kashgar" in content  # the figures are there
    assert change_url(inquiry) not in content
    for value in INVESTOR.values():
        assert value not in content
    csv_text = publisher.get(DESK, {"format": "csv"}).content.decode()
    assert "Kashgar" in csv_text
    for value in INVESTOR.values():
        assert value not in csv_text
    # The inquiries themselves stay closed to a publisher.
    assert publisher.get(changelist_url(Inquiry)).status_code == 403
    assert publisher.get(change_url(inquiry)).status_code == 403


def test_the_handlers_list_does_show_the_investor(client, handler):
    # Positive control for the test above: the personal data exists and handlers see it.
    overdue_inquiry()
    content = client_for(client, handler).get(changelist_url(Inquiry)).content.decode()
    assert INVESTOR["name"] in content and INVESTOR["company"] in content


@pytest.mark.parametrize("role", [CURATOR, "no group"])
def test_other_staff_get_no_desk(client, make_staff, role):
    user = UserFactory(username="staff-only") if role == "no group" else make_staff(role)
    overdue_inquiry()
    logged_in = client_for(client, user)
    assert logged_in.get(DESK).status_code == 403
    assert logged_in.get(DESK, {"format": "csv"}).status_code == 403
    assert logged_in.get(changelist_url(Inquiry)).status_code == 403


def test_the_desk_is_linked_from_the_admin_index_for_publishers_and_handlers(client, make_staff, handler):
    for user in (make_staff(PUBLISHER), handler):
        content = client_for(client, user).get("/admin/").content.decode()
        assert f'href="{DESK}"' in content, user
    assert f'href="{DESK}"' not in client_for(client, make_staff(CURATOR)).get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(DESK)
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- filters and bad input ------------------------------------------------------------


def test_period_and_area_filter_the_figures(client, handler):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    InquiryFactory(area=kashgar)
    InquiryFactory(area=horgos)
    old = InquiryFactory(area=kashgar)
    Inquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    logged_in = client_for(client, handler)
    assert logged_in.get(DESK, {"period": "week", "area": "kashgar"}).context["desk"].received == 1
    assert logged_in.get(DESK, {"period": "month"}).context["desk"].received == 2


@pytest.mark.parametrize(
    "query", [{"period": "decade"}, {"area": "atlantis"}, {"period": "<script>", "area": "x" * 500}]
)
def test_bad_filters_fall_back_to_the_defaults_with_a_message(client, handler, query):
    response = client_for(client, handler).get(DESK, query)
    assert response.status_code == 200
    assert response.context["desk"].window.period in {"week", query.get("period")}
    assert "This value is not valid; the default is shown." in response.content.decode()


def test_csv_export_holds_the_figures(client, handler):
    InquiryFactory.create_batch(3, area=AreaFactory(name_en="Horgos"), country="KZ")
    response = client_for(client, handler).get(DESK, {"period": "month", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Label", "Figure"]
    assert ["Totals", "Received in the period", "3"] in rows
    assert ["Inquiries by area", "Horgos", "3"] in rows
    assert ["Inquiries by investor origin", "Kazakhstan", "3"] in rows


# --- the list: mine first, overdue next -------------------------------------------------


def test_my_open_inquiries_come_first_then_the_overdue_most_overdue_first(client, handler):
    now = timezone.now()
    newest = InquiryFactory()
    less_overdue = InquiryFactory(reply_due_at=now - timedelta(hours=1))
    most_overdue = InquiryFactory(reply_due_at=now - timedelta(hours=9))
    mine = InquiryFactory(assignee=handler)
    Inquiry.objects.filter(pk=mine.pk).update(created_at=now - timedelta(days=30), reply_due_at=now + timedelta(days=1))
    mine_closed = InquiryFactory(assignee=handler, status=InquiryStatus.CLOSED)
    Inquiry.objects.filter(pk=mine_closed.pk).update(created_at=now - timedelta(days=40))
    response = client_for(client, handler).get(changelist_url(Inquiry))
    assert [inquiry.pk for inquiry in response.context["cl"].result_list] == [
        mine.pk,
        most_overdue.pk,
        less_overdue.pk,
        newest.pk,
        mine_closed.pk,
    ]
    content = response.content.decode()
    assert content.count('class="desk-overdue"') == 2


def test_my_open_inquiries_and_the_overdue_filter(client, handler):
    mine = InquiryFactory(assignee=handler)
    InquiryFactory(assignee=handler, status=InquiryStatus.CLOSED)
    late = overdue_inquiry()
    logged_in = client_for(client, handler)
    assert list(logged_in.get(changelist_url(Inquiry), {"assigned": "me"}).context["cl"].result_list) == [mine]
    assert list(logged_in.get(changelist_url(Inquiry), {"reply": "overdue"}).context["cl"].result_list) == [late]


# --- reassignment ----------------------------------------------------------------------


def reassign(client, inquiries, assignee):
    return client.post(
        changelist_url(Inquiry),
        {
            "action": "reassign",
            "assignee": assignee.pk if assignee else "",
            "_selected_action": [inquiry.pk for inquiry in inquiries],
            "index": 0,
        },
        follow=True,
    )


def test_reassign_gives_the_inquiries_to_another_handler_and_logs_it(client, handler, make_staff):
    colleague = make_staff(INQUIRY_HANDLER, username="colleague")
    inquiries = InquiryFactory.create_batch(2, assignee=handler)
    response = reassign(client_for(client, handler), inquiries, colleague)
    assert "2 inquiries reassigned to colleague." in response.content.decode()
    assert set(Inquiry.objects.values_list("assignee", flat=True)) == {colleague.pk}
    assert LogEntry.objects.filter(object_id__in=[str(i.pk) for i in inquiries], user=handler).count() == 2


def test_reassign_only_to_someone_who_handles_inquiries(client, handler, make_staff):
    curator = make_staff(CURATOR, username="curator")
    inquiry = InquiryFactory(assignee=handler)
    response = reassign(client_for(client, handler), [inquiry], curator)
    inquiry.refresh_from_db()
    assert inquiry.assignee == handler
    assert "Choose a handler who may handle inquiries." in response.content.decode()


def test_reassign_to_nobody_unassigns(client, handler):
    inquiry = InquiryFactory(assignee=handler)
    reassign(client_for(client, handler), [inquiry], None)
    inquiry.refresh_from_db()
    assert inquiry.assignee is None


def test_the_assignee_field_offers_only_handlers(client, handler, make_staff):
    make_staff(CURATOR, username="curator")
    inquiry = InquiryFactory()
    form = client_for(client, handler).get(change_url(inquiry)).context["adminform"].form
    assert [user.username for user in form.fields["assignee"].queryset] == ["handler"]


# --- query counts ---------------------------------------------------------------------


def make_inquiries(count):
    areas = [AreaFactory(), AreaFactory()]
    industries = [IndustryFactory(), IndustryFactory()]
    now = timezone.now()
    for number in range(count):
        inquiry = InquiryFactory(
            area=areas[number % 2],
            industry=industries[number % 2],
            country=["KG", "KZ", "CN"][number % 3],
            status=list(InquiryStatus)[number % 4],
            reply_due_at=now + timedelta(hours=number - count // 2),
        )
        if number % 3 == 0:
            Inquiry.objects.filter(pk=inquiry.pk).update(first_replied_at=now, closed_at=now)


DESK_MAX_QUERIES = 22
CHANGELIST_MAX_QUERIES = 13


@pytest.mark.parametrize("rows", [5, 50])
def test_the_desk_query_count_does_not_grow_with_inquiries(client, handler, django_assert_max_num_queries, rows):
    make_inquiries(rows)
    logged_in = client_for(client, handler)
    with django_assert_max_num_queries(DESK_MAX_QUERIES):
        assert logged_in.get(DESK, {"period": "quarter"}).status_code == 200
    with django_assert_max_num_queries(DESK_MAX_QUERIES):
        assert logged_in.get(DESK, {"period": "quarter", "format": "csv"}).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("query", [{}, {"reply": "overdue"}, {"assigned": "me", "status__exact": "new"}])
def test_the_inquiry_list_query_count_does_not_grow_with_inquiries(
    client, handler, django_assert_max_num_queries, rows, query
):
    make_inquiries(rows)
    logged_in = client_for(client, handler)
    # Session, user, 2 permissions, areas and industries (filters), handlers (assignee
    # filter), count, the changelist's permissions, the page, 2 for the date hierarchy,
    # the handlers of the reassign action.
    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        assert logged_in.get(changelist_url(Inquiry), query).status_code == 200


def test_the_desk_url_is_named():
    assert reverse("admin:investments_inquiry_desk") == DESK
