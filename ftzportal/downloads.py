"""Downloads of a filtered list as CSV or Excel, shared by the website and the API.

A download holds every row of the filter, not one page, so neither format keeps the rows
in memory: CSV is streamed as it is written, over `iterator(chunk_size=…)` (Django
prefetches the related rows of each chunk), and Excel is written row by row by
openpyxl's write-only workbook to a temporary file, which is then streamed.

Each resource has one `Table`: its columns with human-readable headings, relations as
slug and name, money as value and currency.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.urls import get_script_prefix, get_urlconf, path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ftzportal.content_version import get_content_version
from ftzportal.database import with_renewed_deadline
from ftzportal.listing import visible_query
from ftzportal.lists import Column, ListResource
from ftzportal.pagination import cached_count, in_total_order
from ftzportal.publication import published_only

CHUNK_SIZE = 2000
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit (1,048,576 rows a sheet), less the heading row.
XLSX_SHEET_ROWS = 1_048_575
# Prepared open-data files (ftzportal.open_data), under MEDIA_ROOT.
OPEN_DATA_DIR = "open-data"


def open_data_path(resource: ListResource, file_format: str) -> Path:
    return Path(settings.MEDIA_ROOT) / OPEN_DATA_DIR / f"{resource.key}.{file_format}"


def prepared(resource: ListResource, file_format: str) -> Path | None:
    """The prepared open-data file of `resource`, or None if it was never exported."""
    path = open_data_path(resource, file_format)
    return path if path.is_file() else None


def exported_version_path(path: Path) -> Path:
    """Beside each open-data file, the content version it was exported at."""
    return path.with_name(f"{path.name}.version")


def exported_version(path: Path) -> int | None:
    try:
        return int(exported_version_path(path).read_text())
    except (OSError, ValueError):
        return None


def prepared_current(resource: ListResource, file_format: str) -> Path | None:
    """The prepared file if it was exported at the current content version (nothing was
    published, edited or archived since), else None: a stale file is never answered for
    the list as it is now."""
    path = prepared(resource, file_format)
    if path is None or exported_version(path) != get_content_version():
        return None
    return path


@dataclass(frozen=True)
class Table:
    """The columns of one resource's download, and the file name it is saved under."""

    name: str
    columns: tuple[Column, ...]

    @classmethod
    def of(cls, resource: ListResource) -> "Table":
        return cls(name=resource.key, columns=resource.download_columns)

    def headings(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    def row(self, obj) -> list[Any]:
        return [column.value(obj) for column in self.columns]


def slugs(objects) -> str:
    return "; ".join(obj.slug for obj in published_only(objects))


def names(objects) -> str:
    return "; ".join(str(obj) for obj in published_only(objects))


def choice_label(field_name: str, choices) -> Callable[[Any], str]:
    """A column value: the label of the row's choice in `field_name`, in the active language.

    `get_FOO_display()` hashes every choice of the field on each call (each label a lazy
    translation, so one gettext per choice per row: a third of a projects CSV's time);
    this translates the labels once per language."""
    labels_by_language: dict[str | None, dict[str, str]] = {}

    def label(obj) -> str:
        code, language = getattr(obj, field_name), translation.get_language()
        labels = labels_by_language.get(language)
        if labels is None:
            labels = labels_by_language[language] = {value: str(text) for value, text in choices}
        return labels.get(code, code)

    return label


SLUG_PLACEHOLDER = "--slug--"


def detail_url(url_name: str) -> Callable[[Any], str]:
    """A column value: the address of the row's page, `reverse(url_name, args=[slug])`.

    Reversed once per language, script prefix and URLconf, with the slug put in after:
    a slug (letters, digits, "-", "_") reverses to itself, and `reverse()` for every row
    cost a seventh of a file's time."""
    templates: dict[tuple, tuple[str, str]] = {}

    def url(obj) -> str:
        key = (translation.get_language(), get_script_prefix(), get_urlconf())
        template = templates.get(key)
        if template is None:
            before, _placeholder, after = reverse(url_name, args=[SLUG_PLACEHOLDER]).partition(SLUG_PLACEHOLDER)
            template = templates[key] = (before, after)
        return f"{template[0]}{obj.slug}{template[1]}"

    return url


def ordered_rows(queryset):
    """The queryset in a total order (ties of the chosen order broken by pk), read in
    chunks with each chunk's prefetches."""
    return in_total_order(queryset).iterator(chunk_size=CHUNK_SIZE)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_PREFIXES):
        # Shown as typed by the spreadsheet, never evaluated.
        return "'" + text
    return text


class _Echo:
    """A write-only file whose `write` hands back what it was given (csv.writer needs a file)."""

    def write(self, value):
        return value


def csv_lines(table: Table, rows: Iterable, language: str | None) -> Iterator[str]:
    # The rows are written while the response is sent, after the view (and whatever
    # language it activated) has returned: names are read in the request's language.
    with translation.override(language):
        writer = csv.writer(_Echo())
        # The byte-order mark makes Excel read the file as UTF-8 (Chinese and Russian names).
        yield "\ufeff" + writer.writerow(table.headings())
        for obj in rows:
            yield writer.writerow([csv_cell(value) for value in table.row(obj)])


def csv_response(table: Table, queryset, filename: str | None = None) -> StreamingHttpResponse:
    lines = csv_lines(table, ordered_rows(queryset), translation.get_language())
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename or table.name}.csv"'
    return response


def xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        # openpyxl would store text starting with "=" as a formula.
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(table: Table, rows, path) -> None:
    """Write `rows` to an Excel file at `path` (a path or a file), on as many sheets as
    Excel's row limit needs."""
    workbook = Workbook(write_only=True)
    sheet, sheet_rows, sheets = None, XLSX_SHEET_ROWS, 0
    for obj in rows:
        if sheet_rows == XLSX_SHEET_ROWS:
            sheets += 1
            sheet = workbook.create_sheet(title=table.name[:27] + (f" {sheets}" if sheets > 1 else ""))
            sheet.append(table.headings())
            sheet_rows = 0
        sheet.append([xlsx_cell(sheet, value) for value in table.row(obj)])
        sheet_rows += 1
    if sheet is None:
        workbook.create_sheet(title=table.name[:31]).append(table.headings())
    workbook.save(path)


def xlsx_response(table: Table, queryset, filename: str | None = None) -> FileResponse:
    # A temporary file, deleted when the response closes it, keeps memory flat.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(table, with_renewed_deadline(ordered_rows(queryset)), output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=f"{filename or table.name}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


def filter_errors_response(filterset) -> HttpResponseBadRequest:
    """A plain-text 400 naming each invalid filter: never a file of the unfiltered rows."""
    lines = [str(_("The filter is not valid:"))]
    for name, errors in filterset.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines.extend(f"- {label}: {error}" for error in errors)
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def too_many_rows_response(count: int) -> HttpResponseBadRequest:
    message = _(
        "These results have %(count)s rows; an Excel sheet holds at most %(limit)s. "
        "Download them as CSV, or narrow the filter."
    ) % {"count": f"{count:,}", "limit": f"{XLSX_SHEET_ROWS:,}"}
    return HttpResponseBadRequest(f"{message}\n", content_type="text/plain; charset=utf-8")


class ListDownloadView(View):
    """`/enterprises/download.csv?<the list's query>`: every row of the list's filter.

    Built from the list's declaration (its FilterSet, published queryset and download
    columns), so the file holds exactly what the pages show, all pages at once. The
    unfiltered list is answered by its prepared open-data file while that file is
    current. Otherwise CSV is streamed at any size (gthread workers are not killed by
    the worker timeout mid-stream, see deploy/gunicorn.conf.py); Excel is written before it
    is sent, which keeps a worker thread busy, so a filter of more than
    DOWNLOAD_XLSX_MAX_ROWS rows is written by the background worker while the investor
    watches its progress (ftzportal.spreadsheet_exports), and one of more rows than an
    Excel sheet holds is refused with a pointer to CSV."""

    resource: ListResource = None
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        resource = self.resource
        query = visible_query(request.GET)
        filterset = resource.filterset_class(query, queryset=resource.queryset(), request=request)
        if not filterset.is_valid():
            return filter_errors_response(filterset)
        whole_list = not any(query.values())
        # The whole list in the language the prepared files are written in: the file, if
        # it is current, sent by the server (sendfile) instead of written row by row.
        if whole_list and translation.get_language() == settings.LANGUAGE_CODE:
            current = prepared_current(resource, self.file_format)
            if current and self.file_format == "csv":
                return open_data_response(resource, "csv", current)
            if current:
                return HttpResponseRedirect(reverse(resource.url_name("open-data-xlsx")))
        if self.file_format == "csv":
            return csv_response(Table.of(resource), filterset.qs)
        count = cached_count(filterset.qs)
        if count > XLSX_SHEET_ROWS:
            return too_many_rows_response(count)
        if count > settings.DOWNLOAD_XLSX_MAX_ROWS:
            # Imported here: the exports write their files with this module's tables.
            from .spreadsheet_exports import request_export

            export = request_export(resource, query.urlencode(), count)
            return HttpResponseRedirect(reverse("downloads:spreadsheet-export", args=[export.token]))
        return xlsx_response(Table.of(resource), filterset.qs)


class OpenDataFileView(View):
    """`/projects/open-data.csv`: the prepared file of every published row (404 until
    `manage.py export_open_data` has written it). FileResponse hands the open file to the
    server (sendfile where it can), so sending it costs a worker little."""

    resource: ListResource = None
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        path = prepared(self.resource, self.file_format)
        if path is None:
            raise Http404("This file has not been prepared yet.")
        return open_data_response(self.resource, self.file_format, path)


def open_data_response(resource: ListResource, file_format: str, path: Path) -> FileResponse:
    content_type = CSV_CONTENT_TYPE if file_format == "csv" else XLSX_CONTENT_TYPE
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{resource.key}.{file_format}", content_type=content_type
    )


def list_download_urls(resource: ListResource) -> list:
    """The CSV and Excel addresses of a filtered list, and of its open-data files, beside
    its page."""
    return [
        *(
            path(
                f"{resource.key}/download.{file_format}",
                ListDownloadView.as_view(resource=resource, file_format=file_format),
                name=f"{resource.name}-download-{file_format}",
            )
            for file_format in ("csv", "xlsx")
        ),
        *(
            path(
                f"{resource.key}/open-data.{file_format}",
                OpenDataFileView.as_view(resource=resource, file_format=file_format),
                name=f"{resource.name}-open-data-{file_format}",
            )
            for file_format in ("csv", "xlsx")
        ),
    ]
