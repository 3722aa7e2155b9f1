"""The read models of the big lists: enterprises, projects and incentives are serialized as
plain dicts (their serializers' `to_representation`), with addresses from one `reverse()`
per request and language and labels from one dict per language. They must give, key for
key and value for value, what DRF's generic serializer path gives, in every language, with
unpublished related entries present."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from django_countries.fields import Country
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from ftzportal.api import serializers as api_serializers
from ftzportal.api.serializers import api_url, choice_label, web_url
from ftzportal.publication import PublicationStatus
from investments.api import EnterpriseSerializer, ProjectSerializer
from investments.models import ChineseProvince, Enterprise, Project, ProjectStatus
from tests.factories import (
    AreaFactory,
    EnterpriseFactory,
    IncentiveFactory,
    IndustryFactory,
    ProjectFactory,
    SourceFactory,
    ZoneFactory,
)
from zones.api import IncentiveSerializer
from zones.models import Incentive, IncentiveCategory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ru"]
DRAFT, ARCHIVED = PublicationStatus.DRAFT, PublicationStatus.ARCHIVED

RESOURCES = {
    "enterprises": (Enterprise, EnterpriseSerializer),
    "projects": (Project, ProjectSerializer),
    "incentives": (Incentive, IncentiveSerializer),
}


@pytest.fixture
def catalogue():
    """Published entries whose related areas, industries and enterprises are partly
    drafts or archived, with and without sources, dates, values and origins."""
    kashgar = AreaFactory(slug="kashgar", name_en="Kashgar Area", name_zh_hans="喀什片区", name_ru="Кашгар")
    draft_area = AreaFactory(slug="draft-area", publication_status=DRAFT)
    logistics = IndustryFactory(slug="logistics", name_en="Logistics", name_zh_hans="物流", name_ru="Логистика")
    draft_industry = IndustryFactory(slug="draft-industry", publication_status=DRAFT)
    archived_industry = IndustryFactory(slug="archived-industry", publication_status=ARCHIVED)
    dated_source = SourceFactory(published_on=date(2024, 3, 1), url="https://example.org/article")

    from_zhejiang = EnterpriseFactory(
        slug="from-zhejiang",
        name_en="Zhejiang Trading",
        name_zh_hans="浙江贸易",
        area=kashgar,
        industries=[logistics, draft_industry, archived_industry],
        origin_country="CN",
        origin_province=ChineseProvince.ZHEJIANG,
        is_foreign_invested=False,
        settled_on=date(2023, 5, 17),
        description="Textiles and logistics.",
        website="https://example.com/",
        source=dated_source,
    )
    EnterpriseFactory(slug="from-kyrgyzstan", area=draft_area, origin_country="KG", origin_province="")
    EnterpriseFactory(slug="from-russia", area=kashgar, industries=[draft_industry], origin_country="RU")
    EnterpriseFactory(slug="from-nowhere", area=kashgar, origin_country="", origin_province="", is_sample=True)
    draft_enterprise = EnterpriseFactory(slug="draft-enterprise", publication_status=DRAFT)

    ProjectFactory(
        slug="dry-port",
        name_en="Dry port",
        name_ru="Сухой порт",
        area=kashgar,
        enterprise=from_zhejiang,
        industry=logistics,
        status=ProjectStatus.IN_OPERATION,
        value=Decimal("1234567.5"),
        currency="USD",
        signed_on=date(2022, 1, 9),
        source=dated_source,
    )
    ProjectFactory(
        slug="hidden-relations",
        area=draft_area,
        enterprise=draft_enterprise,
        industry=archived_industry,
        status=ProjectStatus.PLANNED,
        value=None,
    )
    ProjectFactory(slug="no-relations", enterprise=None, industry=None, status=ProjectStatus.SEEKING_INVESTMENT)

    IncentiveFactory(
        slug="tax-holiday",
        title_en="Tax holiday",
        title_zh_hans="免税期",
        category=IncentiveCategory.TAX,
        areas=[kashgar, draft_area],
        effective_from=date(2021, 1, 1),
        effective_until=date(2030, 12, 31),
        source=dated_source,
        source_note="Article 4",
    )
    IncentiveFactory(
        slug="zone-wide", category=IncentiveCategory.RULES, industries=[logistics, draft_industry], source=None
    )
    IncentiveFactory(slug="draft-area-only", category=IncentiveCategory.LAND, areas=[draft_area])


def api_request(host: str = "testserver") -> Request:
    return Request(APIRequestFactory().get("/api/v1/", HTTP_HOST=host))


def in_order(data) -> list:
    """JSON as nested (key, value) pairs: equal only with the same keys in the same order."""
    return json.loads(JSONRenderer().render(data), object_pairs_hook=list)


@pytest.fixture
def generic_path(monkeypatch):
    """Computes DRF's generic representation of an entry, with a `reverse()` per address
    as before the read models (so the reference shares none of their shortcuts)."""

    def exact(request, path_for):
        return lambda slug: request.build_absolute_uri(path_for(slug))

    def get_web_url(serializer, entry):
        return serializer.context["request"].build_absolute_uri(entry.get_absolute_url())

    def represent(serializer_class, entry, request):
        serializer = serializer_class(context={"request": request})
        with monkeypatch.context() as patch:
            patch.setattr(api_serializers, "_url_function_from_template", exact)
            patch.setattr(api_serializers.WebUrlMixin, "get_web_url", get_web_url)
            return super(serializer_class, serializer).to_representation(entry)

    return represent


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_read_model_equals_drf_generic_representation(catalogue, generic_path, resource, language):
    model, serializer_class = RESOURCES[resource]
    request = api_request()
    with translation.override(language):
        for entry in model.objects.published().with_related():
            fast = serializer_class(context={"request": request}).to_representation(entry)
            assert in_order(fast) == in_order(generic_path(serializer_class, entry, request)), entry.slug


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_api_list_and_detail_equal_drf_generic_representation(api, catalogue, generic_path, resource, language):
    model, serializer_class = RESOURCES[resource]
    request = api_request()
    with translation.override(language):
        expected = {
            entry.slug: in_order(generic_path(serializer_class, entry, request))
            for entry in model.objects.published().with_related()
        }
    listed = api.get(f"/api/v1/{resource}/", {"lang": language, "page_size": 100})
    rows = in_order(listed.json()["results"])
    assert {dict(row)["slug"]: row for row in rows} == expected
    for slug, representation in expected.items():
        detail = api.get(f"/api/v1/{resource}/{slug}/", {"lang": language})
        assert in_order(detail.json()) == representation


@pytest.mark.parametrize("resource", RESOURCES)
def test_read_model_runs_no_queries_on_shaped_rows(catalogue, django_assert_num_queries, resource):
    model, serializer_class = RESOURCES[resource]
    entries = list(model.objects.published().with_related())
    with django_assert_num_queries(0):
        rows = serializer_class(entries, many=True, context={"request": api_request()}).data
    assert len(rows) == len(entries)


def test_unpublished_relations_are_null_or_left_out(catalogue):
    request = api_request()
    enterprises = {
        row["slug"]: row
        for row in EnterpriseSerializer(
            Enterprise.objects.published().with_related(), many=True, context={"request": request}
        ).data
    }
    assert [industry["slug"] for industry in enterprises["from-zhejiang"]["industries"]] == ["logistics"]
    assert enterprises["from-kyrgyzstan"]["area"] is None
    hidden = ProjectSerializer(Project.objects.get(slug="hidden-relations"), context={"request": request}).data
    assert (hidden["area"], hidden["enterprise"], hidden["industry"]) == (None, None, None)
    only_draft = IncentiveSerializer(Incentive.objects.get(slug="draft-area-only"), context={"request": request}).data
    assert (only_draft["areas"], only_draft["zone_wide"]) == ([], False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_url_equals_reverse(language):
    request = api_request()
    context = {"request": request}
    with translation.override(language):
        for slug in ["kashgar", "a-b_C-9", "x"]:
            path = reverse("api:area-detail", kwargs={"slug": slug})
            assert api_url(context, "api:area-detail", slug) == request.build_absolute_uri(path)
            assert api_url({}, "api:area-detail", slug) == path


def test_web_url_follows_the_active_language_within_one_request():
    enterprise = Enterprise(slug="from-zhejiang")
    request = api_request()
    context = {"request": request}
    for language in [*LANGUAGES, "en"]:
        with translation.override(language):
            expected = request.build_absolute_uri(enterprise.get_absolute_url())
            assert web_url(context, enterprise) == expected
            assert f"/{language}/" in expected or language == "en"


def test_web_url_of_a_page_without_slug_is_that_page():
    zone = ZoneFactory()
    request = api_request()
    assert web_url({"request": request}, zone) == request.build_absolute_uri(zone.get_absolute_url())


def test_addresses_take_the_host_of_their_own_request(settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    assert api_url({"request": api_request("one.example")}, "api:area-detail", "kashgar").startswith(
        "http://one.example/"
    )
    assert api_url({"request": api_request("two.example")}, "api:area-detail", "kashgar").startswith(
        "http://two.example/"
    )


def test_placeholder_in_the_host_does_not_confuse_the_template(settings):
    settings.ALLOWED_HOSTS = ["slug0placeholder0.example"]
    request = api_request("slug0placeholder0.example")
    path = reverse("api:area-detail", kwargs={"slug": "kashgar"})
    assert api_url({"request": request}, "api:area-detail", "kashgar") == request.build_absolute_uri(path)


def test_address_not_made_of_prefix_slug_suffix_is_built_exactly():
    to_address = api_serializers._slug_url_function({}, "reversed", lambda slug: "/" + slug[::-1])
    assert to_address("abc") == "/cba"


def test_slug_that_is_not_slug_shaped_is_reversed_as_before():
    context = {"request": api_request()}
    api_url(context, "api:area-detail", "kashgar")  # The route's template is now known.
    for slug in ["not a slug", "ünïcode", "kashgar\n"]:
        with pytest.raises(NoReverseMatch):
            reverse("api:area-detail", kwargs={"slug": slug})
        with pytest.raises(NoReverseMatch):
            api_url(context, "api:area-detail", slug)


@pytest.mark.parametrize("language", LANGUAGES)
def test_choice_labels_equal_get_display(language):
    with translation.override(language):
        for status in ProjectStatus.values:
            assert choice_label(ProjectStatus, status) == Project(status=status).get_status_display()
        for category in IncentiveCategory.values:
            assert choice_label(IncentiveCategory, category) == Incentive(category=category).get_category_display()


@pytest.mark.parametrize("language", LANGUAGES)
def test_origin_label_equals_province_display_or_country_name(language):
    with translation.override(language):
        for province in ChineseProvince.values:
            enterprise = Enterprise(origin_country="CN", origin_province=province)
            assert enterprise.origin_label == f"{enterprise.get_origin_province_display()}, {gettext('China')}"
        for code in ["KG", "KZ", "RU", "DE", "CN", "UZ"]:
            assert Enterprise(origin_country=code).origin_label == Country(code).name
        assert Enterprise(origin_country="", origin_province="").origin_label == ""


def test_origin_label_is_translated_after_another_language_was_cached():
    zhejiang = Enterprise(origin_province=ChineseProvince.ZHEJIANG)
    labels = {}
    for language in [*LANGUAGES, "en"]:
        with translation.override(language):
            labels.setdefault(language, set()).add(zhejiang.origin_label)
    assert labels["en"] == {"Zhejiang, China"}
    assert labels["zh-hans"] != labels["en"] and labels["ru"] != labels["en"]
