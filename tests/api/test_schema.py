"""The OpenAPI 3 schema at /api/schema/ and the docs at /api/docs/: the server-written
reference and the offline Swagger UI console."""

import re

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

READ_OPERATIONS = [
    f"/api/v1/{resource}/{suffix}"
    for resource in ("zones", "areas", "industries", "incentives", "enterprises", "projects")
    for suffix in ("", "{slug}/")
] + ["/api/v1/match/", "/api/v1/changes/", "/api/v1/search/"]


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_a_valid_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_generation_has_no_warnings():
    # drf-spectacular's own check: validation against the OpenAPI schema, and any guess
    # it had to make about a field or filter is a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_describes_every_endpoint(schema):
    documented = {(path, method) for path, item in schema["paths"].items() for method in item}
    webhooks = {
        ("/api/v1/webhooks/", "get"),
        ("/api/v1/webhooks/", "post"),
        ("/api/v1/webhooks/{id}/", "get"),
        ("/api/v1/webhooks/{id}/", "delete"),
        ("/api/v1/webhooks/{id}/deliveries/", "get"),
        ("/api/v1/webhooks/{id}/test/", "post"),
        ("/api/v1/webhooks/{id}/redeliver/", "post"),
        ("/api/v1/webhooks/{id}/resume/", "post"),
    }
    expected = {(path, "get") for path in READ_OPERATIONS} | {("/api/v1/inquiries/", "post")} | webhooks
    assert documented == expected


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/api/v1/incentives/", {"area", "industry", "category", "q", "ordering"}),
        (
            "/api/v1/enterprises/",
            {"area", "industry", "origin", "foreign", "settled_from", "settled_to", "q", "ordering"},
        ),
        (
            "/api/v1/projects/",
            {
                "area",
                "industry",
                "status",
                "currency",
                "min_value",
                "max_value",
                "signed_from",
                "signed_to",
                "q",
                "ordering",
            },
        ),
    ],
)
def test_schema_documents_every_filter_and_pagination(schema, path, filters):
    names = {p["name"] for p in schema["paths"][path]["get"]["parameters"] if p["in"] == "query"}
    assert names == filters | {"page", "page_size", "lang"}


@pytest.mark.parametrize("path", READ_OPERATIONS)
def test_every_read_documents_its_errors_with_the_error_schema(schema, path):
    responses = schema["paths"][path]["get"]["responses"]
    for code in ("400", "401", "403", "404", "429"):
        assert responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "Retry-After" in responses["429"]["headers"]
    assert "ETag" in responses["200"]["headers"] and "304" in responses


def test_error_schema_is_a_list_of_field_code_message(schema):
    item = schema["components"]["schemas"]["ErrorItem"]
    assert set(item["properties"]) == {"field", "code", "message"}
    assert item["properties"]["field"].get("nullable") is True


def test_api_key_security_scheme_is_documented(schema):
    scheme = schema["components"]["securitySchemes"]["PartnerApiKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    inquiries = schema["paths"]["/api/v1/inquiries/"]["post"]
    assert inquiries["security"] == [{"PartnerApiKey": []}]
    # Reads work with or without a key.
    assert schema["paths"]["/api/v1/areas/"]["get"]["security"] == [{"PartnerApiKey": []}, {}]


def test_docs_page_uses_vendored_assets_only(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs", "fonts.googleapis.com"):
        assert cdn not in html


def test_docs_page_lists_every_operation_of_the_schema(api, schema):
    html = api.get("/api/docs/").content.decode()
    operations = {spec["operationId"] for item in schema["paths"].values() for spec in item.values()}
    assert set(re.findall(r'<article class="operation" id="([^"]+)"', html)) == operations
    assert "<code>Authorization: Api-Key &lt;key&gt;</code>" in html


def test_docs_reference_is_built_once_per_content_version(api, django_assert_max_num_queries):
    api.get("/api/docs/")
    # The content version, read once per request; the schema (which reads the published
    # slugs) is not built again.
    with django_assert_max_num_queries(1):
        assert api.get("/api/docs/").status_code == 200


def test_vendored_swagger_ui_script_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_descriptions_are_for_partners_not_developers(schema):
    """Docstrings become the schema's descriptions: notes for the project's developers
    (what a subclass sets, a path in the repository) must not reach partners."""
    import json

    text = json.dumps(schema)
    assert "Subclasses" not in text
    assert "docs/partner-api.md" not in text
    assert "`view_name`" not in text and "`queryset`" not in text
