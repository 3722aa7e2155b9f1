"""What a query finds, on SQLite (FTS5 trigram) and PostgreSQL (full-text + pg_trgm) alike:
CI runs this file on both, with the same expectations."""

import pytest

from search.engine import run_search
from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory, ProjectFactory
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def slugs_of(search, kind="enterprise"):
    from investments.models import Enterprise

    ids = [entry["object_id"] for entry in search.entries if entry["kind"] == kind]
    return sorted(Enterprise.objects.filter(pk__in=ids).values_list("slug", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "horgos logistics",
        "logistics horgos",
        "LOGISTICS Horgos",
        "Хоргос логистика",
        "霍尔果斯 物流",
        "logistics Хоргос",
    ],
)
def test_several_words_all_match_in_any_field_order_and_language(places, query):
    assert slugs_of(run_search(query)) == ["port-logistics"]


@pytest.mark.parametrize(
    "query", ["textile kashgar", "kashgar textile", "Кашгар текстиль", "喀什 纺织", "Kashi weaving"]
)
def test_words_match_across_name_area_industry_and_description(places, query):
    assert slugs_of(run_search(query)) == ["silk-mill"]


def test_a_word_missing_from_an_entry_excludes_it(places):
    assert slugs_of(run_search("logistics")) == ["oasis-logistics", "port-logistics"]
    assert slugs_of(run_search("logistics weaving")) == []


@pytest.mark.parametrize(("query", "name"), [("textiles", "Textile"), ("textile", "Textiles and garments")])
def test_english_words_find_other_forms_of_the_word(db, query, name):
    IndustryFactory(name=name)
    search = run_search(query)
    assert found(search) == [("industry", name)]
    assert search.corrected is None  # found as typed, not as a misspelling


@pytest.mark.parametrize(
    ("query", "name_ru"), [("текстильной", "Текстиль"), ("текстиль", "Текстильной промышленности")]
)
def test_russian_words_find_other_forms_of_the_word(db, query, name_ru):
    IndustryFactory(name="Textiles", name_ru=name_ru)
    search = run_search(query)
    assert found(search) == [("industry", "Textiles")]
    assert search.corrected is None  # found as typed, not as a misspelling


def test_russian_ignores_letter_case(places):
    assert slugs_of(run_search("ПОРТОВАЯ")) == ["port-logistics"]


@pytest.mark.parametrize("query", ["纺织", "纺织品", "织品有", "丝路", "有限公司"])
def test_chinese_is_found_inside_longer_chinese_text(places, query):
    assert "silk-mill" in slugs_of(run_search(query))


def test_chinese_that_is_not_in_the_text_finds_nothing(places):
    assert slugs_of(run_search("纺品")) == []


def test_every_spelling_of_a_real_area_finds_the_area_and_its_entries(real_data):
    from zones.models import Area

    areas = list(Area.objects.published())
    assert {area.slug for area in areas} == {"urumqi", "kashgar", "horgos"}
    for area in areas:
        assert len(area.alias_list) >= 4
        for spelling in area.alias_list:
            search = run_search(spelling)
            area_ids = [entry["object_id"] for entry in search.entries if entry["kind"] == "area"]
            assert area.pk in area_ids, spelling
    # an alias finds entries whose own text uses only another spelling
    kashgar_projects = [entry for entry in run_search("Каши").entries if entry["kind"] == "project"]
    assert len(kashgar_projects) >= 3


@pytest.mark.parametrize("alias", ["Kashi", "Kashgar", "喀什", "Кашгар"])
def test_each_alias_finds_an_entry_that_names_another_spelling(places, alias):
    EnterpriseFactory(
        slug="named-in-chinese", name="Trading house", description="Trades in 喀什 only.", area=places["horgos"]
    )
    assert "named-in-chinese" in slugs_of(run_search(alias))


@pytest.mark.parametrize("alias", ["Horgos", "Khorgas", "Khorgos", "霍尔果斯", "Хоргос"])
def test_each_horgos_alias_finds_the_horgos_entries(places, alias):
    assert slugs_of(run_search(alias)) == ["port-logistics"]


@pytest.mark.parametrize(
    ("typed", "corrected"), [("Kashgr", "kashgar"), ("logistcs", "logistics"), ("Khorgoss", "khorgos")]
)
def test_a_misspelt_word_still_finds_and_says_what_it_searched_for(places, typed, corrected):
    search = run_search(typed)
    assert search.corrected == corrected
    assert search.total > 0


def test_a_misspelt_word_among_right_ones_is_corrected_alone(places):
    search = run_search("horgos logistcs")
    assert search.corrected == "horgos logistics"
    assert slugs_of(search) == ["port-logistics"]


def test_no_correction_when_the_words_match(places):
    assert run_search("logistics").corrected is None


def test_nonsense_is_neither_found_nor_corrected(places):
    search = run_search("qqxzv")
    assert search.total == 0
    assert search.corrected is None


def test_quotes_search_a_phrase(places):
    assert slugs_of(run_search('"bonded warehousing"')) == ["port-logistics"]
    assert slugs_of(run_search('"warehousing bonded"')) == []
    assert slugs_of(run_search("warehousing bonded")) == ["port-logistics"]


def test_a_name_match_ranks_above_a_body_only_match(db):
    area = AreaFactory()
    body_only = EnterpriseFactory(name="Aardvark Holdings", description="We also ship cotton bales.", area=area)
    named = EnterpriseFactory(name="Zebra Cotton Works", area=area)
    ids = [entry["object_id"] for entry in run_search("cotton").entries]
    assert ids == [named.pk, body_only.pk]


def test_a_summary_match_ranks_above_a_body_only_match(db):
    from tests.factories import IncentiveFactory

    body_only = IncentiveFactory(title="Aa measure", summary="Tax.", body="Mentions cotton once.")
    in_summary = IncentiveFactory(title="Zz measure", summary="For cotton traders.")
    ids = [entry["object_id"] for entry in run_search("cotton").entries]
    assert ids == [in_summary.pk, body_only.pk]


def test_type_and_area_filters_and_counts_per_type(places):
    ProjectFactory(name="Logistics yard", area=places["kashgar"])
    search = run_search("logistics")
    assert search.counts["enterprise"] == 2
    assert search.counts["project"] == 1
    assert [entry["kind"] for entry in run_search("logistics", kind="project").entries] == ["project"]
    in_kashgar = run_search("logistics", area="kashgar")
    assert in_kashgar.counts["enterprise"] == 1
    assert in_kashgar.counts["project"] == 1


def test_a_zone_wide_incentive_is_found_in_every_area(places):
    from tests.factories import IncentiveFactory

    IncentiveFactory(title="Cotton subsidy")
    IncentiveFactory(title="Cotton loan", areas=[places["horgos"]])
    assert run_search("cotton", area="kashgar").counts["incentive"] == 1
    assert run_search("cotton", area="horgos").counts["incentive"] == 2


def test_an_entry_is_one_result_whichever_languages_match(places):
    search = run_search("Кашгар")
    ids = [(entry["kind"], entry["object_id"]) for entry in search.entries]
    assert len(ids) == len(set(ids))
