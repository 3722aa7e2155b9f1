"""Each public resource is declared once (ftzportal.lists); what reads the declarations
finds every resource there and nothing else."""

import pytest
from django.urls import NoReverseMatch, reverse

from alerts.models import ListKind
from changes.models import Resource
from ftzportal import lists
from investments.shortlist import ShortlistEntryForm

# Filtered lists with downloads, feeds and e-mail alerts; the industry list has none.
EXPORTED_LISTS = {"incentives", "enterprises", "projects"}
FILTERED_LISTS = {*EXPORTED_LISTS, "industries"}


def test_the_declared_resources():
    assert {resource.key for resource in lists.all_resources()} == {"zones", "areas", *FILTERED_LISTS}
    assert {resource.key for resource in lists.filtered_lists()} == FILTERED_LISTS
    assert {resource.key for resource in lists.exported_lists()} == EXPORTED_LISTS


def test_stored_choices_name_declared_resources():
    # Alerts and change events store a resource key; their column choices must stay in step.
    assert set(ListKind.values) == {resource.key for resource in lists.exported_lists()}
    assert set(Resource.values) == {resource.key for resource in lists.all_resources()}


def test_shortlist_kinds_come_from_the_declarations():
    kinds = dict(ShortlistEntryForm().fields["kind"].choices)
    assert kinds == {resource.name: resource.label for resource in lists.exported_lists()}


@pytest.mark.parametrize("key", sorted(FILTERED_LISTS))
def test_every_filtered_list_is_found_by_its_page_and_model(key):
    resource = lists.get(key)
    assert lists.for_list_url_name(resource.list_url_name) is resource
    assert lists.for_model(resource.model) is resource
    assert reverse(resource.list_url_name) == f"/{key}/"
    assert resource.page_title


@pytest.mark.parametrize("key", sorted(EXPORTED_LISTS))
def test_every_exported_list_has_its_page_files_and_feeds(key):
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
@pytest.mark.parametrize("key", sorted(EXPORTED_LISTS))
def test_page_files_feeds_and_follow_links_of_a_list(client, key):
    resource = lists.get(key)
    page = client.get(f"/{key}/?q=x&page=2").content.decode()
    for suffix in ("download-csv", "download-xlsx", "feed-rss", "feed-atom"):
        assert f'href="{reverse(resource.url_name(suffix))}?q=x"' in page
    assert f"/alerts/subscribe/?q=x&amp;list={key}" in page
    assert client.get(f"/{key}/download.csv?q=x").status_code == 200
    assert client.get(f"/{key}/feed/atom/?q=x").status_code == 200


@pytest.mark.django_db
def test_the_industry_list_offers_no_files_feeds_or_alerts(client):
    resource = lists.get("industries")
    page = client.get("/industries/?q=x").content.decode()
    assert "filter-form" in page  # the list's own filter sidebar is there
    for suffix in ("download-csv", "download-xlsx", "feed-rss", "feed-atom"):
        with pytest.raises(NoReverseMatch):
            reverse(resource.url_name(suffix))
    for absent in ("download.csv", "download.xlsx", "/feed/", "/alerts/subscribe/", "Follow this search"):
        assert absent not in page, absent
    assert client.get("/alerts/subscribe/?list=industries").status_code == 404
    assert resource.download_columns == () and resource.feed_description is None


def test_a_key_is_declared_once():
    with pytest.raises(ValueError, match="declared as 'enterprises'"):
        lists.register(lists.ListResource(key="enterprises", name="other", model=object, title_field="name"))
