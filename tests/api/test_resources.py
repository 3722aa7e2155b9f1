"""Every resource: list and detail by slug, published entries only, related entries as
{slug, name, url}, money as a decimal string beside its currency."""

from decimal import Decimal

import pytest
from django.utils import translation

from ftzportal.publication import PublicationStatus
from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    IncentiveFactory,
    IndustryFactory,
    ProjectFactory,
    SourceFactory,
    ZoneFactory,
)

from .conftest import error_codes, slugs

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
ARCHIVED = PublicationStatus.ARCHIVED

RESOURCES = {
    "zones": lambda **kw: ZoneFactory(slug=kw.pop("slug"), **kw),
    "areas": AreaFactory,
    "industries": IndustryFactory,
    "incentives": IncentiveFactory,
    "enterprises": EnterpriseFactory,
    "projects": ProjectFactory,
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_shows_published_entries_only(api, resource):
    make = RESOURCES[resource]
    make(slug=f"{resource}-published")
    make(slug=f"{resource}-draft", publication_status=DRAFT)
    make(slug=f"{resource}-archived", publication_status=ARCHIVED)
    response = api.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    listed = slugs(response)
    assert f"{resource}-published" in listed
    assert f"{resource}-draft" not in listed
    assert f"{resource}-archived" not in listed


@pytest.mark.parametrize("resource", RESOURCES)
def test_detail_by_slug_returns_the_published_entry(api, resource):
    RESOURCES[resource](slug=f"{resource}-one")
    response = api.get(f"/api/v1/{resource}/{resource}-one/")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == f"{resource}-one"
    assert body["url"] == f"http://testserver/api/v1/{resource}/{resource}-one/"
    assert body["web_url"].startswith("http://testserver/")


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("status", [DRAFT, ARCHIVED])
def test_detail_of_an_unpublished_entry_is_a_404(api, resource, status):
    RESOURCES[resource](slug=f"{resource}-hidden", publication_status=status)
    response = api.get(f"/api/v1/{resource}/{resource}-hidden/")
    assert response.status_code == 404
    assert error_codes(response) == [(None, "not_found")]


def test_project_relations_are_slug_name_and_url_never_ids(api):
    area = AreaFactory(slug="kashgar", name="Kashgar Area")
    industry = IndustryFactory(slug="logistics", name="Logistics")
    enterprise = EnterpriseFactory(slug="silk-road-trading", name="Silk Road Trading", area=area)
    ProjectFactory(slug="cold-chain", area=area, industry=industry, enterprise=enterprise)
    body = api.get("/api/v1/projects/cold-chain/").json()
    assert body["area"] == {"slug": "kashgar", "name": "Kashgar Area", "url": "http://testserver/api/v1/areas/kashgar/"}
    assert body["industry"]["slug"] == "logistics"
    assert body["enterprise"] == {
        "slug": "silk-road-trading",
        "name": "Silk Road Trading",
        "url": "http://testserver/api/v1/enterprises/silk-road-trading/",
    }
    assert "id" not in body and "pk" not in body


def test_money_is_a_decimal_string_beside_its_currency(api):
    ProjectFactory(slug="park", value=Decimal("1000000000"), currency="CNY")
    ProjectFactory(slug="unstated", value=None, currency="USD")
    assert (
        api.get("/api/v1/projects/park/").json()["value"] == "1000000000.00"
        and api.get("/api/v1/projects/park/").json()["currency"] == "CNY"
    )
    assert api.get("/api/v1/projects/unstated/").json()["value"] is None


def test_unpublished_related_entries_are_left_out(api):
    published_area, draft_area = AreaFactory(slug="shown"), AreaFactory(slug="hidden", publication_status=DRAFT)
    IncentiveFactory(slug="both-areas", areas=[published_area, draft_area])
    IncentiveFactory(slug="only-draft-area", areas=[draft_area])
    project = ProjectFactory(slug="in-draft-industry", industry=IndustryFactory(publication_status=DRAFT))
    both = api.get("/api/v1/incentives/both-areas/").json()
    assert [area["slug"] for area in both["areas"]] == ["shown"]
    only_draft = api.get("/api/v1/incentives/only-draft-area/").json()
    # Its only area is hidden, but it is not a zone-wide measure.
    assert only_draft["areas"] == [] and only_draft["zone_wide"] is False
    assert api.get(f"/api/v1/projects/{project.slug}/").json()["industry"] is None


def test_incentive_without_areas_or_industries_says_it_applies_everywhere(api):
    IncentiveFactory(slug="everywhere")
    body = api.get("/api/v1/incentives/everywhere/").json()
    assert body["zone_wide"] is True and body["areas"] == []
    assert body["for_all_industries"] is True and body["industries"] == []


def test_area_lists_its_zone_aliases_and_key_industries_with_notes(api):
    area = AreaFactory(slug="kashgar", aliases="Kashi, Kashgar", zone=ZoneFactory(slug="xinjiang"))
    AreaIndustryFactory(area=area, industry=IndustryFactory(slug="textiles"), note="Labour-intensive")
    AreaIndustryFactory(area=area, industry=IndustryFactory(slug="draft-industry", publication_status=DRAFT))
    body = api.get("/api/v1/areas/kashgar/").json()
    assert body["zone"]["slug"] == "xinjiang"
    assert body["aliases"] == ["Kashi", "Kashgar"]
    assert [(i["slug"], i["note"]) for i in body["key_industries"]] == [("textiles", "Labour-intensive")]


def test_zone_lists_its_published_areas(api):
    zone = ZoneFactory(slug="xinjiang")
    AreaFactory(zone=zone, slug="urumqi")
    AreaFactory(zone=zone, slug="draft-area", publication_status=DRAFT)
    body = api.get("/api/v1/zones/xinjiang/").json()
    assert [area["slug"] for area in body["areas"]] == ["urumqi"]


def test_industry_shows_parent_and_published_children(api):
    parent = IndustryFactory(slug="manufacturing")
    IndustryFactory(slug="auto-parts", parent=parent)
    IndustryFactory(slug="draft-child", parent=parent, publication_status=DRAFT)
    body = api.get("/api/v1/industries/manufacturing/").json()
    assert [child["slug"] for child in body["children"]] == ["auto-parts"]
    assert api.get("/api/v1/industries/auto-parts/").json()["parent"]["slug"] == "manufacturing"


def test_enterprise_shows_origin_as_codes_and_words(api):
    EnterpriseFactory(slug="from-kg", origin_country="KG", origin_province="")
    EnterpriseFactory(slug="from-zhejiang", origin_country="CN", origin_province="zhejiang")
    kg = api.get("/api/v1/enterprises/from-kg/").json()
    assert (kg["origin_country"], kg["origin_province"], kg["origin_label"]) == ("KG", "", "Kyrgyzstan")
    zhejiang = api.get("/api/v1/enterprises/from-zhejiang/").json()
    assert zhejiang["origin_province"] == "zhejiang" and zhejiang["origin_label"] == "Zhejiang, China"


def test_source_is_shown_with_title_and_publisher(api):
    IncentiveFactory(slug="sourced", source=SourceFactory(title="Kashi Area inaugurated", publisher="Global Times"))
    source = api.get("/api/v1/incentives/sourced/").json()["source"]
    assert source["title"] == "Kashi Area inaugurated" and source["publisher"] == "Global Times"


def test_text_follows_the_accept_language_header(api):
    AreaFactory(slug="kashgar", name_en="Kashgar Area", name_zh_hans="喀什片区", name_ru="Кашгар")
    with translation.override("en"):
        english = api.get("/api/v1/areas/kashgar/").json()
        chinese = api.get("/api/v1/areas/kashgar/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
        russian = api.get("/api/v1/areas/kashgar/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert (english["name"], chinese["name"], russian["name"]) == ("Kashgar Area", "喀什片区", "Кашгар")
    assert chinese["web_url"] == "http://testserver/zh-hans/areas/kashgar/"


def test_the_api_root_lists_every_resource(api):
    body = api.get("/api/v1/").json()
    assert set(body) == {
        "zones",
        "areas",
        "industries",
        "incentives",
        "enterprises",
        "projects",
        "inquiries",
        "webhooks",
    }


def test_resources_are_read_only(api, partner_api):
    AreaFactory(slug="kashgar")
    for client in (api, partner_api):
        assert client.post("/api/v1/areas/", {}, format="json").status_code == 405
        assert client.put("/api/v1/areas/kashgar/", {}, format="json").status_code == 405
        assert client.delete("/api/v1/areas/kashgar/").status_code == 405
