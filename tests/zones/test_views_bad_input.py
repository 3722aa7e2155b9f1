"""Bad input never breaks a list page: unknown slugs, impossible pages, malformed numbers,
huge or NUL-laden text and markup in any parameter give the page (200) with a message,
never a 500 and never the markup reflected unescaped."""

import pytest

from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = {
    "/incentives/": ["area", "industry", "category", "q", "ordering", "page"],
    "/enterprises/": [
        "area",
        "industry",
        "origin",
        "foreign",
        "settled_from",
        "settled_to",
        "q",
        "ordering",
        "page",
    ],
    "/projects/": [
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
        "page",
    ],
    "/industries/": ["q", "page", "area"],
    "/search/": ["q"],
    "/compare/": ["area"],
    "/inquire/": ["area", "industry", "project"],
}
MARKUP = '<script>alert("x")</script>'
BAD_VALUES = {
    "unknown slug": "atlantis",
    "huge page": "999999",
    "not a number": "abc",
    "5000 characters": "k" * 5000,
    "NUL byte": "kash\x00gar",
    "markup": MARKUP,
    "attribute breakout": '"><img src=x onerror=alert(1)>',
}


@pytest.fixture
def rows():
    area = AreaFactory(slug="kashgar")
    industry = IndustryFactory(slug="textiles")
    IncentiveFactory(areas=[area], industries=[industry])
    EnterpriseFactory(area=area, industries=[industry])
    ProjectFactory(area=area, industry=industry)


CASES = [(url, param, label) for url, params in LIST_PAGES.items() for param in params for label in BAD_VALUES]


@pytest.mark.parametrize(("url", "param", "label"), CASES)
def test_bad_value_in_any_parameter_gives_the_page_without_reflected_markup(client, rows, url, param, label):
    response = client.get(url, {param: BAD_VALUES[label]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<form" in content  # the page with its form, not a page that dropped it
    assert MARKUP not in content
    assert "<img src=x" not in content
    assert "\x00" not in content


@pytest.mark.parametrize("url", ["/incentives/", "/enterprises/", "/projects/"])
@pytest.mark.parametrize("param", ["area", "industry"])
def test_unknown_slug_filter_shows_message_and_no_wider_list(client, rows, url, param):
    response = client.get(url, {param: "atlantis"})
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert param in response.context["filter_form"].errors
    assert f'id="id_{param}_error"'.encode() in response.content


@pytest.mark.parametrize("url", ["/incentives/", "/enterprises/", "/projects/"])
def test_overlong_text_search_shows_message_and_no_wider_list(client, rows, url):
    response = client.get(url, {"q": "k" * 5000})
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert "q" in response.context["filter_form"].errors


def test_overlong_site_search_shows_message(client, rows):
    response = client.get("/search/", {"q": "k" * 5000})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert b'id="id_q_error"' in response.content


@pytest.mark.parametrize("url", ["/incentives/", "/enterprises/", "/projects/"])
def test_markup_in_a_chip_is_escaped(client, rows, url):
    response = client.get(url, {"q": MARKUP})
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/areas/atlantis/",
        "/industries/atlantis/",
        "/incentives/atlantis/",
        "/enterprises/atlantis/",
        "/projects/atlantis/",
        "/areas/%3Cscript%3E/",
        "/enterprises/kash%00gar/",
    ],
)
def test_unknown_detail_slug_is_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"<script>" not in response.content
