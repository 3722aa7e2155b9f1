"""Schema-driven fuzzing (schemathesis, in-process through WSGI) with every check, as a
partner's developer would run it: every operation of the published schema, anonymous and
with a partner key, with generated valid requests (which must be accepted: the schema says
exactly what the API accepts) and invalid ones (which must be refused with a 4xx), every
response matching the schema (status code, headers, body), no server error, and an
operation that needs a key refusing a request without one.

The schema is loaded from /api/schema/ once the test data exists: slugs are enums of the
published entries when the schema is built. What JSON Schema cannot say about two
parameters together, the schema says in two extensions (ftzportal/api/schema_values.py),
honoured here when requests are generated: `x-not-below` (a range's upper end) and
`x-allowed-with` (the matcher's origin for a kind of investor)."""

from datetime import date
from decimal import Decimal, InvalidOperation

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_api_key.models import APIKey

from ftzportal.api.schema_values import (
    ALLOWED_WITH_EXTENSION,
    AT_MOST_EXTENSION,
    CHECKED_TARGET_EXTENSION,
    NOT_BELOW_EXTENSION,
)
from ftzportal.wsgi import application
from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    IncentiveFactory,
    IndustryFactory,
    ProjectFactory,
    ZoneFactory,
)

# Enough to exercise every parameter of an operation in both modes; the fixed seed
# (derandomize) makes a failure reproducible and the run the same on every machine.
MAX_EXAMPLES = 10


@pytest.fixture
def fuzz_data(db, settings):
    """Some published data to find, generous rates, and database connections kept open
    between requests (Django closes them at each request's end, which would close the
    test transaction's connection)."""
    # Webhook URLs are pointed at this machine (within_extensions); nothing is sent there.
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "partner": "1000000/minute"},
    }
    zone = ZoneFactory(slug="xinjiang")
    kashgar = AreaFactory(slug="kashgar", zone=zone)
    textiles = IndustryFactory(slug="textiles")
    AreaIndustryFactory(area=kashgar, industry=textiles)
    IncentiveFactory(slug="green-channel", areas=[kashgar], industries=[textiles])
    enterprise = EnterpriseFactory(slug="silk-road", area=kashgar, industries=[textiles])
    ProjectFactory(slug="cold-chain", area=kashgar, industry=textiles, enterprise=enterprise)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _as_comparable(value):
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) and "-" in value else Decimal(str(value))
    except (ValueError, InvalidOperation):
        return None


def within_extensions(case) -> None:
    """Makes a generated request meet what the extensions say: a reversed range is put in
    order, an origin the kind of investor excludes is dropped, a cursor past the newest is
    brought back to it, a webhook URL's host becomes one that resolves here. Invalid requests
    stay invalid: JSON Schema, which generates them, knows nothing of these relations."""
    body_schema = (
        case.operation.definition.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
    ).get("schema", {})
    if isinstance(case.body, dict) and "$ref" in body_schema:
        name = body_schema["$ref"].rsplit("/", 1)[-1]
        properties = case.operation.schema.raw_schema["components"]["schemas"][name].get("properties", {})
        for field, field_schema in properties.items():
            value = case.body.get(field)
            if field_schema.get(CHECKED_TARGET_EXTENSION) and isinstance(value, str) and value.startswith("https://"):
                rest = value.removeprefix("https://")
                path = rest[rest.index("/") :] if "/" in rest else "/"
                case.body[field] = "https://localhost" + path
    query = case.query
    if not query:
        return
    for parameter in case.operation.definition.raw.get("parameters", []):
        name = parameter["name"]
        if parameter.get("in") != "query" or name not in query:
            continue
        low_name = parameter.get(NOT_BELOW_EXTENSION)
        if low_name in query:
            low, high = _as_comparable(query[low_name]), _as_comparable(query[name])
            if low is not None and high is not None and type(low) is type(high) and low > high:
                query[low_name], query[name] = query[name], query[low_name]
        newest = parameter.get(AT_MOST_EXTENSION)
        value = query[name]
        digits = isinstance(value, str) and value.isascii() and value.isdigit()
        if newest is not None and digits and int(value) > newest:
            query[name] = str(newest)
        for other, allowed in parameter.get(ALLOWED_WITH_EXTENSION, {}).items():
            chosen = query.get(other)
            if isinstance(chosen, str) and chosen in allowed and query[name] not in allowed[chosen]:
                del query[name]


def load_schema(*, with_security_parameters: bool, coverage: bool):
    loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    loaded.config.generation.update(
        max_examples=MAX_EXAMPLES, deterministic=True, with_security_parameters=with_security_parameters
    )
    # The coverage phase (every boundary, enum value and missing or malformed parameter of
    # every operation, about 2,000 requests) runs once, in the anonymous run; the partner
    # run fuzzes (valid and invalid data) with every check.
    loaded.config.phases.coverage.enabled = coverage
    return loaded


@pytest.fixture
def anonymous_schema(fuzz_data):
    # Authorization is generated from the security scheme too: malformed and unknown keys.
    return load_schema(with_security_parameters=True, coverage=True)


@pytest.fixture
def partner_schema(fuzz_data):
    # The test sends a valid key on every request; the ignored-auth check still tries
    # the operations that need one without it.
    return load_schema(with_security_parameters=False, coverage=False)


@pytest.fixture
def partner_key(db):
    _api_key, key = APIKey.objects.create_key(name="Fuzzing partner")
    return key


anonymous = schemathesis.pytest.from_fixture("anonymous_schema")
partner = schemathesis.pytest.from_fixture("partner_schema")

# schemathesis' WSGI client asks for gzip but does not decode it (compression has its own
# tests: tests/ftzportal/test_compression.py).
IDENTITY = {"Accept-Encoding": "identity"}

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@anonymous.parametrize()
@FUZZ_SETTINGS
def test_every_operation_anonymously(case):
    within_extensions(case)
    case.call_and_validate(headers=IDENTITY)


@partner.parametrize()
@FUZZ_SETTINGS
def test_every_operation_with_a_partner_key(case, partner_key):
    within_extensions(case)
    case.call_and_validate(headers={**IDENTITY, "Authorization": f"Api-Key {partner_key}"})
