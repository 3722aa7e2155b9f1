"""GET /api/v1/search/: the page's search as JSON, documented in the schema; bad input is
a 400 in the API's error shape."""

import pytest

pytestmark = pytest.mark.django_db


def test_results_counts_and_absolute_links(api, places):
    data = api.get("/api/v1/search/", {"q": "horgos logistics"}).json()
    assert data["count"] == 1
    assert data["counts"]["enterprise"] == 1
    assert data["corrected_query"] is None
    [result] = data["results"]
    assert result["type"] == "enterprise"
    assert result["title"] == "Port Logistics Co."
    assert result["title_html"] == "Port <mark>Logistics</mark> Co."
    assert result["url"] == "http://testserver/enterprises/port-logistics/"


def test_type_area_language_and_correction(api, places):
    data = api.get("/api/v1/search/", {"q": "logistcs", "area": "kashgar", "lang": "ru"}).json()
    assert data["corrected_query"] == "logistics"
    assert [r["title"] for r in data["results"]] == ["Оазис логистика"]
    data = api.get("/api/v1/search/", {"q": "textile", "type": "industry"}).json()
    assert [r["type"] for r in data["results"]] == ["industry"]
    assert data["counts"]["enterprise"] == 1  # counts ignore the type filter


def test_pages_link_to_each_other(api, places):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(3, name="Cotton mill")
    first = api.get("/api/v1/search/", {"q": "cotton", "page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "kash\x00gar"}, "q"),
        ({"q": "cotton", "type": "planet"}, "type"),
        ({"q": "cotton", "area": "atlantis"}, "area"),
        ({"q": "cotton", "area": "<b>"}, "area"),
        ({"q": "cotton", "page": "0"}, "page"),
        ({"q": "cotton", "page": "abc"}, "page"),
        ({"q": "cotton", "page_size": "51"}, "page_size"),
    ],
)
def test_bad_input_is_a_400_in_the_error_shape(api, places, params, field):
    response = api.get("/api/v1/search/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert all(error["code"] and error["message"] for error in errors)


def test_the_schema_documents_the_endpoint_with_enums_and_bounds(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["q"]["required"] is True
    assert parameters["q"]["schema"]["maxLength"] == 200
    assert set(parameters["type"]["schema"]["enum"]) == {
        "area",
        "industry",
        "incentive",
        "enterprise",
        "project",
        "facility",
        "figure",
        "milestone",
    }
    assert parameters["page_size"]["schema"]["maximum"] == 50
    assert set(operation["responses"]) >= {"200", "400"}


def test_answers_are_cached_until_the_content_changes(api, places, django_capture_on_commit_callbacks):
    """The search API is kept in the response cache as every other list is, and a publish
    is in the next answer (the content version moves with the index)."""
    from tests.factories import EnterpriseFactory

    first = api.get("/api/v1/search/", {"q": "logistics", "lang": "en"})
    again = api.get("/api/v1/search/", {"q": "logistics", "lang": "en"})
    assert (first.headers.get("X-Cache"), again.headers.get("X-Cache")) == ("MISS", "HIT")
    assert again.json() == first.json() and first.json()["count"] == 2
    other_page = api.get("/api/v1/search/", {"q": "logistics", "page_size": 1})
    assert other_page.headers.get("X-Cache") == "MISS" and len(other_page.json()["results"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        EnterpriseFactory(name="Steppe Logistics")
    after = api.get("/api/v1/search/", {"q": "logistics", "lang": "en"})
    assert after.headers.get("X-Cache") == "MISS"
    assert after.json()["count"] == 3
    bad = api.get("/api/v1/search/", {"q": "logistics", "page": "x"})
    assert bad.status_code == 400 and api.get("/api/v1/search/", {"q": "logistics", "page": "x"}).status_code == 400
