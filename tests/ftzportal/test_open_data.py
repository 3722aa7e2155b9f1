"""Open-data files: every published row of each list, as CSV and Excel, prepared by
`manage.py export_open_data` under MEDIA_ROOT, linked from the list pages and served as
files; Excel downloads never keep a worker writing a file of millions of rows."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from ftzportal import open_data, tasks
from ftzportal.downloads import open_data_path, prepared, prepared_current
from ftzportal.lists import exported_lists
from ftzportal.publication import PublicationStatus
from investments.lists import ENTERPRISES, PROJECTS
from investments.models import Project
from tests.factories import AreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.delete(tasks.OPEN_DATA_EXPORT_PENDING)


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
    from ftzportal import downloads

    monkeypatch.setattr(downloads, "XLSX_SHEET_ROWS", 2)
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


def test_an_excel_download_of_more_rows_than_a_sheet_holds_points_to_csv(client, projects, monkeypatch):
    from ftzportal import downloads

    monkeypatch.setattr(downloads, "XLSX_SHEET_ROWS", 4)
    response = client.get(reverse(PROJECTS.url_name("download-xlsx")) + "?area=kashgar")
    assert response.status_code == 400
    assert "5 rows" in response.content.decode() and "CSV" in response.content.decode()
    monkeypatch.setattr(downloads, "XLSX_SHEET_ROWS", 5)
    assert client.get(reverse(PROJECTS.url_name("download-xlsx")) + "?area=kashgar").status_code == 200


def test_nothing_is_prepared_until_exported():
    assert prepared(ENTERPRISES, "csv") is None


# Current or stale: each file carries the content version it was exported at.


def change_content(django_capture_on_commit_callbacks, area, name="New project"):
    """A committed change, as a curator's save is: the version is bumped after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return ProjectFactory(area=area, name=name)


def test_the_whole_list_csv_is_the_prepared_file_while_it_is_current(
    client, projects, django_capture_on_commit_callbacks
):
    call_command("export_open_data", "projects", verbosity=0)
    response = client.get(reverse(PROJECTS.url_name("download-csv")))
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == open_data_path(PROJECTS, "csv").read_bytes()

    change_content(django_capture_on_commit_callbacks, projects, name="Published after the export")
    response = client.get(reverse(PROJECTS.url_name("download-csv")))
    assert not isinstance(response, FileResponse), "a stale file is never the list as it is now"
    assert "Published after the export" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_whole_list_csv_in_another_language_is_streamed(client, projects):
    call_command("export_open_data", "projects", verbosity=0)
    assert not isinstance(client.get("/ru" + reverse(PROJECTS.url_name("download-csv"))), FileResponse)


def test_a_stale_excel_file_is_not_the_whole_list(client, projects, django_capture_on_commit_callbacks):
    call_command("export_open_data", "projects", verbosity=0)
    change_content(django_capture_on_commit_callbacks, projects)
    response = client.get(reverse(PROJECTS.url_name("download-xlsx")))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_a_burst_of_changes_queues_one_export_and_it_makes_the_files_current(
    projects, django_capture_on_commit_callbacks, settings
):
    settings.OPEN_DATA_EXPORT_DELAY = 120
    for number in range(3):
        change_content(django_capture_on_commit_callbacks, projects, name=f"Edit {number}")
    queued = DBTaskResult.objects.filter(task_path=f"{tasks.__name__}.export_open_data_files")
    assert queued.count() == 1
    assert queued.get().run_after > timezone.now() + timedelta(seconds=100)

    written = tasks.export_open_data_files.call()

    assert len(written) == 2 * len(exported_lists())
    assert prepared_current(PROJECTS, "csv") and prepared_current(PROJECTS, "xlsx")
    assert "Edit 2" in {row["Name"] for row in csv_file_rows(open_data_path(PROJECTS, "csv"))}
    # A change after the export queues the next one, and the files are stale until it runs.
    change_content(django_capture_on_commit_callbacks, projects)
    assert queued.count() == 2
    assert prepared_current(PROJECTS, "csv") is None


def test_an_export_when_the_files_are_current_writes_nothing(projects):
    call_command("export_open_data", verbosity=0)
    assert open_data.export_open_data(stale_only=True) == []


def test_an_exported_file_is_current_until_the_content_changes(projects, django_capture_on_commit_callbacks):
    call_command("export_open_data", "projects", verbosity=0)
    assert prepared_current(PROJECTS, "csv") == open_data_path(PROJECTS, "csv")
    change_content(django_capture_on_commit_callbacks, projects)
    assert prepared_current(PROJECTS, "csv") is None
    assert prepared(PROJECTS, "csv"), "still served as the open-data file, its last export"
