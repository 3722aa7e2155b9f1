"""Change history on every curated model: who changed what and when; an earlier version
can be restored."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ftzportal.publication import PublicationStatus, Publishable
from portal.management.commands.setup_roles import CURATOR, PUBLISHER
from tests.factories import AreaFactory, IncentiveFactory
from zones.models import Incentive

from .conftest import change_url, client_for
from .test_workflow_and_roles import incentive_form

pytestmark = pytest.mark.django_db


def history_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def revert_url(obj, record):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history", args=[obj.pk, record.history_id]
    )


def test_every_curated_model_has_history_in_the_admin():
    curated = [model for model in admin.site._registry if issubclass(model, Publishable)]
    assert len(curated) == 9
    for model in curated:
        assert hasattr(model, "history"), model
        assert "history_form_view" in dir(admin.site._registry[model]), model


def test_an_edit_is_listed_with_its_author(client, make_staff):
    area = AreaFactory()
    incentive = IncentiveFactory(areas=[area], publication_status=PublicationStatus.DRAFT)
    curator = make_staff(CURATOR, username="curator-ayse")
    client_for(client, curator)
    change_page = client.get(change_url(incentive)).content.decode()
    assert history_url(incentive) in change_page
    response = client.post(change_url(incentive), incentive_form(area, slug=incentive.slug, title_en="Revised title"))
    assert response.status_code == 302
    latest = incentive.history.latest()
    assert (latest.history_user, latest.title_en) == (curator, "Revised title")
    page = client.get(history_url(incentive)).content.decode()
    assert "curator-ayse" in page
    assert "Revised title" in page or "Title [en]" in page


def test_restoring_an_earlier_version(client, make_staff):
    area = AreaFactory()
    incentive = IncentiveFactory(areas=[area], title_en="Original title", publication_status=PublicationStatus.DRAFT)
    original = incentive.history.earliest()
    client_for(client, make_staff(CURATOR))
    client.post(change_url(incentive), incentive_form(area, slug=incentive.slug, title_en="Wrong title"))
    incentive.refresh_from_db()
    assert incentive.title_en == "Wrong title"

    form_page = client.get(revert_url(incentive, original))
    assert form_page.status_code == 200
    assert form_page.context["adminform"].form.initial["title_en"] == "Original title"
    response = client.post(
        revert_url(incentive, original),
        incentive_form(area, slug=incentive.slug, title_en="Original title", summary_en=incentive.summary_en),
    )
    assert response.status_code == 302
    incentive.refresh_from_db()
    assert incentive.title_en == "Original title"
    assert incentive.history.count() == 3


def test_a_curator_restoring_a_published_version_does_not_publish(client, make_staff):
    """A history version carries its publication state; reverting must not let someone
    who may not publish bring a published version back."""
    area = AreaFactory()
    incentive = IncentiveFactory(areas=[area], publication_status=PublicationStatus.PUBLISHED)
    published_version = incentive.history.latest()
    client_for(client, make_staff(PUBLISHER))
    client.post(change_url(incentive), incentive_form(area, slug=incentive.slug, publication_status="archived"))
    incentive.refresh_from_db()
    assert incentive.publication_status == PublicationStatus.ARCHIVED

    client_for(client, make_staff(CURATOR))
    response = client.post(revert_url(incentive, published_version), incentive_form(area, slug=incentive.slug))
    assert response.status_code == 302
    incentive.refresh_from_db()
    assert incentive.publication_status == PublicationStatus.ARCHIVED
    assert not Incentive.objects.published().exists()
