"""Content in three languages: a missing translation falls back to English, never to an
empty string, and a written translation wins."""

import pytest

from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_area_without_russian_summary_shows_the_english_one_on_the_russian_page(client):
    AreaFactory(
        slug="test-area", name="Test Area", name_ru="Тестовый участок", summary="An English summary.", summary_ru=""
    )
    content = client.get("/ru/areas/test-area/").content.decode()
    assert "Тестовый участок" in content
    assert "An English summary." in content


def test_incentive_without_chinese_text_shows_english_title_summary_and_eligibility(client):
    IncentiveFactory(
        slug="only-english",
        title="Customs green lane",
        summary="Faster clearance for farm produce.",
        eligibility="Registered importers.",
    )
    content = client.get("/zh-hans/incentives/only-english/").content.decode()
    assert "<h1>Customs green lane" in content
    assert "Faster clearance for farm produce." in content
    assert "Registered importers." in content


def test_written_translation_wins_over_english(client):
    IncentiveFactory(slug="translated", title="Customs green lane", title_ru="Зелёный коридор на таможне")
    content = client.get("/ru/incentives/translated/").content.decode()
    assert "Зелёный коридор на таможне" in content
    assert "Customs green lane" not in content


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_lists_never_show_an_empty_name_when_a_translation_is_missing(client, language, django_assert_max_num_queries):
    industry = IndustryFactory(name="Cotton textiles")
    EnterpriseFactory(name="Silk Road Trading", description="English only.", area__name="Border Area")
    ProjectFactory(name="Cold storage", industry=industry)
    with django_assert_max_num_queries(20):
        enterprises = client.get(f"/{language}/enterprises/").content.decode()
    with django_assert_max_num_queries(20):
        projects = client.get(f"/{language}/projects/").content.decode()
    assert "Silk Road Trading" in enterprises
    assert "Border Area" in enterprises
    assert "Cold storage" in projects
    assert "Cotton textiles" in projects


def test_real_kashgar_area_reads_in_chinese_and_russian(client, real_data):
    assert "喀什片区" in client.get("/zh-hans/areas/kashgar/").content.decode()
    assert "Кашгар" in client.get("/ru/areas/kashgar/").content.decode()


def test_ordering_by_name_uses_the_english_name_where_the_translation_is_missing(client):
    # Created in this order so that the primary key does not give the expected order.
    ProjectFactory(name="Bonded warehouse", slug="b")
    ProjectFactory(name="Airport hub", slug="a")
    ProjectFactory(name="Cold-chain base", name_zh_hans="冷链基地", slug="c")
    response = client.get("/zh-hans/projects/", {"ordering": "name"})
    assert [project.slug for project in response.context["object_list"]] == ["a", "b", "c"]
    response = client.get("/zh-hans/projects/", {"ordering": "-name"})
    assert [project.slug for project in response.context["object_list"]] == ["c", "b", "a"]
