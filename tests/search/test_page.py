"""The results page and the header suggestions, served as HTML (no JavaScript needed)."""

import factory
import pytest

from tests.factories import EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_results_are_ranked_highlighted_and_linked(client, places):
    ProjectFactory(name="Aaa yard", description="Near the logistics park.")
    response = client.get("/search/", {"q": "logistics"})
    content = response.content.decode()
    assert response.context["result_count"] == 3
    names = [result.name for result in response.context["results"]]
    assert sorted(names[:2]) == ["Oasis Logistics", "Port Logistics Co."]
    assert names[2] == "Aaa yard"  # only in the description: last
    assert "Near the <mark>logistics</mark> park." in content
    assert '<a href="/enterprises/port-logistics/"><mark>Logistics</mark>' not in content  # title starts with "Port"
    assert '<a href="/enterprises/port-logistics/">Port <mark>Logistics</mark> Co.</a>' in content


def test_snippets_escape_markup_from_content_and_query(client, places):
    EnterpriseFactory(name="Markup Cotton", description='<script>alert("x")</script> cotton <b>bales</b>')
    response = client.get("/search/", {"q": "cotton <img src=x>"})
    content = response.content.decode()
    assert "<img src=x>" not in content
    response = client.get("/search/", {"q": "cotton"})
    content = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>cotton</mark> &lt;b&gt;bales&lt;/b&gt;" in content
    assert "<script>alert" not in content


def test_counts_per_type_and_the_type_filter(client, places):
    ProjectFactory(name="Logistics yard", area=places["kashgar"])
    content = client.get("/search/", {"q": "logistics"}).content.decode()
    assert '<a href="?q=logistics&amp;type=enterprise">Enterprises <span class="count">2</span></a>' in content
    assert '<a href="?q=logistics&amp;type=project">Projects <span class="count">1</span></a>' in content
    response = client.get("/search/", {"q": "logistics", "type": "project"})
    assert [result.name for result in response.context["results"]] == ["Logistics yard"]
    assert 'aria-current="true">Projects' in response.content.decode()


def test_the_area_filter(client, places):
    response = client.get("/search/", {"q": "logistics", "area": "horgos"})
    assert [result.name for result in response.context["results"]] == ["Port Logistics Co."]


def test_an_unknown_area_or_type_is_a_message_not_a_wider_list(client, places):
    for params in ({"q": "logistics", "area": "atlantis"}, {"q": "logistics", "type": "planet"}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert response.context["results"] == []
        assert 'class="field-error"' in response.content.decode()


def test_results_are_paginated_with_shareable_addresses(client, places):
    EnterpriseFactory.create_batch(23, name=factory.Sequence(lambda n: f"Cotton mill {n:02d}"), area=places["horgos"])
    first = client.get("/search/", {"q": "cotton", "area": "horgos"})
    assert len(first.context["results"]) == 20
    assert 'href="?q=cotton&amp;area=horgos&amp;page=2" rel="next"' in first.content.decode()
    second = client.get("/search/", {"q": "cotton", "area": "horgos", "page": "2"})
    assert len(second.context["results"]) == 3
    assert {r.name for r in first.context["results"]}.isdisjoint({r.name for r in second.context["results"]})


def test_did_you_mean_links_to_the_corrected_words(client, places):
    content = client.get("/search/", {"q": "logistcs"}).content.decode()
    assert 'Did you mean: <a href="?q=logistics">logistics</a>' in content
    assert "Port <mark>Logistics</mark> Co." in content


def test_nothing_found_suggests_the_directories(client, places):
    content = client.get("/search/", {"q": "qqxzv"}).content.decode()
    assert "Nothing found" in content
    for url in ("/industries/", "/incentives/", "/enterprises/", "/projects/"):
        assert f'<li><a href="{url}">' in content


def test_results_show_in_the_page_language(client, places):
    response = client.get("/zh-hans/search/", {"q": "Horgos logistics"})
    assert [result.name for result in response.context["results"]] == ["口岸物流公司"]
    assert 'href="/zh-hans/enterprises/port-logistics/"' in response.content.decode()
    # an entry with no Chinese text is shown in English, marked as such
    response = client.get("/zh-hans/search/", {"q": "oasis logistics"})
    assert [result.name for result in response.context["results"]] == ["Oasis Logistics"]
    assert 'lang="en"' in response.content.decode()


def test_the_page_query_count_does_not_grow_with_the_results(client, places, django_assert_max_num_queries):
    EnterpriseFactory.create_batch(30, name=factory.Sequence(lambda n: f"Cotton mill {n:02d}"), area=places["horgos"])
    # content version; the area choices; the alias groups (areas); counts per type; the
    # page of entries and its count; the documents of the page; + session/cache lookups.
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "cotton"})
    assert len(response.context["results"]) == 20


def test_header_search_box_is_a_plain_form_with_the_suggestion_script(client, places):
    content = client.get("/").content.decode()
    assert '<form class="header-search" method="get" action="/search/" role="search">' in content
    assert 'data-suggestions-url="/search/suggestions/"' in content
    assert '<script src="/static/js/search-suggestions.js" defer></script>' in content


def test_suggestions_are_json_in_the_page_language(client, places):
    data = client.get("/ru/search/suggestions/", {"q": "логист"}).json()
    assert sorted(s["title"] for s in data["suggestions"]) == ["Оазис логистика", "Портовая логистика"]
    assert "/ru/enterprises/oasis-logistics/" in [s["url"] for s in data["suggestions"]]
    assert client.get("/search/suggestions/", {"q": "l"}).json() == {"suggestions": []}
    assert client.get("/search/suggestions/", {"q": "x" * 500}).json() == {"suggestions": []}
