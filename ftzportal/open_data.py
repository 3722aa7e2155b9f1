"""Open-data files: every published row of each exported list, as CSV and as Excel,
prepared ahead of time so no visitor waits while millions of rows are written.

`export_open_data()` (the `export_open_data` command) writes them under
`MEDIA_ROOT/open-data/` — to a temporary name first, then renamed, so a download never
reads a half-written file. It should run after publishing (see the command's help); the
list pages link to the files, the unfiltered Excel download is sent to them, and
`/<list>/open-data.csv|xlsx` serves them. Each file's content version is written beside
it (`projects.csv.version`): the whole-list downloads are answered by a file only while it
is current. After a publish the worker re-exports the stale files (`schedule_export`, in
ftzportal.tasks).

Excel holds at most 1,048,576 rows a sheet: the rows go on as many sheets as they need.
Writing the files changes no content version, so a list page cached before the first
export shows its links from the next publish on.
"""

import csv
import os
from pathlib import Path

from django.conf import settings
from django.utils import translation
from tqdm import tqdm

from .content_version import database_content_version
from .downloads import (
    Table,
    csv_cell,
    exported_version,
    exported_version_path,
    open_data_path,
    ordered_rows,
    write_xlsx,
)
from .lists import ListResource, exported_lists

FORMATS = ("csv", "xlsx")


def _write_csv(table: Table, rows, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        out.write("\ufeff")  # Excel reads the file as UTF-8
        writer.writerow(table.headings())
        for obj in rows:
            writer.writerow([csv_cell(value) for value in table.row(obj)])


def export_resource(resource: ListResource, file_format: str, *, progress: bool = False) -> Path:
    """Write one resource's file; returns its path. Names in the default language."""
    path = open_data_path(resource, file_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    # Read before the rows: a change committed while they are read leaves the file marked
    # with the older version, so it is taken as stale (and exported again), never as current.
    version = database_content_version()
    queryset = resource.queryset()
    with (
        translation.override(settings.LANGUAGE_CODE),
        tqdm(
            ordered_rows(queryset),
            total=queryset.count() if progress else None,
            desc=f"{resource.key}.{file_format}",
            unit=" rows",
            disable=not progress,
        ) as rows,
    ):
        (_write_csv if file_format == "csv" else write_xlsx)(Table.of(resource), rows, partial)
    # The file first, then its version: in between, the new file carries the old version
    # and counts as stale; the other way round an old file could count as current.
    os.replace(partial, path)
    version_partial = partial.with_name(f"{partial.name}.version")
    version_partial.write_text(str(version))
    os.replace(version_partial, exported_version_path(path))
    return path


def export_open_data(keys: list[str] | None = None, *, progress: bool = False, stale_only: bool = False) -> list[Path]:
    """Write the open-data files of every exported list (or those named in `keys`); with
    `stale_only`, only those not exported at the current content version."""
    resources = [resource for resource in exported_lists() if keys is None or resource.key in keys]
    current = database_content_version()
    return [
        export_resource(resource, file_format, progress=progress)
        for resource in resources
        for file_format in FORMATS
        if not (stale_only and exported_version(open_data_path(resource, file_format)) == current)
    ]
