"""Industries by sub-area: an industry belongs to an area when a source names it for the
area (an AreaIndustry: key industry or field of contracted projects) or when a published
enterprise or project of it is there. The industry list, its API, the area page and its
API, the compare page and the matcher all use that one relation, and say why."""

import re
from html import unescape

import pytest
from django.test import override_settings
from django.urls import reverse

from changes.models import ChangeEvent
from ftzportal.publication import PublicationStatus
from portal.matching import match
from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    IndustryFactory,
    ProjectFactory,
)
from zones.models import Area, Industry, IndustryBasis

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT

# What the sources name for the Kashgar Area (portal/data/xinjiang.yaml); its real
# enterprise and projects are all in some of these industries.
KASHGAR_KEY_INDUSTRIES = {"agricultural-product-processing", "textiles-garments", "electronics-assembly"}
KASHGAR_CONTRACTED_PROJECT_FIELDS = {"trade", "logistics", "electronics-it", "new-materials", "automobile-parts"}
KASHGAR_INDUSTRIES = KASHGAR_KEY_INDUSTRIES | KASHGAR_CONTRACTED_PROJECT_FIELDS
INCENTIVES = {"": "Incentives", "/zh-hans": "优惠政策", "/ru": "Льготы"}


def text(html: str) -> str:
    """What a reader sees: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(" :", ":").strip()


def cards(response) -> dict[str, str]:
    """The industry list's rows: {industry name: the row as text} (a row ends with its links)."""
    rows = {}
    for card in re.findall(r'<li class="card">(.*?</p>)\s*</li>', response.content.decode(), re.S):
        title = re.search(r'<h3 class="card-title"><a [^>]*>(.*?)</a>', card)
        rows[unescape(title.group(1))] = text(card)
    return rows


def listed_slugs(response) -> list[str]:
    return [row.industry.slug for row in response.context["rows"]]


# --- The industry list, on the real data ------------------------------------------------


def test_kashgar_lists_exactly_its_industries(client, real_data):
    response = client.get("/industries/?area=kashgar")
    assert response.status_code == 200
    assert set(listed_slugs(response)) == KASHGAR_INDUSTRIES
    content = response.content.decode()
    # The filter sidebar, its chip, and a shareable URL like the other lists.
    assert 'type="checkbox" name="area" value="kashgar"' in content
    assert "Area: Kashgar Area" in text(content)


@pytest.mark.parametrize(
    ("prefix", "industry", "expected"),
    [
        ("", "Textiles and garments", "key industry · 1 enterprise here · 1 project here"),
        ("", "Trade", "field of contracted projects · 1 enterprise here"),
        ("", "Electronic product assembly", "key industry"),
        ("/zh-hans", "纺织服装", "重点产业 · 本片区有1家企业 · 本片区有1个项目"),
        ("/zh-hans", "商贸", "签约项目涉及领域 · 本片区有1家企业"),
        ("/ru", "Текстиль и одежда", "ключевая отрасль · здесь 1 предприятие · здесь 1 проект"),
        ("/ru", "Торговля", "сфера контрактных проектов · здесь 1 предприятие"),
    ],
)
def test_each_kashgar_row_says_why_in_every_language(client, real_data, prefix, industry, expected):
    rows = cards(client.get(f"{prefix}/industries/?area=kashgar"))
    # The name, why it is listed, and the link to its incentives.
    assert rows[industry] == f"{industry} {expected} {INCENTIVES[prefix]}"


def test_horgos_shows_the_empty_state(client, real_data):
    response = client.get("/industries/?area=horgos")
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert "No industry matches these filters." in response.content.decode()


def test_an_enterprise_in_horgos_brings_its_industry_with_one_enterprise_here(client, real_data):
    textiles = Industry.objects.get(slug="textiles-garments")
    EnterpriseFactory(area=Area.objects.get(slug="horgos"), industries=[textiles])
    response = client.get("/industries/?area=horgos")
    assert listed_slugs(response) == ["textiles-garments"]
    assert cards(response)["Textiles and garments"] == "Textiles and garments 1 enterprise here Incentives"


