"""Whatever is typed, the page, the suggestions and the API answer without a 5xx and never
reflect markup unescaped; full-text operators are read as words, never as syntax."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

MARKER = "<x-h19 onmouseover=alert(1)>"
HOSTILE = [
    "k" * 10_000,
    "kash\x00gar",
    "\x00",
    '"',
    '"""',
    "'",
    '"unclosed phrase',
    "AND",
    "OR OR OR",
    "NOT logistics",
    "NEAR(logistics horgos)",
    "logistics NEAR/2 horgos",
    "*",
    "logist*",
    "^logistics",
    "a:* & b | !c <-> d",
    "col:logistics",
    "title:horgos",
    "{a_text}: horgos",
    "%_%",
    "\\",
    "</mark><script>alert(1)</script>",
    MARKER,
    "\u202e\ufeff\u200b",
    "喀什" * 3000,
]
queries = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.lists(
        st.sampled_from(['"', "AND", "OR", "NEAR", "*", "(", ")", ":", "-", "^", "logistics", "喀什", "Хоргос"])
    ).map(" ".join),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_no_marker(content: bytes):
    assert b"<x-h19" not in content
    assert b"<script>alert" not in content


@pytest.mark.parametrize("query", HOSTILE)
def test_known_hostile_queries(client, api, places, query):
    for url in ("/search/", "/ru/search/", "/search/suggestions/"):
        response = client.get(url, {"q": query, "type": query[:50], "area": query[:50], "page": query[:50]})
        assert response.status_code == 200
        assert_no_marker(response.content)
    response = api.get("/api/v1/search/", {"q": query})
    assert response.status_code in (200, 400)
    assert_no_marker(response.content)


def test_the_marker_is_echoed_escaped_on_the_page(client, places):
    content = client.get("/search/", {"q": f"logistics {MARKER}"}).content.decode()
    assert "&lt;x-h19 onmouseover=alert(1)&gt;" in content  # positive control: the query is shown
    assert_no_marker(content.encode())


@FUZZ
@given(query=queries)
def test_any_query_on_the_page(client, places, query):
    response = client.get("/search/", {"q": f"{query} {MARKER}"[:400]})
    assert response.status_code == 200
    assert_no_marker(response.content)


@FUZZ
@given(query=queries)
def test_any_query_in_the_api(api, places, query):
    response = api.get("/api/v1/search/", {"q": query})
    assert response.status_code in (200, 400)
    body = response.json()
    assert ("results" in body) if response.status_code == 200 else ("errors" in body)
