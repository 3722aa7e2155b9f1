"""The session shortlist: POST forms with CSRF, no JavaScript."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from investments.models import Inquiry
from tests.factories import EnterpriseFactory, IncentiveFactory, ProjectFactory

ADD = reverse("investments:shortlist-add")
REMOVE = reverse("investments:shortlist-remove")


def add(client, kind, slug):
    return client.post(ADD, {"kind": kind, "slug": slug, "next": "/projects/"})


@pytest.fixture
def entries(db):
    return {"incentive": IncentiveFactory(), "enterprise": EnterpriseFactory(), "project": ProjectFactory()}


def test_add_and_remove_with_plain_forms_and_back_to_the_page(client, entries):
    response = add(client, "project", entries["project"].slug)
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert entries["project"].name in client.get(reverse("investments:shortlist")).content.decode()
    client.post(REMOVE, {"kind": "project", "slug": entries["project"].slug})
    page = client.get(reverse("investments:shortlist")).content.decode()
    assert "Your shortlist is empty." in page
    assert entries["project"].name not in page


def test_shortlist_survives_navigation(client, entries):
    for kind, entry in entries.items():
        add(client, kind, entry.slug)
    client.get("/")
    client.get(entries["incentive"].get_absolute_url())
    listed = [entry["slug"] for entry in client.get(reverse("investments:shortlist")).context["entries"]]
    assert listed == [entries["incentive"].slug, entries["enterprise"].slug, entries["project"].slug]


def test_detail_page_button_says_remove_once_added(client, entries):
    project = entries["project"]
    assert "Add to shortlist" in client.get(project.get_absolute_url()).content.decode()
    add(client, "project", project.slug)
    assert "Remove from shortlist" in client.get(project.get_absolute_url()).content.decode()


def test_adding_needs_csrf(entries):
    response = Client(enforce_csrf_checks=True).post(ADD, {"kind": "project", "slug": entries["project"].slug})
    assert response.status_code == 403


def test_unknown_or_unpublished_entries_are_not_added(client, db):
    draft = ProjectFactory(publication_status="draft")
    add(client, "project", draft.slug)
    add(client, "project", "no-such-project")
    add(client, "planet", "earth")
    assert client.get(reverse("investments:shortlist")).context["entries"] == []


def test_csv_contains_exactly_the_shortlisted_entries(client, entries):
    IncentiveFactory(title="Not shortlisted")
    add(client, "incentive", entries["incentive"].slug)
    add(client, "project", entries["project"].slug)
    response = client.get(reverse("investments:shortlist-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["kind", "slug", "title", "url"]
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        ("incentive", entries["incentive"].slug, entries["incentive"].title),
        ("project", entries["project"].slug, entries["project"].name),
    ]


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_csv_neutralises_spreadsheet_formulas(client, db, name):
    # The same rule as the list downloads (ftzportal.downloads.csv_cell), tab and CR included.
    project = ProjectFactory(name=name)
    add(client, "project", project.slug)
    rows = list(csv.reader(io.StringIO(client.get(reverse("investments:shortlist-csv")).content.decode("utf-8-sig"))))
    assert rows[1][2] == "'" + name


def test_print_view_lists_the_entries_with_print_css(client, entries):
    add(client, "enterprise", entries["enterprise"].slug)
    body = client.get(reverse("investments:shortlist-print")).content.decode()
    assert entries["enterprise"].name in body and "css/print.css" in body


def test_shortlist_is_sent_with_an_inquiry(client, entries):
    add(client, "project", entries["project"].slug)
    form_page = client.get(reverse("investments:inquiry-create") + "?shortlist=1")
    assert form_page.context["form"].initial["attach_shortlist"] is True
    client.post(
        reverse("investments:inquiry-create"),
        {"name": "A", "email": "a@example.com", "message": "See my list", "consent": "on", "attach_shortlist": "on"},
    )
    assert Inquiry.objects.get().shortlist == [
        {"kind": "project", "slug": entries["project"].slug, "title": entries["project"].name}
    ]


def test_next_pointing_elsewhere_is_ignored(client, entries):
    response = client.post(ADD, {"kind": "project", "slug": entries["project"].slug, "next": "https://evil.example/"})
    assert response["Location"] == reverse("investments:shortlist")
