"""Open-data files: every published row of each list, as CSV and Excel, prepared by
`manage.py export_open_data` under MEDIA_ROOT, linked from the list pages and served as
files; Excel downloads never keep a worker writing a file of millions of rows."""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from ftzportal import open_data
from ftzportal.downloads import open_data_path, prepared
from ftzportal.publication import PublicationStatus
from investments.lists import ENTERPRISES, PROJECTS
from investments.models import Project
from tests.factories import AreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def projects():
    area = AreaFactory(slug="kashgar")
    ProjectFactory.create_batch(5, area=area)
    ProjectFactory(area=area, publication_status=PublicationStatus.DRAFT, name="Draft project")
    return area


def csv_file_rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_writes_every_published_row_as_csv_and_excel(projects):
    call_command("export_open_data", "projects", verbosity=0)
    rows = csv_file_rows(open_data_path(PROJECTS, "csv"))
    assert len(rows) == Project.objects.published().count() == 5
    assert "Draft project" not in {row["Name"] for row in rows}
    workbook = load_workbook(open_data_path(PROJECTS, "xlsx"), read_only=True)
    assert sum(len(list(sheet.iter_rows())) - 1 for sheet in workbook.worksheets) == 5
    assert not list(open_data_path(PROJECTS, "csv").parent.glob(".*partial")), "no half-written file left"


def test_excel_rows_beyond_a_sheets_limit_go_on_the_next_sheet(projects, monkeypatch):
    monkeypatch.setattr(open_data, "XLSX_SHEET_ROWS", 2)
    open_data.export_resource(PROJECTS, "xlsx")
    workbook = load_workbook(open_data_path(PROJECTS, "xlsx"), read_only=True)
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]
    assert [len(rows) for rows in sheets] == [3, 3, 2]  # heading + rows
    assert sheets[0][0] == sheets[2][0]


def test_export_shows_progress_and_refuses_unknown_lists(projects, capsys):
    call_command("export_open_data", "projects")
    assert "projects.csv: 100%" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Unknown list"):
        call_command("export_open_data", "atlantis", verbosity=0)


def test_list_page_links_the_prepared_files_once_written(client, projects):
    url = reverse(PROJECTS.list_url_name)
    open_data_url = reverse(PROJECTS.url_name("open-data-csv"))
    assert open_data_url not in client.get(url).content.decode()
    assert client.get(open_data_url).status_code == 404
    call_command("export_open_data", "projects", verbosity=0)
    # Pages cached before the export show the links from the next publish on.
    cache.clear()
    assert open_data_url in client.get(url).content.decode()
    response = client.get(open_data_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content) == open_data_path(PROJECTS, "csv").read_bytes()


def test_the_whole_list_in_excel_is_sent_to_the_prepared_file(client, projects):
    call_command("export_open_data", "projects", verbosity=0)
    response = client.get(reverse(PROJECTS.url_name("download-xlsx")))
    assert response.status_code == 302
    assert response["Location"] == reverse(PROJECTS.url_name("open-data-xlsx"))
    # A filtered list is still written on request.
    filtered = client.get(reverse(PROJECTS.url_name("download-xlsx")) + "?area=kashgar")
    assert filtered.status_code == 200


def test_an_excel_download_above_the_limit_points_to_csv(client, projects, settings):
    settings.DOWNLOAD_XLSX_MAX_ROWS = 4
    response = client.get(reverse(PROJECTS.url_name("download-xlsx")) + "?area=kashgar")
    assert response.status_code == 400
    assert "5 rows" in response.content.decode() and "CSV" in response.content.decode()
    settings.DOWNLOAD_XLSX_MAX_ROWS = 5
    assert client.get(reverse(PROJECTS.url_name("download-xlsx")) + "?area=kashgar").status_code == 200


def test_nothing_is_prepared_until_exported():
    assert prepared(ENTERPRISES, "csv") is None