def test_several_areas_name_the_area_of_each_reason(client, real_data):
    EnterpriseFactory(area=Area.objects.get(slug="horgos"), industries=[Industry.objects.get(slug="trade")])
    rows = cards(client.get("/industries/?area=kashgar&area=horgos"))
    assert "Kashgar Area: field of contracted projects · 1 enterprise here" in rows["Trade"]
    assert "Horgos Area: 1 enterprise here" in rows["Trade"]
    assert "Horgos Area" not in rows["Textiles and garments"]


def test_unknown_area_is_a_message_on_the_page_and_a_400_in_the_api(client, real_data):
    response = client.get("/industries/?area=nowhere")
    assert response.status_code == 200
    assert response.context["rows"] == [] and not response.context["filters_valid"]
    assert "nowhere is not one of the available choices" in response.content.decode()
    api = client.get("/api/v1/industries/?area=nowhere")
    assert api.status_code == 400
    assert [error["field"] for error in api.json()["errors"]] == ["area"]


def test_the_api_lists_what_the_page_lists(client, real_data):
    EnterpriseFactory(area=Area.objects.get(slug="horgos"), industries=[Industry.objects.get(slug="refining")])
    pages = {}
    for query in ("area=kashgar", "area=horgos", "area=kashgar&area=horgos", "q=Textil", "area=urumqi"):
        pages[query] = listed_slugs(client.get(f"/industries/?{query}"))
        api = client.get(f"/api/v1/industries/?{query}&page_size=100").json()["results"]
        assert [industry["slug"] for industry in api] == pages[query], query
    assert pages["area=horgos"] == ["refining"] and pages["area=urumqi"] == []


def test_search_covers_the_names_in_every_language_and_sorts_by_name(client, real_data):
    for query in ("纺织", "Текстиль", "textiles"):
        assert listed_slugs(client.get("/industries/", {"q": query})) == ["textiles-garments"], query
    names = [row.industry.name for row in client.get("/industries/?area=kashgar&ordering=-name").context["rows"]]
    assert names == sorted(names, reverse=True) and len(names) == len(KASHGAR_INDUSTRIES)


# --- The relation, on factories ----------------------------------------------------------


def test_drafts_do_not_count(client):
    area = AreaFactory(slug="kashgar")
    draft_enterprise, draft_project, draft_industry, counted = IndustryFactory.create_batch(4)
    draft_industry.publication_status = DRAFT
    draft_industry.save()
    EnterpriseFactory(area=area, industries=[draft_enterprise], publication_status=DRAFT)
    ProjectFactory(area=area, industry=draft_project, publication_status=DRAFT)
    AreaIndustryFactory(area=area, industry=draft_industry)
    EnterpriseFactory(area=area, industries=[counted])
    EnterpriseFactory(area=area, industries=[counted], publication_status=DRAFT)
    response = client.get("/industries/?area=kashgar")
    assert listed_slugs(response) == [counted.slug]
    assert "1 enterprise here" in cards(response)[counted.name]


def test_a_draft_area_counts_for_nothing(client):
    industry = IndustryFactory()
    draft_area = AreaFactory(publication_status=DRAFT)
    AreaIndustryFactory(area=draft_area, industry=industry)
    EnterpriseFactory(area=draft_area, industries=[industry])
    assert list(Industry.objects.in_areas([draft_area])) == []


def test_a_project_alone_brings_its_industry(client):
    area = AreaFactory(slug="horgos")
    industry = IndustryFactory(name="Cold chain")
    ProjectFactory.create_batch(2, area=area, industry=industry)
    rows = cards(client.get("/industries/?area=horgos"))
    assert rows == {"Cold chain": "Cold chain 2 projects here Incentives"}


def test_an_industry_with_many_enterprises_in_several_areas_is_listed_once(client):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    industry = IndustryFactory()
    AreaIndustryFactory(area=kashgar, industry=industry)
    EnterpriseFactory.create_batch(3, area=kashgar, industries=[industry])
    EnterpriseFactory.create_batch(2, area=horgos, industries=[industry])
    assert listed_slugs(client.get("/industries/?area=kashgar&area=horgos")) == [industry.slug]


