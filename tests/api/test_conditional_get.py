"""ETag on list and detail responses; If-None-Match answers 304 until content changes."""

import pytest

from ftzportal.publication import PublicationStatus
from tests.factories import AreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_content(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        area = AreaFactory(slug="kashgar")
        ProjectFactory(slug="industrial-park", area=area)
    return area


def test_unchanged_list_answers_304_without_a_body(api, published_content):
    first = api.get("/api/v1/projects/")
    etag = first["ETag"]
    assert etag.startswith('"')
    again = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_list_answers_200_with_a_new_etag_after_an_entry_is_published(
    api, published_content, django_capture_on_commit_callbacks
):
    etag = api.get("/api/v1/projects/")["ETag"]
    draft = ProjectFactory(slug="cold-chain", area=published_content, publication_status=PublicationStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        draft.publish()
        draft.save()
    response = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "cold-chain" in {row["slug"] for row in response.json()["results"]}


def test_unchanged_detail_answers_304(api, published_content):
    etag = api.get("/api/v1/areas/kashgar/")["ETag"]
    assert api.get("/api/v1/areas/kashgar/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_weakened_etag_from_a_proxy_still_matches(api, published_content):
    etag = api.get("/api/v1/areas/kashgar/")["ETag"]
    assert api.get("/api/v1/areas/kashgar/", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_etag_differs_by_query_string_and_language(api, published_content):
    plain = api.get("/api/v1/projects/")["ETag"]
    filtered = api.get("/api/v1/projects/?area=kashgar")["ETag"]
    russian = api.get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="ru")["ETag"]
    assert len({plain, filtered, russian}) == 3
    assert api.get("/api/v1/projects/?area=kashgar", HTTP_IF_NONE_MATCH=plain).status_code == 200


def test_wildcard_never_hides_a_400(api, published_content):
    response = api.get("/api/v1/projects/?min_value=abc", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400


def test_errors_carry_no_etag(api, published_content):
    assert "ETag" not in api.get("/api/v1/projects/does-not-exist/")
