"""The response cache (ftzportal.caching): what it stores, what it never stores, and that
a publish, edit or archive is seen by the very next request. Small views in
tests/performance/urls.py stand in for the website's and the API's views."""

import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from ftzportal.publication import PublicationStatus
from tests.factories import IncentiveFactory
from tests.performance import urls as test_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


@pytest.fixture(autouse=True)
def reset_calls():
    for name in test_views.calls:
        test_views.calls[name] = 0


@pytest.fixture
def incentive(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return IncentiveFactory(title="Tax relief for logistics", slug="tax-relief")


def save(instance, on_commit, **changes):
    """A curator's save: the content version is bumped once the transaction commits."""
    with on_commit(execute=True):
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.save()


PAGE = "/pages/incentives/tax-relief/"


def test_second_anonymous_request_is_served_from_the_cache(client, incentive):
    first = client.get(PAGE)
    second = client.get(PAGE)
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second.content == first.content == b"<h1>Tax relief for logistics</h1>"
    assert test_views.calls["incentive"] == 1


def test_a_cached_page_costs_one_query_for_the_content_version(client, incentive, django_assert_num_queries):
    client.get(PAGE)
    with django_assert_num_queries(1):
        assert client.get(PAGE)["X-Cache"] == "HIT"


def test_cached_page_keeps_the_headers_of_the_inner_middleware(client, incentive):
    client.get(PAGE)
    hit = client.get(PAGE)
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Type"].startswith("text/html")
    # Set again on the way out by the outer middleware, fresh for each response.
    assert "Content-Security-Policy" in hit and "X-Request-ID" in hit


def test_edit_is_seen_by_the_next_request(client, incentive, django_capture_on_commit_callbacks):
    client.get(PAGE)
    save(incentive, django_capture_on_commit_callbacks, title="Tax relief for rail logistics")
    response = client.get(PAGE)
    assert response.content == b"<h1>Tax relief for rail logistics</h1>"
    assert response["X-Cache"] == "MISS"


def test_archive_is_seen_by_the_next_request(client, incentive, django_capture_on_commit_callbacks):
    assert client.get(PAGE).status_code == 200
    save(incentive, django_capture_on_commit_callbacks, publication_status=PublicationStatus.ARCHIVED)
    assert client.get(PAGE).status_code == 404


def test_publish_is_seen_by_the_next_request(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = IncentiveFactory(slug="tax-relief", title="Tax relief", publication_status=PublicationStatus.DRAFT)
    assert client.get(PAGE).status_code == 404
    save(
        draft,
        django_capture_on_commit_callbacks,
        publication_status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    assert client.get(PAGE).content == b"<h1>Tax relief</h1>"


def test_error_responses_are_not_stored(client, db):
    client.get("/pages/incentives/nothing-here/")
    client.get("/pages/incentives/nothing-here/")
    assert test_views.calls["incentive"] == 2


def test_etag_of_a_cached_page_gives_304_until_content_changes(client, incentive, django_capture_on_commit_callbacks):
    etag = client.get(PAGE)["ETag"]
    assert client.get(PAGE)["ETag"] == etag
    assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 304
    save(incentive, django_capture_on_commit_callbacks, title="Tax relief, extended")
    changed = client.get(PAGE, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.content == b"<h1>Tax relief, extended</h1>"
    assert changed["ETag"] != etag


def test_query_string_is_part_of_the_key(client, incentive):
    client.get(PAGE + "?page=1")
    client.get(PAGE + "?page=2")
    client.get(PAGE + "?page=1")
    assert test_views.calls["incentive"] == 2


# --- Bounded: no flood of URLs makes new entries ------------------------------------------


def stored_entries():
    return [key for key in cache._cache if ":ftzportal:response:" in key]


def test_unknown_parameters_make_no_new_entries(client, incentive):
    client.get(PAGE)
    for junk in range(20):
        response = client.get(PAGE + f"?junk={junk}")
        assert response.status_code == 200
    assert len(stored_entries()) == 1


def test_a_request_with_unknown_parameters_is_answered_but_never_stored(client, incentive):
    assert client.get(PAGE + "?page=1&junk=x").get("X-Cache") is None
    assert client.get(PAGE + "?page=1")["X-Cache"] == "MISS"


def test_tracking_parameters_share_the_entry_of_the_page(client, incentive):
    assert client.get(PAGE)["X-Cache"] == "MISS"
    for tracked in ("?utm_source=newsletter&utm_campaign=x", "?fbclid=abc", "?gclid=1"):
        assert client.get(PAGE + tracked)["X-Cache"] == "HIT"
    assert test_views.calls["incentive"] == 1
    assert len(stored_entries()) == 1


def test_parameters_in_any_order_share_one_entry(client, incentive):
    assert client.get(PAGE + "?page=2&lang=ru")["X-Cache"] == "MISS"
    assert client.get(PAGE + "?lang=ru&page=2")["X-Cache"] == "HIT"
    assert test_views.calls["incentive"] == 1


def test_entries_larger_than_the_cap_are_not_stored(client, db, settings):
    settings.CONTENT_CACHE_MAX_ENTRY_BYTES = 1000
    assert client.get("/pages/big/?size=900")["X-Cache"] == "MISS"
    too_big = client.get("/pages/big/?size=1100")
    assert too_big.status_code == 200 and "X-Cache" not in too_big
    assert "X-Cache" not in client.get("/pages/big/?size=1100")
    assert len(stored_entries()) == 1


def test_entries_expire_after_the_configured_timeout(client, incentive, settings):
    settings.CONTENT_CACHE_TIMEOUT = 60
    client.get(PAGE)
    (key,) = stored_entries()
    assert 0 < cache._expire_info[key] - time.time() <= 60


def test_language_is_part_of_the_key(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        IncentiveFactory(slug="tax-relief", title_en="Tax relief", title_ru="Налоговые льготы")
    english = client.get(PAGE, headers={"Accept-Language": "en"})
    russian = client.get(PAGE, headers={"Accept-Language": "ru"})
    assert english.content.decode() == "<h1>Tax relief</h1>"
    assert russian.content.decode() == "<h1>Налоговые льготы</h1>"
    assert client.get(PAGE, headers={"Accept-Language": "ru"}).content == russian.content


@pytest.mark.parametrize("cookie", ["sessionid", "messages"], ids=["logged-in curator", "pending flash message"])
def test_requests_with_a_session_or_other_cookie_bypass_the_cache(client, incentive, cookie):
    client.cookies[cookie] = "anything"
    client.get(PAGE)
    response = client.get(PAGE)
    assert "X-Cache" not in response
    assert test_views.calls["incentive"] == 2


def test_a_bypassing_request_does_not_read_what_anonymous_visitors_stored(client, incentive):
    client.get(PAGE)
    client.cookies["sessionid"] = "anything"
    assert "X-Cache" not in client.get(PAGE)
    assert test_views.calls["incentive"] == 2


def test_requests_with_an_authorization_header_bypass_the_cache(client, incentive):
    client.get(PAGE, headers={"Authorization": "Basic eDp5"})
    response = client.get(PAGE, headers={"Authorization": "Basic eDp5"})
    assert "X-Cache" not in response
    assert test_views.calls["incentive"] == 2


def test_csrf_and_language_cookies_do_not_prevent_caching(client, incentive):
    client.cookies["csrftoken"] = "a" * 32
    client.cookies["django_language"] = "en"
    client.get(PAGE)
    assert client.get(PAGE)["X-Cache"] == "HIT"


def test_page_whose_form_uses_the_csrf_token_is_never_stored(client, db):
    first = client.get("/pages/form/")
    second = client.get("/pages/form/")
    assert "csrftoken" in first.cookies
    assert "X-Cache" not in first and "X-Cache" not in second


def test_page_that_uses_the_csp_nonce_is_never_stored(client, db):
    first = client.get("/pages/nonce/")
    second = client.get("/pages/nonce/")
    assert "X-Cache" not in second
    assert first.content != second.content


def test_private_response_is_never_stored(client, db):
    client.get("/pages/private/")
    assert "X-Cache" not in client.get("/pages/private/")


def test_post_is_never_answered_from_the_cache(client, incentive):
    client.get(PAGE)
    client.post(PAGE)
    assert test_views.calls["incentive"] == 2


def test_head_is_answered_from_what_get_stored(client, incentive):
    client.get(PAGE)
    assert client.head(PAGE)["X-Cache"] == "HIT"


# --- API (CachedResponseMixin) ----------------------------------------------------------

API = "/api/incentives/"


def test_api_list_is_served_from_the_cache(client, incentive):
    first = client.get(API)
    second = client.get(API)
    assert second["X-Cache"] == "HIT"
    assert second.json() == first.json()
    assert second["Content-Type"] == "application/json"
    assert test_views.calls["api"] == 2  # list() ran, the serializer and queries did not


def test_api_cache_hit_only_reads_the_content_version(client, incentive, django_assert_max_num_queries):
    client.get(API)
    # At most twice until ftzportal.api.conditional.compute_etag reuses
    # ftzportal.caching.content_etag (which shares the request's one read).
    with django_assert_max_num_queries(2) as captured:
        assert client.get(API)["X-Cache"] == "HIT"
    assert all("zones_contentversion" in query["sql"] for query in captured.captured_queries)


def test_api_edit_and_archive_are_seen_by_the_next_request(client, incentive, django_capture_on_commit_callbacks):
    client.get(API)
    save(incentive, django_capture_on_commit_callbacks, title="Tax relief, amended")
    assert [row["title"] for row in client.get(API).json()["results"]] == ["Tax relief, amended"]
    save(incentive, django_capture_on_commit_callbacks, publication_status=PublicationStatus.ARCHIVED)
    assert client.get(API).json()["results"] == []


def test_api_cached_responses_are_still_throttled(client, incentive, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "partner": "9/minute"},
    }
    statuses = [client.get(API).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_api_conditional_get_answers_304_before_the_cache(client, incentive, django_capture_on_commit_callbacks):
    etag = client.get(API)["ETag"]
    assert client.get(API, headers={"If-None-Match": etag}).status_code == 304
    save(incentive, django_capture_on_commit_callbacks, title="Tax relief, final")
    response = client.get(API, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Tax relief, final"


def test_api_unknown_parameters_make_no_new_entries(client, incentive):
    client.get(API)
    for junk in range(10):
        response = client.get(API + f"?junk={junk}")
        assert response.status_code == 200 and "X-Cache" not in response
    assert client.get(API + "?page=1&category=tax")["X-Cache"] == "MISS"
    assert client.get(API + "?category=tax&page=1")["X-Cache"] == "HIT"
    assert len(stored_entries()) == 2


def test_api_invalid_filter_is_a_400_and_not_stored(client, incentive):
    assert client.get(API + "?category=nonsense").status_code == 400
    response = client.get(API + "?category=nonsense")
    assert response.status_code == 400 and "X-Cache" not in response
