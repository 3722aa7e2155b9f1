"""Each public resource is declared once (ftzportal.lists); what reads the declarations
finds every resource there and nothing else."""

import pytest
from django.urls import reverse

from alerts.models import ListKind
from changes.models import Resource
from ftzportal import lists
from investments.shortlist import ShortlistEntryForm

FILTERED_LISTS = {"incentives", "enterprises", "projects"}


def test_the_declared_resources():
    assert {resource.key for resource in lists.all_resources()} == {
        "zones",
        "areas",
        "industries",
        *FILTERED_LISTS,
    }
    assert {resource.key for resource in lists.filtered_lists()} == FILTERED_LISTS


def test_stored_choices_name_declared_resources():
    # Alerts and change events store a resource key; their column choices must stay in step.
    assert set(ListKind.values) == {resource.key for resource in lists.filtered_lists()}
    assert set(Resource.values) == {resource.key for resource in lists.all_resources()}


def test_shortlist_kinds_come_from_the_declarations():
    kinds = dict(ShortlistEntryForm().fields["kind"].choices)
    assert kinds == {resource.name: resource.label for resource in lists.filtered_lists()}


@pytest.mark.parametrize("key", sorted(FILTERED_LISTS))
def test_every_filtered_list_has_its_page_files_and_feeds(key):
    resource = lists.get(key)
    assert lists.for_list_url_name(resource.list_url_name) is resource
    assert lists.for_model(resource.model) is resource
    base = reverse(resource.list_url_name)
    assert base == f"/{key}/"
    for suffix, path in [
        ("download-csv", "download.csv"),
        ("download-xlsx", "download.xlsx"),
        ("feed-rss", "feed/rss/"),
        ("feed-atom", "feed/atom/"),
    ]:
        assert reverse(resource.url_name(suffix)) == base + path
    assert resource.download_columns and resource.feed_description and resource.page_title


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(FILTERED_LISTS))
def test_page_files_feeds_and_follow_links_of_a_list(client, key):
    resource = lists.get(key)
    page = client.get(f"/{key}/?q=x&page=2").content.decode()
    for suffix in ("download-csv", "download-xlsx", "feed-rss", "feed-atom"):
        assert f'href="{reverse(resource.url_name(suffix))}?q=x"' in page
    assert f"/alerts/subscribe/?q=x&amp;list={key}" in page
    assert client.get(f"/{key}/download.csv?q=x").status_code == 200
    assert client.get(f"/{key}/feed/atom/?q=x").status_code == 200


def test_a_key_is_declared_once():
    with pytest.raises(ValueError, match="declared as 'enterprises'"):
        lists.register(lists.ListResource(key="enterprises", name="other", model=object, title_field="name"))
