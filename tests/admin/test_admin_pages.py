"""Every admin page opens, with real data and at sample scale, in a constant number of
queries; the index is grouped for curators."""

from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_api_key.models import APIKey

from alerts.models import Subscription
from investments.models import Enterprise, Inquiry, InquiryStatus, Project
from investments.services import inquiry_create, inquiry_set_status
from tests.factories import (
    AreaFactory,
    EnterpriseFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustryFactory,
    InquiryFactory,
    MilestoneFactory,
    ProjectFactory,
    SourceFactory,
)
from webhooks.models import WebhookDelivery, WebhookEndpoint
from zones.models import Area, Contact, Figure, Incentive, Industry, Zone

from .conftest import add_url, change_url, changelist_url

pytestmark = pytest.mark.django_db

# A changelist page runs about a dozen queries (session, user, permissions, count, rows,
# prefetches, filter choices); far fewer than one per row.
CHANGELIST_MAX_QUERIES = 30


def add_rows_for_models_without_real_data(superuser):
    """The real data has no inquiries, mails, partner keys or login records: add one of each so
    that every registered model has a change page to open."""
    area = Area.objects.first()
    inquiry = InquiryFactory(area=area, industry=Industry.objects.first(), project=Project.objects.first())
    inquiry_set_status(inquiry=inquiry, status=InquiryStatus.IN_PROGRESS, user=superuser)
    # Through the service: its mails fill the outbox and the task queue.
    inquiry_create(name="Test Investor", email="investor@example.com", message="Hello", consent=True, area=area)
    api_key, _key = APIKey.objects.create_key(name="Chamber of commerce")
    endpoint = WebhookEndpoint.objects.create(api_key=api_key, url="https://mirror.example.org/hooks")
    WebhookDelivery.objects.create(endpoint=endpoint, event_id=1, idempotency_key=f"{endpoint.pk}-1", status_code=200)
    # The real data names no contacts: a clearly fictitious one.
    Contact.objects.create(name="Test Contact", role="Test role")
    Subscription.objects.create(email="follower@example.com", list_kind="projects", query="area=kashgar")
    now = timezone.now()
    common = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "someone", "http_accept": "*/*"}
    AccessAttempt.objects.create(**common, path_info="/admin/login/", attempt_time=now, failures_since_start=1)
    AccessLog.objects.create(**common, path_info="/admin/login/", attempt_time=now)
    AccessFailureLog.objects.create(**common, path_info="/admin/login/", attempt_time=now, locked_out=False)


def assert_every_admin_page_opens(client):
    for model, model_admin in admin.site._registry.items():
        response = client.get(changelist_url(model))
        assert response.status_code == 200, model
        entry = model._default_manager.order_by("pk").last()
        assert entry is not None, f"no {model._meta.label} row to open"
        response = client.get(change_url(entry))
        assert response.status_code == 200, model
        if model_admin.has_add_permission(response.wsgi_request):
            assert client.get(add_url(model)).status_code == 200, model


def test_every_changelist_and_change_page_opens_with_the_real_data(real_data, superuser, superuser_client):
    add_rows_for_models_without_real_data(superuser)
    assert_every_admin_page_opens(superuser_client)


def test_every_changelist_and_change_page_opens_with_1000_sample_rows(real_data, superuser, superuser_client):
    call_command("generate_sample_data", enterprises=1000, projects=1000, verbosity=0)
    add_rows_for_models_without_real_data(superuser)
    assert Enterprise.objects.count() >= 1000 and Project.objects.count() >= 1000
    assert_every_admin_page_opens(superuser_client)
    # The sample rows' own pages, with their projects inline.
    assert superuser_client.get(change_url(Enterprise.objects.sample().last())).status_code == 200


