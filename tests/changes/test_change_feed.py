"""GET /api/v1/changes/: a partner mirrors the published set by replaying the feed."""

import pytest
from django.core.management import call_command

from changes.models import ChangeEvent
from investments.models import Enterprise, Project
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.models import Incentive

RESOURCES = ["zones", "areas", "industries", "incentives", "enterprises", "projects"]


def list_all(client, resource) -> dict:
    items, url = {}, f"/api/v1/{resource}/?page_size=100"
    while url:
        body = client.get(url).json()
        items.update({item["slug"]: item for item in body["results"]})
        url = body["next"]
    return items


def replay(client, mirror: dict, since=0) -> int:
    """The sync loop of docs/partner-api.md."""
    url = f"/api/v1/changes/?since={since}&limit=7"
    while True:
        body = client.get(url).json()
        for event in body["results"]:
            store = mirror.setdefault(event["resource"], {})
            if event["tombstone"]:
                store.pop(event["slug"], None)
                continue
            detail = client.get(event["url"])
            if detail.status_code == 404:  # changed again since, and no longer public
                store.pop(event["slug"], None)
            else:
                store[event["slug"]] = detail.json()
        if not body["has_more"]:
            return body["cursor"]
        url = body["next"]


def test_replaying_the_feed_reproduces_the_published_set(client, db, settings, django_capture_on_commit_callbacks):
    # A partner replays many requests at once: lift the anonymous rate for this test.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "partner": "100000/minute"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_ftz_data", verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):
        industry = IndustryFactory()
        area = Incentive.objects.first().areas.first() or AreaFactory()
        kept = EnterpriseFactory(industries=[industry])
        archived = EnterpriseFactory()
        draft = ProjectFactory(publication_status="draft")
        deleted = IncentiveFactory()
    mirror: dict = {}
    cursor = replay(client, mirror)
    with django_capture_on_commit_callbacks(execute=True):
        kept.name = "Renamed enterprise"
        kept.save()
        archived.archive()
        archived.save()
        draft.publish()
        draft.save()
        deleted.delete()
        renamed = Project.objects.published().first()
        renamed.slug = "renamed-project"
        renamed.save()
        incentive = Incentive.objects.published().first()
        incentive.areas.add(area)
    replay(client, mirror, since=cursor)

    for resource in RESOURCES:
        assert mirror.get(resource, {}) == list_all(client, resource), resource
    assert mirror["enterprises"][kept.slug]["name"] == "Renamed enterprise"
    assert archived.slug not in mirror["enterprises"]
    assert "renamed-project" in mirror["projects"]


def test_drafts_are_not_announced(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EnterpriseFactory(publication_status="draft", slug="secret-plan")
    assert not ChangeEvent.objects.filter(slug="secret-plan").exists()


def test_unpublishing_is_a_tombstone_and_rolled_back_changes_are_not_recorded(db, django_capture_on_commit_callbacks):
    area = AreaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enterprise = EnterpriseFactory(area=area)
        enterprise.unpublish()
        enterprise.save()
    events = ChangeEvent.objects.filter(resource="enterprises")
    assert list(events.values_list("action", flat=True)) == ["created", "unpublished"]
    # Never committed (the test transaction's callbacks are not run): nothing recorded.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EnterpriseFactory(area=area)
    assert callbacks and events.count() == 2


def test_raw_saves_during_restore_are_ignored(db):
    from django.db.models.signals import post_save

    enterprise = EnterpriseFactory.build(area=AreaFactory())
    post_save.send(sender=Enterprise, instance=enterprise, created=True, raw=True)
    assert not ChangeEvent.objects.filter(slug=enterprise.slug).exists()


def test_since_accepts_a_timestamp(client, db, django_capture_on_commit_callbacks):
    area = AreaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = EnterpriseFactory(area=area)
    moment = ChangeEvent.objects.get(slug=first.slug).occurred_at
    with django_capture_on_commit_callbacks(execute=True):
        second = EnterpriseFactory(area=area)
    body = client.get("/api/v1/changes/", {"since": moment.isoformat()}).json()
    # (Each enterprise also updates its area, whose industries count it.)
    assert [event["slug"] for event in body["results"] if event["resource"] == "enterprises"] == [second.slug]


@pytest.mark.parametrize("since", ["yesterday", "-1", "2024-13-45T00:00:00"])
def test_invalid_since_is_a_400_in_the_error_shape(client, db, since):
    response = client.get("/api/v1/changes/", {"since": since})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "since"


def test_changes_are_documented_in_the_schema(client, db):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"since", "limit"}


def test_change_feed_query_count_is_bounded(
    client, db, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            EnterpriseFactory()
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/changes/?since=0").json()["results"]) >= 5


@pytest.mark.parametrize("since", ["١٢", "１２", "²", "12\u0663"])
def test_a_cursor_of_non_ascii_digits_is_a_400_in_the_error_shape(client, db, since):
    # str.isdigit() accepts these, int() reads some of them: only 0-9 make a cursor.
    response = client.get("/api/v1/changes/", {"since": since})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "since"


def test_a_cursor_beyond_the_newest_event_is_a_400(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EnterpriseFactory()
    newest = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.get("/api/v1/changes/", {"since": newest}).status_code == 200  # caught up: nothing new
    for since, code in ((newest + 1, "cursor_ahead"), (10**17, "cursor_ahead"), (10**30, "invalid")):
        response = client.get("/api/v1/changes/", {"since": since})
        assert response.status_code == 400, since
        error = response.json()["errors"][0]
        assert error["field"] == "since"
        # More than 18 digits is no cursor at all (the schema's pattern says so).
        assert error["code"] == code, since
