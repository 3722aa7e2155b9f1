"""Excel files of filters too long to write within a request: the download sends the
investor to a page that shows the worker's progress with the time left, then the file;
the same request at the same content version gets the same file; old files go."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from ftzportal import spreadsheet_exports
from ftzportal.models import SpreadsheetExport
from investments.lists import PROJECTS
from tests.factories import AreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOWNLOAD_XLSX_MAX_ROWS = 4


@pytest.fixture
def kashgar():
    area = AreaFactory(slug="kashgar")
    ProjectFactory.create_batch(6, area=area)
    ProjectFactory.create_batch(2)  # elsewhere
    return area


def ask(client, query="?area=kashgar", prefix=""):
    return client.get(prefix + reverse(PROJECTS.url_name("download-xlsx")) + query)


def run_queued_tasks() -> int:
    ran = 0
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.set_successful(result.task.call(*result.task_result.args, **result.task_result.kwargs))
        ran += 1
    return ran


def test_a_long_filter_is_written_by_the_worker_while_the_page_shows_its_progress(
    client, kashgar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    assert response.status_code == 302
    export = SpreadsheetExport.objects.get()
    assert response["Location"] == f"/downloads/{export.token}/"
    assert (export.rows_total, export.query, export.language, export.status) == (6, "area=kashgar", "en", "queued")

    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert '<meta http-equiv="refresh" content="3">' in content  # works without JavaScript
    assert '<progress id="export-progress" max="6" value="0">' in content
    assert "0 of 6 rows (0 %)" in content and "Waiting for its turn" in content
    assert 'href="/projects/download.csv?area=kashgar"' in content  # the CSV meanwhile

    assert run_queued_tasks() == 1
    export.refresh_from_db()
    assert export.status == "ready" and export.rows_written == 6
    content = client.get(response["Location"]).content.decode()
    assert "http-equiv" not in content and "Your file is ready." in content
    file_url = f"/downloads/{export.token}/file.xlsx"
    assert f'href="{file_url}"' in content
    download = client.get(file_url)
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 7  # the headings and the six projects of Kashgar
    assert all("kashgar" in row for row in rows[1:])


def test_progress_and_time_left_while_writing(client, kashgar):
    export = SpreadsheetExport.objects.create(
        token="6f1c2a9e-5b1e-4d8e-9a51-0c7d3f1e2b44",
        resource="projects",
        query="area=kashgar",
        language="ru",
        content_version=1,
        status="writing",
        rows_total=400_000,
        rows_written=100_000,
        started_at=timezone.now() - timedelta(seconds=60),
    )
    content = client.get(f"/ru/downloads/{export.token}/").content.decode().replace("\xa0", " ")
    assert '<progress id="export-progress" max="400000" value="100000">' in content
    assert re.search(r"100[ ,]000 из 400[ ,]000 строк \(25 %\)", content)
    assert re.search(r"Осталось около 3 минут", content)  # 60 s for a quarter: 180 s left
    content = client.get(f"/zh-hans/downloads/{export.token}/").content.decode()
    assert "25 %" in content and "约 3 分钟" in content


def test_the_same_request_gets_the_same_file_until_the_content_changes(
    client, kashgar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(client)["Location"]
    assert ask(client)["Location"] == first
    assert ask(client, prefix="/ru")["Location"] != first  # names in Russian: its own file
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(area=kashgar)  # a publish moves the content version
    with django_capture_on_commit_callbacks(execute=True):
        after = ask(client)["Location"]
    assert after != first
    assert SpreadsheetExport.objects.get(token=after.split("/")[-2]).rows_total == 7


def test_a_short_filter_is_still_written_at_once(client, kashgar):
    response = ask(client, "?area=kashgar&min_value=0&max_value=0")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not SpreadsheetExport.objects.exists()


def test_unknown_unready_and_removed_files_are_404(client, kashgar, django_capture_on_commit_callbacks):
    assert client.get("/downloads/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/downloads/not-a-token/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        location = ask(client)["Location"]
    assert client.get(location + "file.xlsx").status_code == 404  # not written yet
    run_queued_tasks()
    spreadsheet_exports.export_path(SpreadsheetExport.objects.get()).unlink()
    assert client.get(location + "file.xlsx").status_code == 404


def test_a_failed_export_says_so_and_offers_csv(client, kashgar, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        location = ask(client)["Location"]

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(spreadsheet_exports, "write_xlsx", broken)
    with pytest.raises(OSError):
        spreadsheet_exports.write_export(SpreadsheetExport.objects.get().pk)
    content = client.get(location).content.decode()
    assert "could not be written" in content and "download.csv?area=kashgar" in content
    assert "http-equiv" not in content
    assert not list(spreadsheet_exports.export_path(SpreadsheetExport.objects.get()).parent.glob("*"))
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client)["Location"] != location  # asking again makes a new one


def test_files_older_than_a_day_are_removed_with_their_record(client, kashgar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client)
    run_queued_tasks()
    old = SpreadsheetExport.objects.get()
    path = spreadsheet_exports.export_path(old)
    assert path.exists()
    SpreadsheetExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "?area=kashgar&min_value=0")
    assert not path.exists() and not SpreadsheetExport.objects.filter(pk=old.pk).exists()
