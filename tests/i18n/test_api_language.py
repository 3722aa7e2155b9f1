"""The API answers in the language asked for by Accept-Language or `?lang=`, says so in
Content-Language, and documents both in its schema."""

import pytest
from rest_framework.test import APIClient

from tests.factories import AreaFactory, IndustryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def kashgar_area():
    return AreaFactory(slug="kashgar", name_en="Kashgar Area", name_zh_hans="喀什片区", name_ru="Кашгар")


def test_accept_language_gives_chinese_names_and_content_language(api, kashgar_area):
    response = api.get("/api/v1/areas/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [area["name"] for area in response.json()["results"]] == ["喀什片区"]
    assert response["Content-Language"] == "zh-hans"


def test_lang_parameter_gives_chinese_names_and_content_language(api, kashgar_area):
    response = api.get("/api/v1/areas/kashgar/", {"lang": "zh-hans"})
    assert response.json()["name"] == "喀什片区"
    assert response.json()["web_url"] == "http://testserver/zh-hans/areas/kashgar/"
    assert response["Content-Language"] == "zh-hans"


def test_lang_parameter_wins_over_accept_language(api, kashgar_area):
    response = api.get("/api/v1/areas/kashgar/", {"lang": "ru"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["name"] == "Кашгар"
    assert response["Content-Language"] == "ru"


def test_english_is_the_default_and_is_declared(api, kashgar_area):
    response = api.get("/api/v1/areas/kashgar/")
    assert response.json()["name"] == "Kashgar Area"
    assert response["Content-Language"] == "en"


def test_unknown_lang_parameter_is_a_400_naming_the_parameter(api, kashgar_area):
    response = api.get("/api/v1/areas/", {"lang": "fr"})
    assert response.status_code == 400
    assert "lang" in response.content.decode()


def test_missing_translation_falls_back_to_english_in_the_api(api):
    IndustryFactory(slug="cotton", name="Cotton", name_ru="")
    assert api.get("/api/v1/industries/cotton/", {"lang": "ru"}).json()["name"] == "Cotton"


def test_list_in_chinese_keeps_its_query_count(api, django_assert_max_num_queries):
    for index in range(5):
        AreaFactory(name_zh_hans=f"片区{index}")
    # Translated columns sit on the same row: the language changes no query.
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/areas/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert len(response.json()["results"]) == 5


def test_schema_documents_the_language_choices(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/areas/"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter for parameter in parameters}
    assert by_name["Accept-Language"]["in"] == "header"
    assert by_name["lang"]["in"] == "query"
    assert sorted(by_name["lang"]["schema"]["enum"]) == ["en", "ru", "zh-hans"]
    assert "Content-Language" in schema["paths"]["/api/v1/areas/"]["get"]["responses"]["200"]["headers"]
