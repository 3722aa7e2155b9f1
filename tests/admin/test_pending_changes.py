"""A Curator's change to a published entry is kept as a pending change until a Publisher
publishes it: the live page shows the published text until then, and the admin shows the
pending change with its diff."""

import pytest
from django.test import Client

from ftzportal.models import PendingChange
from ftzportal.publication import PublicationStatus
from portal.management.commands.setup_roles import CURATOR, PUBLISHER
from tests.factories import AreaFactory, IncentiveFactory
from zones.models import Incentive

from .conftest import change_url, changelist_url, client_for
from .test_workflow_and_roles import incentive_form, run_action

pytestmark = pytest.mark.django_db

LIVE = "Fast customs clearance at the border ports."
PROPOSED = "Customs clearance within one working day at the border ports."


@pytest.fixture
def published(client):
    area = AreaFactory()
    incentive = IncentiveFactory(
        publication_status=PublicationStatus.PUBLISHED, areas=[area], summary_en=LIVE, slug="green-channel"
    )
    return incentive, area


def curator_edits(client, make_staff, incentive, area, **changes):
    client_for(client, make_staff(CURATOR, username="curator"))
    form = incentive_form(area, slug=incentive.slug, title_en=incentive.title_en, **changes)
    return client.post(change_url(incentive), form)


def test_a_curators_change_to_a_published_entry_waits_for_a_publisher(client, make_staff, published):
    incentive, area = published
    other_area = AreaFactory()
    response = curator_edits(client, make_staff, incentive, area, summary_en=PROPOSED, areas=[area.pk, other_area.pk])
    assert response.status_code == 302
    incentive.refresh_from_db()
    assert incentive.summary_en == LIVE
    assert list(incentive.areas.all()) == [area]
    public = Client().get(incentive.get_absolute_url()).content.decode()
    assert LIVE in public and PROPOSED not in public
    pending = PendingChange.objects.get()
    assert pending.content_object == incentive
    assert pending.changes["summary_en"] == PROPOSED
    assert sorted(pending.changes["areas"]) == sorted([area.pk, other_area.pk])


def test_the_admin_shows_the_pending_change_and_its_diff(client, make_staff, published):
    incentive, area = published
    curator_edits(client, make_staff, incentive, area, summary_en=PROPOSED)
    publisher = client_for(Client(), make_staff(PUBLISHER, username="publisher"))
    page = publisher.get(change_url(incentive)).content.decode()
    assert "Pending change" in page and "Proposed by curator" in page
    assert "<del>Fast customs</del> <ins>Customs</ins> clearance <ins>within one working day</ins> at" in page
    listed = publisher.get(changelist_url(Incentive) + "?pending=yes").content.decode()
    assert incentive.title_en in listed


def test_a_publisher_publishes_the_pending_change(client, make_staff, published):
    incentive, area = published
    other_area = AreaFactory()
    curator_edits(client, make_staff, incentive, area, summary_en=PROPOSED, areas=[area.pk, other_area.pk])
    publisher = client_for(Client(), make_staff(PUBLISHER, username="publisher"))
    run_action(publisher, Incentive, "publish_pending_changes", [incentive])
    incentive.refresh_from_db()
    assert incentive.summary_en == PROPOSED
    assert set(incentive.areas.all()) == {area, other_area}
    assert incentive.history.first().history_user.username == "publisher"
    assert not PendingChange.objects.exists()
    assert PROPOSED in Client().get(incentive.get_absolute_url()).content.decode()


def test_a_publisher_may_discard_the_pending_change(client, make_staff, published):
    incentive, area = published
    curator_edits(client, make_staff, incentive, area, summary_en=PROPOSED)
    publisher = client_for(Client(), make_staff(PUBLISHER, username="publisher"))
    run_action(publisher, Incentive, "discard_pending_changes", [incentive])
    incentive.refresh_from_db()
    assert incentive.summary_en == LIVE and not PendingChange.objects.exists()


def test_a_second_curator_edit_adds_to_the_same_pending_change(client, make_staff, published):
    incentive, area = published
    curator_edits(client, make_staff, incentive, area, summary_en=PROPOSED)
    client.post(change_url(incentive), incentive_form(area, slug=incentive.slug, summary_en=PROPOSED, title_en="New"))
    pending = PendingChange.objects.get()
    assert (pending.changes["summary_en"], pending.changes["title_en"]) == (PROPOSED, "New")


def test_a_curators_change_to_a_draft_is_saved_at_once(client, make_staff, published):
    incentive, area = published
    Incentive.objects.filter(pk=incentive.pk).update(publication_status=PublicationStatus.DRAFT)
    curator_edits(client, make_staff, incentive, area, summary_en=PROPOSED)
    incentive.refresh_from_db()
    assert incentive.summary_en == PROPOSED and not PendingChange.objects.exists()


def test_a_publishers_own_edit_goes_live_at_once(client, make_staff, published):
    incentive, area = published
    client_for(client, make_staff(PUBLISHER))
    form = incentive_form(area, slug=incentive.slug, title_en=incentive.title_en, summary_en=PROPOSED)
    client.post(change_url(incentive), {**form, "publication_status": PublicationStatus.PUBLISHED})
    incentive.refresh_from_db()
    assert incentive.summary_en == PROPOSED and not PendingChange.objects.exists()
