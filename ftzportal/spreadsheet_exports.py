"""Excel files of filtered lists too long to write within a request (more than
DOWNLOAD_XLSX_MAX_ROWS rows, up to Excel's 1,048,575 a sheet): the download asks for one
(`request_export`), the worker writes it (`write_export`, queued as a task) and records
its progress every PROGRESS_EVERY rows, and the investor's page at /downloads/<token>/
shows that progress with the time left, then the file. Files are kept EXPORT_KEEP_HOURS
and removed with their record when a later export is asked for."""

import os
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone, translation

from .content_version import database_content_version
from .downloads import Table, ordered_rows, write_xlsx
from .lists import ListResource
from .lists import get as get_resource
from .models import SpreadsheetExport
from .models import SpreadsheetExportStatus as Status

PROGRESS_EVERY = 1000
EXPORT_KEEP_HOURS = 24


def export_path(export: SpreadsheetExport) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / f"{export.token}.xlsx"


def request_export(resource: ListResource, query: str, count: int) -> SpreadsheetExport:
    """The export of this filter in the active language at the current content version:
    the one already asked for (queued, being written or ready), else a new one, queued
    for the worker."""
    from .tasks import write_spreadsheet_export  # the tasks module imports this one

    purge_expired()
    language = translation.get_language() or settings.LANGUAGE_CODE
    version = database_content_version()
    existing = (
        SpreadsheetExport.objects.filter(resource=resource.key, query=query, language=language, content_version=version)
        .exclude(status=Status.FAILED)
        .first()
    )
    if existing is not None and (existing.status != Status.READY or export_path(existing).exists()):
        return existing
    export = SpreadsheetExport.objects.create(
        token=uuid.uuid4(),
        resource=resource.key,
        query=query,
        language=language,
        content_version=version,
        rows_total=count,
    )
    # Stored with the export by the database task backend: queued if the request commits.
    write_spreadsheet_export.enqueue(export.pk)
    return export


def write_export(export_id: int) -> str:
    """Write the file of export `export_id` (in the worker), recording progress."""
    export = SpreadsheetExport.objects.get(pk=export_id)
    if export.status == Status.READY:
        return "ready"
    resource = get_resource(export.resource)
    SpreadsheetExport.objects.filter(pk=export.pk).update(
        status=Status.WRITING, started_at=timezone.now(), rows_written=0
    )
    path = export_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        filterset = resource.filterset_class(QueryDict(export.query), queryset=resource.queryset())
        if not filterset.is_valid():
            raise ValueError(f"the filter is no longer valid: {dict(filterset.errors)}")
        with translation.override(export.language):
            write_xlsx(Table.of(resource), _counted(ordered_rows(filterset.qs), export), partial)
        os.replace(partial, path)
    except Exception:
        partial.unlink(missing_ok=True)
        SpreadsheetExport.objects.filter(pk=export.pk).update(status=Status.FAILED, finished_at=timezone.now())
        raise
    SpreadsheetExport.objects.filter(pk=export.pk).update(status=Status.READY, finished_at=timezone.now())
    return "ready"


def _counted(rows, export: SpreadsheetExport):
    written = 0
    for row in rows:
        yield row
        written += 1
        if written % PROGRESS_EVERY == 0:
            SpreadsheetExport.objects.filter(pk=export.pk).update(rows_written=written)
    SpreadsheetExport.objects.filter(pk=export.pk).update(rows_written=written)


def purge_expired() -> int:
    """Remove the exports (and files) older than EXPORT_KEEP_HOURS."""
    expired = list(SpreadsheetExport.objects.filter(created_at__lt=timezone.now() - timedelta(hours=EXPORT_KEEP_HOURS)))
    for export in expired:
        export_path(export).unlink(missing_ok=True)
    SpreadsheetExport.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)
