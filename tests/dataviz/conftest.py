import csv
import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from openpyxl import load_workbook


@pytest.fixture(autouse=True)
def fresh_cache():
    # API throttle counters live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    # A request to /ru/… leaves Russian active in the thread, and factories would then
    # write names into the Russian columns of the next test's rows.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def csv_rows(response) -> list[dict]:
    """A streamed CSV response as rows of {heading: value}."""
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def xlsx_rows(response) -> list[dict]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    headings = rows[0]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]