def make_rows(model, count):
    """`count` more rows of `model` with their relations filled, as a curator would."""
    industries = IndustryFactory.create_batch(2)
    area = AreaFactory()
    source = SourceFactory()
    for number in range(count):
        if model is Incentive:
            IncentiveFactory(areas=[area], industries=industries)
        elif model is Enterprise:
            enterprise = EnterpriseFactory(area=area, industries=industries)
            ProjectFactory(area=area, enterprise=enterprise, industry=industries[0])
        elif model is Project:
            ProjectFactory(area=area, enterprise=EnterpriseFactory(area=area), industry=industries[1])
        elif model is Area:
            AreaFactory()
        elif model is Industry:
            IndustryFactory(parent=industries[0])
        elif model is Inquiry:
            InquiryFactory(area=area, industry=industries[0], project=ProjectFactory(area=area))
        elif model is Figure:
            Figure.objects.create(
                slug=f"figure-{model.objects.count()}-{number}",
                zone=area.zone,
                area=area,
                label_en="Foreign trade",
                value=Decimal("61.04"),
                unit="billion CNY",
                source=source,
            )
        elif model._meta.model_name == "facility":
            FacilityFactory(area=area, zone=area.zone)
        elif model._meta.model_name == "milestone":
            MilestoneFactory(area=area, zone=area.zone)
        elif model._meta.model_name == "source":
            SourceFactory()
        elif model is Zone:
            slug = f"zone-{Zone.objects.count()}"
            Zone.objects.create(name_en=slug, short_name_en="Z", slug=slug, total_area_km2=1)


@pytest.mark.parametrize(
    "model",
    [
        *(admin_model for admin_model in admin.site._registry if admin_model._meta.app_label == "zones"),
        Enterprise,
        Project,
        Inquiry,
    ],
    ids=lambda model: model._meta.label,
)
def test_changelist_query_count_does_not_grow_with_rows(model, superuser_client, django_assert_max_num_queries):
    url = changelist_url(model)
    make_rows(model, 2)
    with CaptureQueriesContext(connection) as few:
        assert superuser_client.get(url).status_code == 200
    make_rows(model, 60)  # more than a page (list_per_page is 50)
    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES), CaptureQueriesContext(connection) as many:
        assert superuser_client.get(url).status_code == 200
    assert len(many) <= len(few), [query["sql"] for query in many.captured_queries]


def test_index_groups_models_the_way_curators_think(superuser_client):
    response = superuser_client.get("/admin/")
    groups = {app["name"]: [model["object_name"] for model in app["models"]] for app in response.context["app_list"]}
    assert groups["Zone & areas"] == ["Zone", "Area", "Facility", "Milestone", "Figure", "Source", "Contact"]
    assert groups["Directory"] == ["Industry", "Incentive", "Enterprise", "Project"]
    assert groups["Inquiries"] == ["Inquiry", "Subscription", "InquiryDesk", "OutboundMail"]
    assert groups["Partners"] == ["APIKey", "WebhookEndpoint", "WebhookDelivery"]
    names = list(groups)
    assert names[:4] == ["Zone & areas", "Directory", "Inquiries", "Partners"]
    # Nothing is lost: users and groups stay in their own app, and no heading repeats.
    assert "Authentication and Authorization" in names
    assert len(names) == len(set(names))
    assert "FTZ Portal curation" in response.content.decode()


def test_an_app_page_keeps_its_own_models(superuser_client):
    response = superuser_client.get("/admin/zones/")
    assert response.status_code == 200
    assert {model["object_name"] for model in response.context["app_list"][0]["models"]} >= {"Area", "Incentive"}


def test_money_is_shown_with_its_currency(superuser_client):
    ProjectFactory(name="Central Asia park", value=Decimal("1000000000"), currency="CNY")
    response = superuser_client.get(changelist_url(Project))
    assert "1,000,000,000.00 CNY" in response.content.decode()


def test_translations_column_names_the_missing_languages(superuser_client):
    IncentiveFactory(title_en="Green channel", title_zh_hans="绿色通道", title_ru="", summary_en="Fast", summary_ru="")
    content = superuser_client.get(changelist_url(Incentive)).content.decode()
    assert "missing: zh-hans, ru" in content
    assert 'class="translations-missing"' in content


def test_search_finds_an_area_by_another_spelling(superuser_client):
    AreaFactory(name_en="Horgos", aliases="Khorgas, Khorgos")
    AreaFactory(name_en="Urumqi")
    response = superuser_client.get(changelist_url(Area), {"q": "Khorgas"})
    assert [area.name_en for area in response.context["cl"].result_list] == ["Horgos"]


def test_search_finds_an_enterprise_by_its_chinese_name(superuser_client):
    EnterpriseFactory(name_en="Zhejiang Trade Co", name_zh_hans="浙江贸易公司")
    EnterpriseFactory(name_en="Other")
    response = superuser_client.get(changelist_url(Enterprise), {"q": "浙江"})
    assert [enterprise.name_en for enterprise in response.context["cl"].result_list] == ["Zhejiang Trade Co"]
