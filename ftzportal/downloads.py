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
from typing import Any

from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from investments.models import Enterprise, Project
from zones.listing import visible_query
from zones.models import Incentive

CHUNK_SIZE = 2000
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Table:
    """The columns of one resource's download, and the file name it is saved under."""

    name: str
    columns: tuple[Column, ...]

    def headings(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    def row(self, obj) -> list[Any]:
        return [column.value(obj) for column in self.columns]


def published_related(objects) -> list:
    """Public rows of a prefetched relation (a prefetch returns drafts too)."""
    return [obj for obj in objects if obj.is_published]


def slugs(objects) -> str:
    return "; ".join(obj.slug for obj in published_related(objects))


def names(objects) -> str:
    return "; ".join(str(obj) for obj in published_related(objects))


def ordered_rows(queryset):
    """The queryset in a total order (ties of the chosen order broken by pk), read in
    chunks with each chunk's prefetches."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if "pk" not in ordering and "-pk" not in ordering:
        ordering.append("pk")
    return queryset.order_by(*ordering).iterator(chunk_size=CHUNK_SIZE)


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


def xlsx_response(table: Table, queryset, filename: str | None = None) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.append(table.headings())
    for obj in ordered_rows(queryset):
        sheet.append([xlsx_cell(sheet, value) for value in table.row(obj)])
    # A temporary file, deleted when the response closes it, keeps memory flat.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
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


# The tables of the three filtered lists. Web addresses are relative to the site, so a
# file is the same whichever host served it.


def _enterprise_origin(enterprise) -> str:
    return str(enterprise.origin_label)


ENTERPRISE_TABLE = Table(
    name="enterprises",
    columns=(
        Column(_("Name"), lambda e: e.name),
        Column(_("Slug"), lambda e: e.slug),
        Column(_("Area (slug)"), lambda e: e.area.slug),
        Column(_("Area"), lambda e: e.area.name),
        Column(_("Industries (slugs)"), lambda e: slugs(e.published_industries)),
        Column(_("Industries"), lambda e: names(e.published_industries)),
        Column(_("Country of origin (ISO code)"), lambda e: e.origin_country.code or ""),
        Column(_("Province of origin (slug)"), lambda e: e.origin_province),
        Column(_("Origin"), _enterprise_origin),
        Column(_("Foreign-invested"), lambda e: e.is_foreign_invested),
        Column(_("Settled on"), lambda e: e.settled_on),
        Column(_("Website"), lambda e: e.website),
        Column(_("Sample data"), lambda e: e.is_sample),
        Column(_("Source"), lambda e: str(e.source) if e.source else ""),
        Column(_("Page"), lambda e: e.get_absolute_url()),
    ),
)

PROJECT_TABLE = Table(
    name="projects",
    columns=(
        Column(_("Name"), lambda p: p.name),
        Column(_("Slug"), lambda p: p.slug),
        Column(_("Area (slug)"), lambda p: p.area.slug),
        Column(_("Area"), lambda p: p.area.name),
        Column(_("Industry (slug)"), lambda p: p.industry.slug if p.industry and p.industry.is_published else ""),
        Column(_("Industry"), lambda p: p.industry.name if p.industry and p.industry.is_published else ""),
        Column(
            _("Enterprise (slug)"), lambda p: p.enterprise.slug if p.enterprise and p.enterprise.is_published else ""
        ),
        Column(_("Enterprise"), lambda p: p.enterprise.name if p.enterprise and p.enterprise.is_published else ""),
        Column(_("Status (code)"), lambda p: p.status),
        Column(_("Status"), lambda p: str(p.get_status_display())),
        Column(_("Contracted value"), lambda p: p.contracted_value),
        Column(_("Currency"), lambda p: p.currency),
        Column(_("Signed on"), lambda p: p.signed_on),
        Column(_("Sample data"), lambda p: p.is_sample),
        Column(_("Source"), lambda p: str(p.source) if p.source else ""),
        Column(_("Page"), lambda p: p.get_absolute_url()),
    ),
)

INCENTIVE_TABLE = Table(
    name="incentives",
    columns=(
        Column(_("Title"), lambda i: i.title),
        Column(_("Slug"), lambda i: i.slug),
        Column(_("Category (code)"), lambda i: i.category),
        Column(_("Category"), lambda i: str(i.get_category_display())),
        # From every linked row, as the API does: a measure for a draft area only is not zone-wide.
        Column(_("Zone-wide"), lambda i: not i.areas.all()),
        Column(_("Areas (slugs)"), lambda i: slugs(i.areas.all())),
        Column(_("Areas"), lambda i: names(i.areas.all())),
        Column(_("Industries (slugs)"), lambda i: slugs(i.industries.all())),
        Column(_("Industries"), lambda i: names(i.industries.all())),
        Column(_("Effective from"), lambda i: i.effective_from),
        Column(_("Effective until"), lambda i: i.effective_until),
        Column(_("Summary"), lambda i: i.summary),
        Column(_("Source"), lambda i: str(i.source) if i.source else ""),
        Column(_("Page"), lambda i: i.get_absolute_url()),
    ),
)


def table_for_model(model) -> Table | None:
    return {Enterprise: ENTERPRISE_TABLE, Project: PROJECT_TABLE, Incentive: INCENTIVE_TABLE}.get(model)


class ListDownloadView(View):
    """`/enterprises/download.csv?<the list's query>`: every row of the list's filter.

    Built from the list view itself (its FilterSet and published base queryset), so the
    file holds exactly what the pages show, all pages at once."""

    list_view = None
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        list_view = self.list_view()
        list_view.setup(request, *args, **kwargs)
        base = list_view.get_base_queryset()
        filterset = self.list_view.filterset_class(visible_query(request.GET), queryset=base, request=request)
        if not filterset.is_valid():
            return filter_errors_response(filterset)
        table = table_for_model(base.model)
        build = csv_response if self.file_format == "csv" else xlsx_response
        return build(table, filterset.qs)
