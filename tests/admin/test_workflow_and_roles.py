"""Draft → published → archived through the admin, and who may do what, enforced on
the server."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Inquiry
from portal.management.commands.setup_roles import CURATOR, INQUIRY_HANDLER, PUBLISHER
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, InquiryFactory
from zones.models import Incentive

from .conftest import add_url, change_url, changelist_url, client_for

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED, ARCHIVED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED


def incentive_form(area, **overrides):
    """The add/change form of an incentive as a browser posts it."""
    data = {
        "title_en": "Green channel for farm products",
        "title_zh_hans": "",
        "title_ru": "",
        "slug": "green-channel-farm-products",
        "category": "trade-customs",
        "statement": "measure",
        "summary_en": "Fast customs clearance at the border ports.",
        "areas": [area.pk],
        "_save": "Save",
    }
    return {**data, **overrides}


def run_action(client, model, action, entries):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [entry.pk for entry in entries], "index": 0},
        follow=True,
    )


def action_names(client, model):
    response = client.get(changelist_url(model))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def test_setup_roles_is_idempotent(roles):
    before = {group.name: sorted(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()}
    call_command("setup_roles", verbosity=0)
    after = {group.name: sorted(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()}
    assert before == after
    assert set(after) == {CURATOR, PUBLISHER, INQUIRY_HANDLER}


def test_curator_creates_an_incentive_as_a_draft(client, make_staff):
    area = AreaFactory(slug="horgos")
    curator = make_staff(CURATOR)
    response = client_for(client, curator).post(add_url(Incentive), incentive_form(area, publication_status=PUBLISHED))
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    incentive = Incentive.objects.get(slug="green-channel-farm-products")
    assert incentive.publication_status == DRAFT
    assert incentive.published_at is None
    assert not Incentive.objects.published().filter(pk=incentive.pk).exists()


def test_curator_has_no_publish_actions(client, make_staff):
    IncentiveFactory(publication_status=DRAFT)
    names = action_names(client_for(client, make_staff(CURATOR)), Incentive)
    assert "mark_reviewed_today" in names
    assert not names & {"publish_selected", "unpublish_selected", "archive_selected", "delete_selected"}


def test_curator_forged_publish_action_is_refused(client, make_staff):
    incentive = IncentiveFactory(publication_status=DRAFT, published_at=None)
    run_action(client_for(client, make_staff(CURATOR)), Incentive, "publish_selected", [incentive])
    incentive.refresh_from_db()
    assert incentive.publication_status == DRAFT


def test_curator_forged_status_in_the_change_form_is_ignored(client, make_staff):
    area = AreaFactory()
    incentive = IncentiveFactory(publication_status=DRAFT, published_at=None, areas=[area])
    client_for(client, make_staff(CURATOR))
    response = client.get(change_url(incentive))
    assert "publication_status" not in response.context["adminform"].form.fields
    response = client.post(
        change_url(incentive), incentive_form(area, slug=incentive.slug, publication_status=PUBLISHED)
    )
    assert response.status_code == 302
    incentive.refresh_from_db()
    assert incentive.publication_status == DRAFT
    assert incentive.summary_en == "Fast customs clearance at the border ports."


def test_curator_cannot_delete(client, make_staff):
    incentive = IncentiveFactory()
    client_for(client, make_staff(CURATOR))
    delete_url = change_url(incentive).replace("/change/", "/delete/")
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Incentive.objects.filter(pk=incentive.pk).exists()


def test_publisher_publishes_with_date_and_user(client, make_staff):
    incentive = IncentiveFactory(publication_status=DRAFT, published_at=None)
    publisher = make_staff(PUBLISHER)
    assert "publish_selected" in action_names(client_for(client, publisher), Incentive)
    run_action(client, Incentive, "publish_selected", [incentive])
    incentive.refresh_from_db()
    assert incentive.publication_status == PUBLISHED
    assert incentive.published_by == publisher
    assert timezone.now() - incentive.published_at < datetime.timedelta(minutes=1)
    assert Incentive.objects.published().filter(pk=incentive.pk).exists()


def test_publisher_publishes_from_the_change_form(client, make_staff):
    area = AreaFactory()
    incentive = IncentiveFactory(publication_status=DRAFT, published_at=None, areas=[area])
    publisher = make_staff(PUBLISHER)
    response = client_for(client, publisher).post(
        change_url(incentive), incentive_form(area, slug=incentive.slug, publication_status=PUBLISHED)
    )
    assert response.status_code == 302
    incentive.refresh_from_db()
    assert (incentive.publication_status, incentive.published_by) == (PUBLISHED, publisher)


def test_publishing_puts_the_entry_on_the_public_site_and_archiving_removes_it(client, make_staff):
    incentive = IncentiveFactory(publication_status=DRAFT, published_at=None)
    public_url = incentive.get_absolute_url()
    assert client.get(public_url).status_code == 404
    client_for(client, make_staff(PUBLISHER))
    run_action(client, Incentive, "publish_selected", [incentive])
    assert client.get(public_url).status_code == 200
    run_action(client, Incentive, "archive_selected", [incentive])
    incentive.refresh_from_db()
    assert incentive.publication_status == ARCHIVED
    assert client.get(public_url).status_code == 404


def test_unpublish_sends_entries_back_to_draft(client, make_staff):
    enterprises = EnterpriseFactory.create_batch(3)
    run_action(client_for(client, make_staff(PUBLISHER)), Enterprise, "unpublish_selected", enterprises)
    assert set(Enterprise.objects.values_list("publication_status", flat=True)) == {DRAFT}


def test_each_published_entry_gets_a_history_record_with_its_publisher(client, make_staff):
    incentives = IncentiveFactory.create_batch(2, publication_status=DRAFT, published_at=None)
    publisher = make_staff(PUBLISHER)
    run_action(client_for(client, publisher), Incentive, "publish_selected", incentives)
    for incentive in incentives:
        latest = incentive.history.latest()
        assert (latest.history_user, latest.publication_status) == (publisher, PUBLISHED)


def test_mark_reviewed_today_and_the_stale_review_filter(client, make_staff):
    stale = IncentiveFactory(last_reviewed=timezone.localdate() - datetime.timedelta(days=200))
    never = IncentiveFactory(last_reviewed=None)
    fresh = IncentiveFactory(last_reviewed=timezone.localdate() - datetime.timedelta(days=10))
    client_for(client, make_staff(CURATOR))
    response = client.get(changelist_url(Incentive), {"review": "stale"})
    assert set(response.context["cl"].result_list) == {stale, never}
    run_action(client, Incentive, "mark_reviewed_today", [stale, never])
    stale.refresh_from_db()
    assert stale.last_reviewed == timezone.localdate()
    response = client.get(changelist_url(Incentive), {"review": "stale"})
    assert list(response.context["cl"].result_list) == []
    assert fresh.last_reviewed != timezone.localdate()


def test_inquiry_handler_cannot_see_enterprises(client, make_staff):
    enterprise = EnterpriseFactory()
    client_for(client, make_staff(INQUIRY_HANDLER))
    assert client.get(changelist_url(Enterprise)).status_code == 403
    assert client.get(change_url(enterprise)).status_code == 403
    assert client.get(changelist_url(Incentive)).status_code == 403
    assert client.get(changelist_url(Inquiry)).status_code == 200


def test_inquiry_handler_index_shows_only_inquiries_their_desk_and_their_mails(client, make_staff):
    InquiryFactory()
    response = client_for(client, make_staff(INQUIRY_HANDLER)).get("/admin/")
    models = [model["object_name"] for app in response.context["app_list"] for model in app["models"]]
    assert models == ["Inquiry", "InquiryDesk", "OutboundMail"]


def test_curator_cannot_see_inquiries(client, make_staff):
    InquiryFactory()
    assert client_for(client, make_staff(CURATOR)).get(changelist_url(Inquiry)).status_code == 403
