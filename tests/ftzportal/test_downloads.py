"""Downloads of a filtered list: CSV and Excel hold exactly the filter's rows (every page,
no drafts) with readable columns; an invalid filter is a 400, never an unfiltered file."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook

from ftzportal.downloads import Table
from ftzportal.publication import PublicationStatus
from investments.lists import ENTERPRISES, PROJECTS
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.lists import INCENTIVES

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict]:
    """A streamed CSV response as rows of {heading: value}."""
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def xlsx_rows(response) -> list[dict]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    headings = rows[0]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def two_areas():
    return AreaFactory(slug="kashgar", name="Kashgar"), AreaFactory(slug="horgos", name="Horgos")


@override_settings(LIST_PAGE_SIZE=2)
def test_enterprise_csv_holds_every_page_of_the_filter_and_nothing_else(
    client, two_areas, django_assert_max_num_queries
):
    kashgar, horgos = two_areas
    logistics = IndustryFactory(slug="logistics", name="Logistics")
    for number in range(5):
        EnterpriseFactory(name=f"Kashgar firm {number}", area=kashgar, industries=[logistics])
    EnterpriseFactory(name="Horgos firm", area=horgos, industries=[logistics])
    EnterpriseFactory(name="Draft firm", area=kashgar, publication_status=PublicationStatus.DRAFT)

    # Validation (the area and industry choices), then the rows and their industries.
    with django_assert_max_num_queries(6):
        response = client.get("/enterprises/download.csv", {"area": "kashgar", "industry": "logistics"})
        rows = csv_rows(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert sorted(row["Name"] for row in rows) == [f"Kashgar firm {number}" for number in range(5)]
    assert list(rows[0]) == Table.of(ENTERPRISES).headings()
    assert rows[0]["Area (slug)"] == "kashgar"
    assert rows[0]["Area"] == "Kashgar"
    assert rows[0]["Industries (slugs)"] == "logistics"
    assert rows[0]["Industries"] == "Logistics"


def test_enterprise_xlsx_holds_exactly_the_filtered_rows(client, two_areas):
    kashgar, _horgos = two_areas
    EnterpriseFactory(name="Kyrgyz firm", area=kashgar, origin_country="KG")
    EnterpriseFactory(name="Kazakh firm", area=kashgar, origin_country="KZ")
    EnterpriseFactory(name="Draft Kyrgyz firm", area=kashgar, origin_country="KG", publication_status="draft")

    response = client.get("/enterprises/download.xlsx", {"origin": "KG"})
    rows = xlsx_rows(response)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row["Name"] for row in rows] == ["Kyrgyz firm"]
    assert list(rows[0]) == Table.of(ENTERPRISES).headings()
    assert rows[0]["Country of origin (ISO code)"] == "KG"


def test_project_csv_gives_value_with_its_currency(client, two_areas):
    kashgar, _horgos = two_areas
    ProjectFactory(name="Big park", area=kashgar, value=Decimal("2500000.50"), currency="USD")
    ProjectFactory(name="Small shop", area=kashgar, value=Decimal("1000"), currency="CNY")

    rows = csv_rows(client.get("/projects/download.csv", {"min_value": "1000000"}))

    assert [(row["Name"], row["Contracted value"], row["Currency"]) for row in rows] == [
        ("Big park", "2500000.50", "USD")
    ]
    assert list(rows[0]) == Table.of(PROJECTS).headings()


def test_project_xlsx_keeps_money_as_numbers(client, two_areas):
    ProjectFactory(name="Big park", area=two_areas[0], value=Decimal("2500000.50"), currency="USD")
    rows = xlsx_rows(client.get("/projects/download.xlsx"))
    assert rows[0]["Contracted value"] == pytest.approx(2500000.50)
    assert rows[0]["Currency"] == "USD"


def test_project_download_follows_the_chosen_order(client, two_areas):
    for value in ("3", "1", "2"):
        ProjectFactory(name=f"Value {value}", area=two_areas[0], value=Decimal(value))
    rows = csv_rows(client.get("/projects/download.csv", {"ordering": "-value"}))
    assert [row["Name"] for row in rows] == ["Value 3", "Value 2", "Value 1"]


def test_incentive_download_keeps_zone_wide_measures_under_an_area_filter(client, two_areas):
    kashgar, horgos = two_areas
    IncentiveFactory(title="Kashgar tax break", areas=[kashgar])
    IncentiveFactory(title="Horgos land offer", areas=[horgos])
    IncentiveFactory(title="Zone-wide finance", category="finance")
    IncentiveFactory(title="Draft measure", publication_status=PublicationStatus.DRAFT)

    rows = csv_rows(client.get("/incentives/download.csv", {"area": "kashgar"}))

    assert sorted(row["Title"] for row in rows) == ["Kashgar tax break", "Zone-wide finance"]
    by_title = {row["Title"]: row for row in rows}
    assert by_title["Zone-wide finance"]["Zone-wide"] == "yes"
    assert by_title["Kashgar tax break"]["Areas (slugs)"] == "kashgar"
    assert list(rows[0]) == Table.of(INCENTIVES).headings()


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("path", ["/enterprises/", "/projects/", "/incentives/"])
def test_invalid_filter_is_a_plain_400_not_the_unfiltered_rows(client, two_areas, path, extension):
    EnterpriseFactory(name="Kashgar firm", area=two_areas[0])
    response = client.get(f"{path}download.{extension}", {"area": "atlantis"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"Kashgar firm" not in response.content
    assert b"Area" in response.content


def test_reversed_range_is_refused(client):
    response = client.get("/projects/download.csv", {"min_value": "5", "max_value": "1"})
    assert response.status_code == 400


def test_cells_that_look_like_formulas_are_not_run_by_spreadsheets(client, two_areas):
    EnterpriseFactory(name='=HYPERLINK("http://evil")', area=two_areas[0])
    rows = csv_rows(client.get("/enterprises/download.csv"))
    assert rows[0]["Name"].startswith("'=")
    workbook_rows = xlsx_rows(client.get("/enterprises/download.xlsx"))
    assert workbook_rows[0]["Name"] == '=HYPERLINK("http://evil")'


def test_list_page_links_its_downloads_with_the_same_filter(client, two_areas):
    response = client.get("/enterprises/", {"area": "kashgar", "page": "1"})
    content = response.content.decode()
    assert 'href="/enterprises/download.csv?area=kashgar"' in content
    assert 'href="/enterprises/download.xlsx?area=kashgar"' in content
    assert 'href="/enterprises/feed/rss/?area=kashgar"' in content
    assert 'type="application/atom+xml"' in content


def test_list_page_links_downloads_in_the_visitors_language(client, two_areas):
    response = client.get("/ru/projects/", {"area": "kashgar"})
    assert 'href="/ru/projects/download.csv?area=kashgar"' in response.content.decode()


# The API: ?format=csv on list endpoints, every filtered row (not one page).


def test_api_csv_lists_every_filtered_row_not_one_page(client, two_areas):
    kashgar, horgos = two_areas
    for number in range(25):  # more than the API's default page of 20
        ProjectFactory(name=f"Kashgar project {number:02d}", area=kashgar)
    ProjectFactory(name="Horgos project", area=horgos)
    ProjectFactory(name="Draft project", area=kashgar, publication_status=PublicationStatus.DRAFT)

    response = client.get("/api/v1/projects/", {"area": "kashgar", "format": "csv"})
    rows = csv_rows(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert sorted(row["Name"] for row in rows) == [f"Kashgar project {number:02d}" for number in range(25)]
    assert list(rows[0]) == Table.of(PROJECTS).headings()


def test_api_csv_of_enterprises_and_incentives(client, two_areas):
    EnterpriseFactory(name="Listed firm", area=two_areas[0])
    IncentiveFactory(title="Listed measure")
    assert [row["Name"] for row in csv_rows(client.get("/api/v1/enterprises/?format=csv"))] == ["Listed firm"]
    assert [row["Title"] for row in csv_rows(client.get("/api/v1/incentives/?format=csv"))] == ["Listed measure"]


def test_api_csv_with_an_invalid_filter_is_a_json_400(client):
    response = client.get("/api/v1/projects/", {"area": "atlantis", "format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["field"] == "area"


def test_api_json_stays_the_default_and_paginated(client, two_areas):
    ProjectFactory(area=two_areas[0])
    response = client.get("/api/v1/projects/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 1


def test_api_csv_is_not_offered_on_detail_or_through_accept(client, two_areas):
    project = ProjectFactory(area=two_areas[0])
    assert client.get(f"/api/v1/projects/{project.slug}/?format=csv").status_code == 404
    response = client.get("/api/v1/projects/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406


def test_streamed_csv_is_written_in_the_language_of_the_address(client, two_areas):
    # The rows are written after the view returns: the language must still be the request's.
    enterprise = EnterpriseFactory(name="Textile firm", area=two_areas[0])
    enterprise.name_ru = "Текстильная фирма"
    enterprise.save()
    rows = csv_rows(client.get("/ru/enterprises/download.csv"))
    assert [next(iter(row.values())) for row in rows] == ["Текстильная фирма"]  # the name column


def test_project_status_and_page_follow_the_language_of_the_address(client, two_areas):
    # Both are worked out once per language, not once per row: a second language must
    # not get the first one's labels or addresses.
    project = ProjectFactory(name="Park", area=two_areas[0], status="signed")
    headings = Table.of(PROJECTS).headings()
    status, page = headings.index("Status"), headings.index("Page")
    for language, prefix in (("en", ""), ("ru", "/ru"), ("en", "")):
        row = list(csv_rows(client.get(f"{prefix}/projects/download.csv"))[0].values())
        with translation.override(language):
            assert row[status] == str(project.get_status_display())
            assert row[page] == project.get_absolute_url()