@override_settings(LIST_PAGE_SIZE=20)
@pytest.mark.parametrize("rows", [5, 25])
@pytest.mark.parametrize("query", ["?area=kashgar", "?area=kashgar&area=horgos", ""])
def test_the_list_query_count_does_not_grow_with_its_rows(client, django_assert_max_num_queries, rows, query):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    for industry in IndustryFactory.create_batch(rows):
        AreaIndustryFactory(area=kashgar, industry=industry, basis=IndustryBasis.CONTRACTED_PROJECT_FIELD)
        EnterpriseFactory(area=horgos, industries=[industry])
        ProjectFactory(area=kashgar, industry=industry)
    # The content version, the published areas (held by the process: choices and
    # reasons), the ordered keys of the filter (which count it), the page rows with
    # their reasons.
    with django_assert_max_num_queries(4):
        response = client.get(f"/industries/{query}")
    assert len(response.context["rows"]) == min(rows, 20)
    assert all(row.areas for row in response.context["rows"])


# --- The same relation on the area page, the compare page, the matcher and the API ------


def test_area_page_lists_the_areas_industries_with_their_reasons(client, real_data):
    trade = Industry.objects.get(slug="trade")
    EnterpriseFactory(area=Area.objects.get(slug="horgos"), industries=[trade])
    horgos = client.get("/areas/horgos/")
    assert [here.industry.slug for here, _link in horgos.context["industries"]] == ["trade"]
    assert "1 enterprise here" in text(horgos.content.decode())
    kashgar = client.get("/areas/kashgar/")
    assert {here.industry.slug for here, _link in kashgar.context["industries"]} == KASHGAR_INDUSTRIES
    content = text(kashgar.content.decode())
    assert "field of contracted projects · 1 enterprise here" in content
    assert 'href="/industries/?area=kashgar"' in kashgar.content.decode()


def test_compare_page_shows_each_areas_industries_with_their_reasons(client, real_data):
    EnterpriseFactory(area=Area.objects.get(slug="horgos"), industries=[Industry.objects.get(slug="refining")])
    response = client.get("/compare/?area=kashgar&area=horgos&area=urumqi")
    columns = {column["area"].slug: column for column in response.context["columns"]}
    assert {here.industry.slug for here in columns["kashgar"]["industries"]} == KASHGAR_INDUSTRIES
    assert [here.industry.slug for here in columns["horgos"]["industries"]] == ["refining"]
    assert columns["urumqi"]["industries"] == []
    content = text(response.content.decode())
    assert "Refining (1 enterprise here)" in content
    assert "Automobile parts (field of contracted projects)" in content


def test_matcher_counts_every_basis_and_enterprises_here(client):
    textiles = IndustryFactory(name="Textiles", slug="textiles")
    kashgar, horgos, urumqi = AreaFactory(name="Kashgar Area"), AreaFactory(name="Horgos Area"), AreaFactory()
    AreaIndustryFactory(
        area=kashgar, industry=textiles, basis=IndustryBasis.CONTRACTED_PROJECT_FIELD, note="Cotton yarn."
    )
    EnterpriseFactory(area=horgos, industries=[textiles])
    EnterpriseFactory(area=urumqi, industries=[textiles], publication_status=DRAFT)
    result = match(industries=[textiles])
    reasons = {entry.area: entry.reasons for entry in result.areas}
    assert set(reasons) == {kashgar, horgos}
    assert reasons[kashgar] == ["Textiles is a field of the contracted projects in the Kashgar Area. Cotton yarn."]
    assert reasons[horgos] == ["1 enterprise in Textiles is listed in the Horgos Area."]


def test_matcher_on_the_real_data_ranks_kashgar_for_its_fields(client, real_data):
    response = client.get(reverse("portal:match"), {"industry": "logistics", "area": "not-sure"})
    (entry,) = response.context["result"].areas
    assert entry.area.slug == "kashgar"
    assert "Logistics is a field of the contracted projects in the Kashgar Area." in " ".join(entry.reasons)
    assert not any("is a key industry" in reason for reason in entry.reasons)


