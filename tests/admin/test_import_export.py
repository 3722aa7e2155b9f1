"""Spreadsheet import and export of the directory: CSV and XLSX, related rows by slug,
a dry-run preview with per-row errors, all-or-nothing, filtered exports, and a
re-imported export that changes nothing."""

import csv
import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Project
from investments.resources import EnterpriseResource, ProjectResource
from portal.management.commands.setup_roles import CURATOR, PUBLISHER
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.models import Incentive, Industry
from zones.resources import IncentiveResource

from .conftest import client_for

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # positions in import_formats / export_formats


def url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def csv_file(rows, name="enterprises.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def enterprise_rows(count, area_slug, industry_slugs):
    return [
        {
            "slug": f"imported-enterprise-{number:03d}",
            "name_en": f"Imported Enterprise {number:03d}",
            "name_zh_hans": "",
            "name_ru": "",
            "area": area_slug,
            "industries": ",".join(industry_slugs),
            "origin_country": "KZ",
            "origin_province": "",
            "is_foreign_invested": "1",
            "settled_on": "2024-03-01",
            "website": "",
            "publication_status": "published",
        }
        for number in range(count)
    ]


def preview(client, model, upload, file_format=CSV_FORMAT):
    """Step 1 of an admin import: upload, dry run, preview."""
    return client.post(url(model, "import"), {"import_file": upload, "format": file_format})


def confirm(client, model, preview_response):
    """Step 2: confirm the previewed import."""
    form = preview_response.context["confirm_form"]
    return client.post(url(model, "process_import"), {name: form.initial[name] for name in form.fields})


@pytest.fixture
def places():
    area = AreaFactory(slug="kashgar")
    industries = [IndustryFactory(slug="textiles"), IndustryFactory(slug="logistics")]
    return area, industries


def test_a_valid_csv_of_100_enterprises_imports_as_drafts_for_a_curator(client, make_staff, places):
    client_for(client, make_staff(CURATOR))
    response = preview(client, Enterprise, csv_file(enterprise_rows(100, "kashgar", ["textiles", "logistics"])))
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 100
    assert Enterprise.objects.count() == 0, "the preview is a dry run"

    assert confirm(client, Enterprise, response).status_code == 302
    assert Enterprise.objects.count() == 100
    enterprise = Enterprise.objects.get(slug="imported-enterprise-042")
    assert enterprise.area.slug == "kashgar"
    assert sorted(enterprise.industries.values_list("slug", flat=True)) == ["logistics", "textiles"]
    # A curator may not publish: the file's "published" is not honoured.
    assert set(Enterprise.objects.values_list("publication_status", flat=True)) == {PublicationStatus.DRAFT}
    # Saved one by one, so each has its history record.
    assert enterprise.history.count() == 1


def test_a_publisher_imports_published_entries(client, make_staff, places):
    publisher = make_staff(PUBLISHER)
    client_for(client, publisher)
    response = preview(client, Enterprise, csv_file(enterprise_rows(3, "kashgar", ["textiles"])))
    confirm(client, Enterprise, response)
    enterprise = Enterprise.objects.get(slug="imported-enterprise-001")
    assert (enterprise.publication_status, enterprise.published_by) == (PublicationStatus.PUBLISHED, publisher)
    assert enterprise.published_at is not None


def test_one_unknown_area_slug_imports_nothing_and_reports_the_row(client, make_staff, places):
    rows = enterprise_rows(5, "kashgar", ["textiles"])
    rows[3]["area"] = "atlantis"
    client_for(client, make_staff(CURATOR))
    response = preview(client, Enterprise, csv_file(rows))
    assert response.status_code == 200
    result = response.context["result"]
    assert "confirm_form" not in response.context
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [4]
    assert "No area with slug “atlantis”." in str(invalid[0].error_dict)
    assert "atlantis" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_an_unknown_industry_slug_is_a_row_error_too(places):
    rows = enterprise_rows(2, "kashgar", ["textiles", "fishing"])
    result = EnterpriseResource().import_data(tablib.Dataset(*[r.values() for r in rows], headers=list(rows[0])))
    assert result.has_validation_errors()
    assert "fishing" in str(result.invalid_rows[0].error_dict)
    assert Enterprise.objects.count() == 0


def test_a_negative_value_imports_nothing_and_reports_the_row(client, make_staff, places):
    rows = [
        {
            "slug": f"imported-project-{number}",
            "name_en": f"Project {number}",
            "area": "kashgar",
            "industry": "textiles",
            "status": "signed",
            "value": "1000000",
            "currency": "CNY",
        }
        for number in range(4)
    ]
    rows[2]["value"] = "-5"
    client_for(client, make_staff(CURATOR))
    response = preview(client, Project, csv_file(rows, "projects.csv"))
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [3]
    assert "Must not be negative." in str(invalid[0].error_dict)
    assert Project.objects.count() == 0


def test_a_bad_row_rolls_back_even_outside_the_admin(places):
    """Calling the resource directly (a script, a shell) keeps all-or-nothing too."""
    rows = enterprise_rows(3, "kashgar", ["textiles"])
    rows[2]["area"] = "atlantis"
    dataset = tablib.Dataset(*[row.values() for row in rows], headers=list(rows[0]))
    result = EnterpriseResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert Enterprise.objects.count() == 0


def export(client, model, params, file_format=CSV_FORMAT):
    """The admin's export: the page opened from a (filtered) changelist, then submitted."""
    export_url = url(model, "export")
    page = client.get(export_url, params)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: "on" for name in form.fields if name not in {"format", "resource", "export_items"}}
    data.update({"format": file_format, "resource": "0"})
    query = page.wsgi_request.GET.urlencode()
    response = client.post(f"{export_url}?{query}", data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return response


def exported_slugs(response):
    return sorted(row["slug"] for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def two_areas_of_enterprises():
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    textiles = IndustryFactory(slug="textiles")
    in_kashgar = EnterpriseFactory.create_batch(3, area=kashgar, industries=[textiles])
    EnterpriseFactory.create_batch(4, area=horgos, industries=[textiles])
    EnterpriseFactory(area=kashgar, publication_status=PublicationStatus.DRAFT)
    return kashgar, in_kashgar


def test_export_of_a_filtered_list_contains_exactly_the_filtered_rows(client, make_staff, two_areas_of_enterprises):
    kashgar, in_kashgar = two_areas_of_enterprises
    client_for(client, make_staff(CURATOR))
    filters = {"area__id__exact": kashgar.pk, "publication_status__exact": "published"}
    # The changelist's Export button carries its filters to the export page.
    changelist = client.get(reverse("admin:investments_enterprise_changelist"), filters).content.decode()
    assert f"{url(Enterprise, 'export')}?area__id__exact={kashgar.pk}&amp;publication_status__exact=published" in (
        changelist
    )
    response = export(client, Enterprise, filters)
    assert exported_slugs(response) == sorted(enterprise.slug for enterprise in in_kashgar)


def test_export_honours_search_and_the_review_filter(client, make_staff, two_areas_of_enterprises):
    _kashgar, in_kashgar = two_areas_of_enterprises
    client_for(client, make_staff(CURATOR))
    response = export(client, Enterprise, {"q": in_kashgar[0].name_en, "review": "stale"})
    assert exported_slugs(response) == [in_kashgar[0].slug]


def test_export_opened_from_a_change_page_reached_through_a_filter(client, make_staff, two_areas_of_enterprises):
    """django-import-export #2147: `_changelist_filters` (added to URLs reached from a
    filtered changelist) must not break the export on Django 5.2."""
    kashgar, _in_kashgar = two_areas_of_enterprises
    client_for(client, make_staff(CURATOR))
    response = export(
        client,
        Enterprise,
        {"_changelist_filters": f"area__id__exact={kashgar.pk}", "area__id__exact": kashgar.pk, "review": "stale"},
    )
    assert exported_slugs(response) == sorted(Enterprise.objects.filter(area=kashgar).values_list("slug", flat=True))


def test_reimporting_an_export_changes_nothing(client, make_staff, two_areas_of_enterprises):
    client_for(client, make_staff(PUBLISHER))
    exported = export(client, Enterprise, {}).content
    before = list(Enterprise.objects.order_by("pk").values())
    history_before = Enterprise.history.count()
    response = preview(client, Enterprise, SimpleUploadedFile("export.csv", exported, content_type="text/csv"))
    result = response.context["result"]
    assert result.totals["skip"] == Enterprise.objects.count()
    assert result.totals["update"] == result.totals["new"] == 0
    confirm(client, Enterprise, response)
    assert list(Enterprise.objects.order_by("pk").values()) == before
    assert Enterprise.history.count() == history_before


def test_xlsx_round_trip_of_projects_changes_nothing(client, make_staff):
    area, industry = AreaFactory(), IndustryFactory()
    enterprise = EnterpriseFactory(area=area)
    ProjectFactory.create_batch(3, area=area, industry=industry, enterprise=enterprise, value=Decimal("1E9"))
    client_for(client, make_staff(PUBLISHER))
    exported = export(client, Project, {}, file_format=XLSX_FORMAT).content
    dataset = tablib.Dataset().load(exported, format="xlsx")
    assert len(dataset) == 3 and dataset.headers[0] == "slug"
    upload = SimpleUploadedFile("projects.xlsx", exported)
    result = preview(client, Project, upload, file_format=XLSX_FORMAT).context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 3


def test_incentives_import_with_areas_and_industries_by_slug(places):
    dataset = tablib.Dataset(
        ["green-channel", "Green channel", "trade-customs", "kashgar", "textiles,logistics"],
        headers=["slug", "title_en", "category", "areas", "industries"],
    )
    result = IncentiveResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    incentive = Incentive.objects.get(slug="green-channel")
    assert list(incentive.areas.values_list("slug", flat=True)) == ["kashgar"]
    assert incentive.publication_status == PublicationStatus.DRAFT


def test_industries_import_with_parent_by_slug(client, make_staff):
    IndustryFactory(slug="manufacturing")
    rows = [{"slug": "automobile-parts", "name_en": "Automobile parts", "parent": "manufacturing"}]
    client_for(client, make_staff(CURATOR))
    response = preview(client, Industry, csv_file(rows, "industries.csv"))
    confirm(client, Industry, response)
    assert Industry.objects.get(slug="automobile-parts").parent.slug == "manufacturing"


def test_project_export_has_related_rows_as_slugs():
    project = ProjectFactory(area=AreaFactory(slug="horgos"), industry=IndustryFactory(slug="logistics"))
    row = ProjectResource().export(Project.objects.all()).dict[0]
    assert (row["slug"], row["area"], row["industry"]) == (project.slug, "horgos", "logistics")


def test_curated_export_needs_no_query_per_row(django_assert_max_num_queries):
    industries = IndustryFactory.create_batch(2)
    for _number in range(30):
        IncentiveFactory(areas=[AreaFactory()], industries=industries)
    with django_assert_max_num_queries(5):
        IncentiveResource().export(Incentive.objects.prefetch_related("areas", "industries"))


def test_a_curators_file_cannot_change_a_published_entry(client, make_staff, places):
    # A published entry changes only with a Publisher: in the form a Curator's edit waits
    # as a pending change; a spreadsheet row that would change it at once is refused.
    published = EnterpriseFactory(slug="imported-enterprise-000", name_en="Live name", area=places[0])
    rows = enterprise_rows(2, "kashgar", ["textiles"])
    client_for(client, make_staff(CURATOR))
    response = preview(client, Enterprise, csv_file(rows))
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [1]
    assert "published" in str(invalid[0].error_dict)
    assert "confirm_form" not in response.context
    published.refresh_from_db()
    assert published.name_en == "Live name"
