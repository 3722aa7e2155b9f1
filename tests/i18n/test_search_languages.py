"""Search in each language: Chinese and Russian queries find names written in those
languages, whichever language the page is in, and English aliases keep working.
(Spellings of the real Kashgar area are covered in tests/portal/test_views_pages.py.)"""

from types import SimpleNamespace

import pytest

from tests.factories import AreaFactory, EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _sections(response):
    """type → {"results": [entries with a slug]}, as the search page lists them."""
    sections = {}
    for result in response.context["results"]:
        slug = result.url.rstrip("/").rsplit("/", 1)[-1]
        sections.setdefault(f"{result.kind}s", {"results": []})["results"].append(SimpleNamespace(slug=slug))
    return sections


@pytest.fixture
def horgos_entries():
    area = AreaFactory(
        slug="horgos", name="Horgos Area", name_zh_hans="霍尔果斯片区", name_ru="Хоргос", aliases="Khorgas, Khorgos"
    )
    EnterpriseFactory(
        slug="port-logistics",
        name="Port Logistics Co.",
        name_zh_hans="口岸物流公司",
        name_ru="Портовая логистика",
        area=area,
    )
    ProjectFactory(
        slug="bonded-warehouse", name="Bonded warehouse", name_zh_hans="保税仓库", name_ru="Таможенный склад", area=area
    )


@pytest.mark.parametrize("prefix", ["", "/zh-hans", "/ru"])
def test_chinese_query_finds_chinese_names_from_any_page_language(client, horgos_entries, prefix):
    sections = _sections(client.get(f"{prefix}/search/", {"q": "物流"}))
    assert [e.slug for e in sections["enterprises"]["results"]] == ["port-logistics"]
    sections = _sections(client.get(f"{prefix}/search/", {"q": "保税"}))
    assert [p.slug for p in sections["projects"]["results"]] == ["bonded-warehouse"]


@pytest.mark.parametrize("prefix", ["", "/zh-hans", "/ru"])
def test_russian_query_finds_russian_names(client, horgos_entries, prefix):
    sections = _sections(client.get(f"{prefix}/search/", {"q": "логистика"}))
    assert [e.slug for e in sections["enterprises"]["results"]] == ["port-logistics"]
    sections = _sections(client.get(f"{prefix}/search/", {"q": "склад"}))
    assert [p.slug for p in sections["projects"]["results"]] == ["bonded-warehouse"]


# The index is case-folded (search.text.normalize), so SQLite folds Cyrillic too.
def test_russian_query_ignores_letter_case(client, horgos_entries):
    sections = _sections(client.get("/ru/search/", {"q": "таможенный"}))
    assert [p.slug for p in sections["projects"]["results"]] == ["bonded-warehouse"]


@pytest.mark.parametrize("prefix", ["/zh-hans", "/ru"])
def test_english_aliases_still_work_on_chinese_and_russian_pages(client, horgos_entries, prefix):
    sections = _sections(client.get(f"{prefix}/search/", {"q": "Khorgas"}))
    assert [a.slug for a in sections["areas"]["results"]] == ["horgos"]


def test_results_are_shown_in_the_page_language(client, horgos_entries):
    chinese = client.get("/zh-hans/search/", {"q": "Horgos"}).content.decode()
    assert "霍尔果斯片区" in chinese
    russian = client.get("/ru/search/", {"q": "霍尔果斯"}).content.decode()
    assert "Хоргос" in russian
