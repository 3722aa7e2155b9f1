"""/match/ and /api/v1/match/: "what applies to me"."""

import pytest
from django.urls import reverse

from tests.factories import (
    AreaFactory,
    AreaIndustryFactory,
    EnterpriseFactory,
    IncentiveFactory,
    IndustryFactory,
    ProjectFactory,
)
from zones.models import Contact

KYRGYZ_TEXTILES = {
    "industry": "textiles-garments",
    "area": "not-sure",
    "investor": "foreign",
    "origin": "KG",
    "size": "10m-100m",
}


def page_result(client, params):
    response = client.get(reverse("portal:match"), params)
    assert response.status_code == 200
    return response, response.context["result"]


@pytest.mark.django_db
def test_kashgar_ranks_first_for_kyrgyz_textiles_with_its_reason(client, real_data):
    _response, result = page_result(client, KYRGYZ_TEXTILES)
    assert result.areas[0].area.slug == "kashgar"
    reasons = " ".join(result.areas[0].reasons)
    assert "Textiles and garments is a key industry of the Kashgar Area" in reasons
    # The sources place no area "close to Kyrgyzstan" (the article says it of Kashi Prefecture).


@pytest.mark.django_db
def test_without_a_country_named_in_the_sources_no_proximity_is_invented(client, real_data):
    # Germany is named in no source on the areas: no proximity reason is invented for it;
    # Kashgar stays first for textiles, the one area a source names them for.
    _response, result = page_result(client, {**KYRGYZ_TEXTILES, "origin": "DE"})
    assert result.areas[0].area.slug == "kashgar"
    assert all("Germany" not in reason for entry in result.areas for reason in entry.reasons)


@pytest.mark.django_db
def test_real_zone_wide_incentives_appear_and_industry_limited_one_does_not(client, real_data):
    _response, result = page_result(client, KYRGYZ_TEXTILES)
    slugs = {incentive.slug for incentive in result.incentives}
    assert "foreign-investment-service-guarantee" in slugs
    # Green channels are for farm products only.
    assert "green-channels-farm-products" not in slugs


@pytest.mark.django_db
def test_incentives_limited_to_another_industry_or_area_are_left_out(client):
    textiles = IndustryFactory(slug="textiles")
    other_industry = IndustryFactory()
    kashgar = AreaFactory(slug="kashgar")
    horgos = AreaFactory(slug="horgos")
    AreaIndustryFactory(area=kashgar, industry=textiles)
    zone_wide = IncentiveFactory()
    for_textiles_in_kashgar = IncentiveFactory(areas=[kashgar], industries=[textiles])
    other_area = IncentiveFactory(areas=[horgos])
    other_sector = IncentiveFactory(industries=[other_industry])
    draft = IncentiveFactory(publication_status="draft")

    _response, result = page_result(client, {"industry": "textiles", "area": "not-sure"})

    slugs = {incentive.slug for incentive in result.incentives}
    assert slugs == {zone_wide.slug, for_textiles_in_kashgar.slug}
    assert other_area.slug not in slugs and other_sector.slug not in slugs and draft.slug not in slugs


@pytest.mark.django_db
def test_incentives_are_grouped_by_category_with_eligibility_and_source(client):
    industry = IndustryFactory(slug="textiles")
    IncentiveFactory(title="Tax break", category="tax", eligibility="Textile exporters.")
    IncentiveFactory(title="Talent visa", category="talent")
    response, result = page_result(client, {"industry": "textiles"})
    assert [str(label) for label, _items in result.incentive_groups] == ["Talent", "Tax"]
    assert "Textile exporters." in response.content.decode()
    assert "Source article" in response.content.decode()
    assert industry  # the industry exists and is published


@pytest.mark.django_db
def test_chosen_area_comes_first_even_without_the_industry_as_key(client):
    textiles = IndustryFactory(slug="textiles")
    AreaIndustryFactory(area=AreaFactory(slug="kashgar"), industry=textiles)
    horgos = AreaFactory(slug="horgos")
    _response, result = page_result(client, {"industry": "textiles", "area": "horgos"})
    assert result.areas[0].area == horgos and result.areas[0].chosen