def test_area_api_lists_its_industries_with_their_reasons(client):
    area = AreaFactory(slug="kashgar")
    key, field, settled, planned = (IndustryFactory(slug=slug) for slug in ("key", "field", "settled", "planned"))
    AreaIndustryFactory(area=area, industry=key)
    AreaIndustryFactory(area=area, industry=field, basis=IndustryBasis.CONTRACTED_PROJECT_FIELD, note="Old note")
    EnterpriseFactory.create_batch(2, area=area, industries=[settled, key])
    ProjectFactory(area=area, industry=planned)
    EnterpriseFactory(area=area, industries=[IndustryFactory(slug="only-drafts")], publication_status=DRAFT)
    body = client.get("/api/v1/areas/kashgar/").json()
    industries = {industry["slug"]: industry for industry in body["industries"]}
    assert set(industries) == {"key", "field", "settled", "planned"}
    assert industries["key"]["url"].endswith("/api/v1/industries/key/")
    assert industries["key"]["reasons"] == [
        {"kind": "key-industry", "label": "key industry", "count": None},
        {"kind": "enterprises", "label": "2 enterprises here", "count": 2},
    ]
    assert industries["field"]["reasons"] == [
        {"kind": "contracted-project-field", "label": "field of contracted projects", "count": None}
    ]
    assert industries["planned"]["reasons"] == [{"kind": "projects", "label": "1 project here", "count": 1}]
    # The older field is unchanged: what the sources name, with the notes.
    assert [industry["slug"] for industry in body["key_industries"]] == ["key", "field"]
    russian = client.get("/api/v1/areas/kashgar/?lang=ru").json()
    labels = {industry["slug"]: [r["label"] for r in industry["reasons"]] for industry in russian["industries"]}
    assert labels["key"] == ["ключевая отрасль", "здесь 2 предприятия"]


def test_area_api_list_gives_each_area_its_own_industries(client, django_assert_max_num_queries):
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    AreaIndustryFactory(area=kashgar, industry=IndustryFactory(slug="textiles"))
    EnterpriseFactory(area=horgos, industries=[IndustryFactory(slug="trade")])
    with django_assert_max_num_queries(5):
        body = client.get("/api/v1/areas/").json()
    industries = {area["slug"]: [industry["slug"] for industry in area["industries"]] for area in body["results"]}
    assert industries == {"kashgar": ["textiles"], "horgos": ["trade"]}


def test_the_change_feed_updates_the_areas_whose_industries_change(db, django_capture_on_commit_callbacks):
    """A partner mirroring /api/v1/areas/ by the change feed sees the new counts."""
    kashgar, horgos = AreaFactory(slug="kashgar"), AreaFactory(slug="horgos")
    industry, other = IndustryFactory.create_batch(2)

    def area_updates(change) -> list[str]:
        ChangeEvent.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return sorted(ChangeEvent.objects.filter(resource="areas").values_list("slug", flat=True))

    enterprise = EnterpriseFactory.build(area=kashgar, publication_status=DRAFT)
    assert area_updates(enterprise.save) == []
    enterprise.publication_status = PublicationStatus.PUBLISHED
    assert area_updates(enterprise.save) == ["kashgar"]
    enterprise.name = "Renamed"
    assert area_updates(enterprise.save) == []
    enterprise.area = horgos
    assert area_updates(enterprise.save) == ["horgos", "kashgar"]
    assert area_updates(lambda: enterprise.industries.add(industry)) == ["horgos"]
    assert area_updates(lambda: other.enterprises.add(enterprise)) == ["horgos"]
    project = ProjectFactory(area=kashgar, industry=industry)
    project.industry = other
    assert area_updates(project.save) == ["kashgar"]
    assert area_updates(project.delete) == ["kashgar"]


@pytest.mark.django_db
def test_the_chinese_industry_list_is_in_pinyin_order(client, real_data):
    content = client.get("/zh-hans/industries/?area=kashgar").content.decode()
    names = ["电子产品组装", "电子信息", "纺织服装", "农副产品精深加工", "汽车零部件", "商贸", "物流", "新材料"]
    positions = [content.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
