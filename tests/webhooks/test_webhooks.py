"""Partner webhooks against real local HTTP servers: the example receiver of the partner
docs (docs/examples/webhook_receiver.py) mirrors the portal through a publish, an edit and
an archive; a receiver that fails for a while then recovers gets every event, in order;
private targets are refused; forged signatures fail the example verifier."""

import importlib.util
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey

from changes.models import ChangeEvent
from ftzportal.models import OutboundMail
from tests.factories import AreaFactory, ProjectFactory
from webhooks import services, signing, targets
from webhooks.models import WebhookDelivery, WebhookEndpoint

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "webhook_receiver.py"
spec = importlib.util.spec_from_file_location("webhook_receiver", EXAMPLE)
example = importlib.util.module_from_spec(spec)
spec.loader.exec_module(example)


@pytest.fixture
def local_targets(settings):
    """Loopback receivers over plain HTTP: allowed only by these test settings."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    return settings


@pytest.fixture
def partner_key(db):
    api_key, key = APIKey.objects.create_key(name="Silk Road Data")
    return api_key, key


def start(server: ThreadingHTTPServer) -> str:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/hooks/ftz"


def deliver_until_idle(rounds: int = 50) -> None:
    for _ in range(rounds):
        if not services.deliver_all():
            pending = WebhookEndpoint.objects.filter(paused_at__isnull=True)
            if not any(endpoint.events_after_cursor().exists() for endpoint in pending):
                return


@pytest.mark.django_db(transaction=True)
def test_the_example_receiver_mirrors_a_publish_edit_and_archive_exactly_once_in_order(
    local_targets, partner_key, live_server, tmp_path, settings
):
    settings.PORTAL_BASE_URL = live_server.url
    api_key, key = partner_key
    mirror = example.Mirror(str(tmp_path / "mirror.sqlite3"), key)
    received: list[tuple[str, dict]] = []
    original_apply = mirror.apply

    def recording_apply(delivery, event):
        received.append((delivery, event))
        original_apply(delivery, event)

    mirror.apply = recording_apply
    endpoint = services.endpoint_register(api_key=api_key, url="http://127.0.0.1:9/", resources=["projects"])
    server = example.serve(0, endpoint.secret, mirror, host="127.0.0.1")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=start(server))
    try:
        area = AreaFactory(slug="kashgar")
        project = ProjectFactory(area=area, slug="textile-park", name="Textile park")
        project.name = "Textile park, phase two"
        project.save()
        deliver_until_idle()
        stored = mirror.db.execute("SELECT body FROM entry WHERE resource = 'projects'").fetchall()
        assert [json.loads(body)["name"] for (body,) in stored] == ["Textile park, phase two"]

        project.archive()
        project.save()
        deliver_until_idle()
    finally:
        server.shutdown()

    events = list(ChangeEvent.objects.filter(resource="projects").order_by("id"))
    assert [event.action for event in events][-1] == "unpublished"
    assert [event["cursor"] for _, event in received] == [event.id for event in events]
    assert len({delivery for delivery, _ in received}) == len(received), "each event once"
    assert mirror.db.execute("SELECT count(*) FROM entry").fetchone()[0] == 0, "the tombstone removed it"
    attempts = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert attempts.count() == len(events) and all(attempts.values_list("succeeded", flat=True))
    endpoint.refresh_from_db()
    assert endpoint.cursor == events[-1].id


class FlakyReceiver(BaseHTTPRequestHandler):
    """Answers 503 to its first `failures` POSTs, then 200; records what it accepted."""

    failures = 0
    accepted: list[dict] = []
    attempts: list[str] = []
    secret = ""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        assert example.verify(self.secret, self.headers["X-FTZ-Timestamp"], self.headers["X-FTZ-Signature"], body)
        type(self).attempts.append(self.headers["X-FTZ-Delivery"])
        failing = type(self).failures > 0
        type(self).failures -= 1
        if not failing:
            type(self).accepted.append({"delivery": self.headers["X-FTZ-Delivery"], **json.loads(body)})
        self.send_response(503 if failing else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"no" if failing else b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_for_a_while_gets_every_event_afterwards_in_order(local_targets, partner_key):
    endpoint = services.endpoint_register(api_key=partner_key[0], url="http://127.0.0.1:9/")
    FlakyReceiver.failures, FlakyReceiver.accepted, FlakyReceiver.attempts = 3, [], []
    FlakyReceiver.secret = endpoint.secret
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyReceiver)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=start(server))
    try:
        area = AreaFactory(slug="horgos")
        projects = [ProjectFactory(area=area, slug=f"warehouse-{n}") for n in range(3)]
        events = list(ChangeEvent.objects.filter(id__gt=endpoint.cursor).order_by("id"))
        assert len(events) >= 3

        assert services.deliver_all() == 0, "the first attempt fails and holds the rest back"
        endpoint.refresh_from_db()
        assert endpoint.failed_attempts == 1 and endpoint.next_attempt_at is not None
        assert endpoint.cursor < events[0].id
        deliver_until_idle()
    finally:
        server.shutdown()

    assert [event["cursor"] for event in FlakyReceiver.accepted] == [event.id for event in events]
    # The failed attempts were all the first event, under its one idempotency key.
    first_key = services.delivery_key(endpoint.pk, events[0].id)
    assert FlakyReceiver.attempts[:4] == [first_key] * 4
    log = WebhookDelivery.objects.filter(endpoint=endpoint, event_id=events[0].id).order_by("attempt")
    assert [(row.attempt, row.status_code, row.succeeded) for row in log] == [
        (1, 503, False),
        (2, 503, False),
        (3, 503, False),
        (4, 200, True),
    ]
    assert all(row.latency_ms is not None for row in log) and log[0].response_excerpt == "no"
    assert {project.slug for project in projects} <= {event["slug"] for event in FlakyReceiver.accepted}


def test_retries_back_off_exponentially(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    assert [services.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 480]
    assert services.retry_delay(30) == timedelta(hours=1)


@pytest.mark.django_db
def test_an_endpoint_failing_for_a_day_is_paused_and_its_contact_told(local_targets, partner_key):
    endpoint = services.endpoint_register(
        api_key=partner_key[0], url="http://127.0.0.1:9/", contact_email="dev@partner.example"
    )
    ChangeEvent.objects.create(resource="projects", slug="x", action="created")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=timezone.now() - timedelta(hours=25))
    services.deliver_all()
    endpoint.refresh_from_db()
    assert endpoint.paused_at is not None
    notice = OutboundMail.objects.get(topic="webhook-paused")
    assert notice.to == ["dev@partner.example"] and "resume" in notice.body
    assert services.deliver_all() == 0 and WebhookDelivery.objects.count() == 1, "paused: nothing more is sent"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "http://93.184.215.14/hook",
    ],
)
@pytest.mark.django_db
def test_private_loopback_link_local_and_plain_http_targets_are_refused_at_registration(url, partner_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner_key[1]}")
    response = client.post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "url"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_a_target_that_turns_private_is_refused_again_at_delivery(local_targets, partner_key):
    hits = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            hits.append(1)
            self.send_response(200)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    endpoint = services.endpoint_register(api_key=partner_key[0], url=start(server))
    ChangeEvent.objects.create(resource="projects", slug="x", action="created")
    local_targets.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    try:
        services.deliver_all()
    finally:
        server.shutdown()
    assert hits == []
    attempt = WebhookDelivery.objects.get(endpoint=endpoint)
    assert not attempt.succeeded and "public addresses" in attempt.error


def test_a_forged_or_stale_signature_fails_the_example_verifier():
    body = b'{"cursor":1}'
    now = time.time()
    headers = signing.signed_headers("whsec_right", body, now=now)
    timestamp, signature = headers["X-FTZ-Timestamp"], headers["X-FTZ-Signature"]
    assert example.verify("whsec_right", timestamp, signature, body, now=now)
    assert not example.verify("whsec_wrong", timestamp, signature, body, now=now)
    assert not example.verify("whsec_right", timestamp, signature, b'{"cursor":2}', now=now)
    assert not example.verify("whsec_right", timestamp, signature.replace("v1=", "v1=0"), body, now=now)
    assert not example.verify("whsec_right", str(int(timestamp) + 1), signature, body, now=now)
    assert not example.verify("whsec_right", timestamp, signature, body, now=now + 301)
    forged = signing.signed_headers("whsec_attacker", body, now=now)
    assert not example.verify("whsec_right", forged["X-FTZ-Timestamp"], forged["X-FTZ-Signature"], body, now=now)


@pytest.mark.django_db
def test_partners_manage_only_their_own_endpoints_through_the_api(local_targets, partner_key):
    other_key, _ = APIKey.objects.create_key(name="Another partner")
    theirs = services.endpoint_register(api_key=other_key, url="http://127.0.0.1:9/theirs")
    client = APIClient()
    assert client.get("/api/v1/webhooks/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner_key[1]}")

    created = client.post(
        "/api/v1/webhooks/", {"url": "http://127.0.0.1:9/mine", "resources": ["projects"]}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["secret"].startswith("whsec_") and created.json()["resources"] == ["projects"]
    mine = created.json()["id"]
    assert [row["id"] for row in client.get("/api/v1/webhooks/").json()["results"]] == [mine]
    assert client.get(f"/api/v1/webhooks/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/webhooks/{theirs.pk}/test/").status_code == 404
    assert client.post(f"/api/v1/webhooks/{mine}/test/").status_code == 202
    assert client.post(f"/api/v1/webhooks/{mine}/redeliver/", {"event_id": 10**9}, format="json").status_code == 400
    assert client.get(f"/api/v1/webhooks/{mine}/deliveries/").status_code == 200
    bad = client.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/", "resources": ["nope"]}, format="json")
    assert bad.status_code == 400
    assert client.delete(f"/api/v1/webhooks/{mine}/").status_code == 204
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


def test_targets_module_calls_these_addresses_private():
    assert not targets.is_public("127.0.0.1") and not targets.is_public("::ffff:10.0.0.1")
    assert not targets.is_public("169.254.169.254") and targets.is_public("93.184.215.14")


def test_the_admin_shows_but_never_edits_the_delivery_state(rf, django_user_model):
    """Where the worker is (cursor, retries, its lease on the endpoint) is the worker's to
    write: the change form shows it and has no input for it."""
    from django.contrib import admin

    request = rf.get("/")
    request.user = django_user_model.objects.create_superuser("curator", "curator@example.org", "x" * 20)
    model_admin = admin.site._registry[WebhookEndpoint]
    form_fields = model_admin.get_form(request)().fields
    worker_state = {"cursor", "failing_since", "failed_attempts", "next_attempt_at", "leased_until", "paused_at"}
    assert worker_state <= set(model_admin.get_readonly_fields(request))
    assert not worker_state & set(form_fields)
    assert "url" in form_fields  # the form itself is there (positive control)
