"""The investor's page of a background Excel export (/downloads/<token>/): its progress
with the time left while the worker writes it (the page reloads itself, no JavaScript
needed), then the file (/downloads/<token>/file.xlsx)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from .downloads import XLSX_CONTENT_TYPE
from .lists import get as get_resource
from .models import SpreadsheetExport
from .models import SpreadsheetExportStatus as Status
from .spreadsheet_exports import export_path

# How often the progress page reloads itself while the file is written.
REFRESH_SECONDS = 3

app_name = "downloads"


@never_cache
def spreadsheet_export(request, token):
    export = get_object_or_404(SpreadsheetExport, token=token)
    resource = get_resource(export.resource)
    query = f"?{export.query}" if export.query else ""
    context = {
        "export": export,
        "plural": resource.model._meta.verbose_name_plural,
        "refresh_seconds": None if export.is_done else REFRESH_SECONDS,
        "list_url": resource.list_url() + query,
        "csv_url": reverse(resource.url_name("download-csv")) + query,
    }
    return render(request, "downloads/spreadsheet_export.html", context)


def spreadsheet_export_file(request, token):
    export = get_object_or_404(SpreadsheetExport, token=token, status=Status.READY)
    file_path = export_path(export)
    if not file_path.exists():
        raise Http404("This file has been removed; ask for it again from the list.")
    return FileResponse(
        file_path.open("rb"), as_attachment=True, filename=f"{export.resource}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


urlpatterns = [
    path("downloads/<uuid:token>/", spreadsheet_export, name="spreadsheet-export"),
    path("downloads/<uuid:token>/file.xlsx", spreadsheet_export_file, name="spreadsheet-export-file"),
]