@pytest.mark.django_db
def test_comparable_enterprises_and_projects_are_in_the_industry_and_published(client):
    textiles = IndustryFactory(slug="textiles")
    other = IndustryFactory()
    settled = EnterpriseFactory(industries=[textiles])
    EnterpriseFactory(industries=[other])
    EnterpriseFactory(industries=[textiles], publication_status="draft")
    project = ProjectFactory(industry=textiles)
    ProjectFactory(industry=other)
    _response, result = page_result(client, {"industry": "textiles"})
    assert result.enterprises == [settled]
    assert result.projects == [project]


@pytest.mark.django_db
def test_invalid_answers_show_the_form_with_messages_not_an_error(client, real_data):
    response = client.get(reverse("portal:match"), {"industry": "no-such-industry", "origin": "XX", "size": "huge"})
    assert response.status_code == 200
    assert response.context["result"] is None
    form = response.context["form"]
    assert set(form.errors) == {"industry", "origin", "size"}


@pytest.mark.django_db
def test_domestic_investor_with_a_foreign_country_is_refused(client, real_data):
    response = client.get(
        reverse("portal:match"), {"industry": "textiles-garments", "investor": "domestic", "origin": "KG"}
    )
    assert "origin" in response.context["form"].errors


@pytest.mark.django_db
def test_inquiry_button_prefills_the_form_with_the_answers(client, real_data):
    response, _result = page_result(client, KYRGYZ_TEXTILES)
    inquire_url = response.context["inquire_url"]
    form = client.get(inquire_url).context["form"]
    assert form.initial["area"].slug == "kashgar"
    assert form.initial["industry"].slug == "textiles-garments"
    assert "Textiles and garments" in form.initial["message"]
    assert "Kyrgyzstan" in form.initial["message"]
    assert "10–100 million CNY" in form.initial["message"]


@pytest.mark.django_db
def test_result_shows_the_top_areas_named_contact_or_the_team(client):
    textiles = IndustryFactory(slug="textiles")
    contact = Contact.objects.create(name="Test Contact Person", role="Area desk", email="desk@example.com")
    AreaIndustryFactory(area=AreaFactory(contact=contact), industry=textiles)
    response, result = page_result(client, {"industry": "textiles"})
    assert result.contact == contact
    assert "Test Contact Person" in response.content.decode()


@pytest.mark.django_db
def test_match_page_query_count_is_bounded(client, real_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get(reverse("portal:match"), KYRGYZ_TEXTILES)


@pytest.mark.django_db
def test_api_returns_the_same_sets_as_the_page(client, real_data):
    _response, result = page_result(client, KYRGYZ_TEXTILES)
    body = client.get("/api/v1/match/", KYRGYZ_TEXTILES).json()
    assert [entry["area"]["slug"] for entry in body["areas"]] == [entry.area.slug for entry in result.areas]
    assert [entry["reasons"] for entry in body["areas"]] == [entry.reasons for entry in result.areas]
    assert [item["slug"] for item in body["incentives"]] == [item.slug for item in result.incentives]
    assert [item["slug"] for item in body["enterprises"]] == [item.slug for item in result.enterprises]
    assert [item["slug"] for item in body["projects"]] == [item.slug for item in result.projects]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "industry"),
        ({"industry": "no-such"}, "industry"),
        ({"industry": "textiles-garments", "area": "atlantis"}, "area"),
        ({"industry": "textiles-garments", "origin": "ZZ"}, "origin"),
        ({"industry": "textiles-garments", "size": "enormous"}, "size"),
    ],
)
def test_api_refuses_invalid_answers_in_the_error_shape(client, real_data, params, field):
    response = client.get("/api/v1/match/", params)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.django_db
def test_match_is_documented_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/match/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"industry", "area", "origin", "size"}
    assert "400" in operation["responses"]


@pytest.mark.django_db
def test_match_works_in_chinese_and_russian(client, real_data):
    for prefix in ("/zh-hans", "/ru"):
        response = client.get(f"{prefix}/match/", KYRGYZ_TEXTILES)
        assert response.status_code == 200
        assert response.context["result"].areas[0].area.slug == "kashgar"
