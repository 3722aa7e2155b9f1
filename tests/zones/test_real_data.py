"""The loader brings in the seed facts, each with its source, and is idempotent."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from ftzportal.content_version import get_content_version
from investments.models import Enterprise, Project
from zones.models import Area, AreaIndustry, Facility, Figure, Incentive, Industry, Milestone, Zone

pytestmark = pytest.mark.django_db

SEED_INCENTIVES = {
    "foreign-investment-service-guarantee",
    "equal-policy-access-foreign-invested",
    "foreign-rd-centre-thresholds",
    "overseas-financial-institutions",
    "bank-support-infrastructure",
    "green-channels-farm-products",
    "foreign-talent-visa-residence",
    "high-standard-rules-alignment",
    "key-industries-integrated-innovation",
    "industrial-system-directions",
    "access-for-neighbouring-resources",
    "cross-border-transport-links",
    "central-asia-cooperation-sectors",
}
SEED_MEASURES = {
    "foreign-investment-service-guarantee",
    "equal-policy-access-foreign-invested",
    "foreign-rd-centre-thresholds",
    "overseas-financial-institutions",
    "bank-support-infrastructure",
}
KASHGAR_PROJECTS = {
    "central-asia-international-manufacturing-trade-park",
    "carbon-neutral-intelligent-logistics-port",
    "new-materials-industrial-park",
    "power-lithium-ion-battery-factory",
    "cold-chain-base",
}
CURATED_MODELS = [Zone, Area, Industry, Incentive, Enterprise, Project, Facility, Milestone, Figure]


def counts():
    return {model.__name__: model.objects.count() for model in [*CURATED_MODELS, AreaIndustry]}


def test_loader_creates_one_zone_of_179_66_km2(real_data):
    zone = Zone.objects.get()
    assert zone.total_area_km2 == Decimal("179.66")
    assert zone.established_on.isoformat() == "2023-11-01"


def test_three_areas_whose_sizes_sum_to_the_zone_total(real_data):
    areas = {area.slug: area.area_km2 for area in Area.objects.all()}
    assert areas == {"urumqi": Decimal("134.6"), "kashgar": Decimal("28.48"), "horgos": Decimal("16.58")}
    assert sum(areas.values()) == Zone.objects.get().total_area_km2


def test_every_incentive_from_the_articles_is_loaded_with_a_source(real_data):
    incentives = Incentive._base_manager.all()
    assert {incentive.slug for incentive in incentives} == SEED_INCENTIVES
    # Only the measures are incentives; results, plans and commentary are shown for what they are.
    assert set(Incentive.objects.published().values_list("slug", flat=True)) == SEED_MEASURES
    assert all(incentive.source and incentive.source.seed_file for incentive in incentives)


def test_kashgar_projects_have_their_values_and_currencies(real_data):
    projects = {project.slug: project for project in Project.objects.filter(area__slug="kashgar")}
    assert set(projects) == KASHGAR_PROJECTS
    park = projects["central-asia-international-manufacturing-trade-park"]
    assert (park.value, park.currency, park.value_kind) == (Decimal("1000000000"), "CNY", "planned")
    assert park.enterprise.origin_province == "zhejiang"
    # The source gives no value for the others: none is invented.
    assert all(p.value is None for slug, p in projects.items() if p is not park)


def test_every_real_entry_names_its_source(real_data):
    for model in CURATED_MODELS:
        for entry in model.objects.all():
            assert entry.source is not None, f"{model.__name__} {entry} has no source"


def test_real_data_is_published(real_data):
    for model in CURATED_MODELS:
        # Nothing is left as a draft; only withdrawn entries are archived.
        assert not model._base_manager.filter(publication_status="draft").exists(), model.__name__
        assert model._base_manager.filter(publication_status="published").exists(), model.__name__


def test_kashgar_key_industries_and_other_spellings(real_data):
    kashgar = Area.objects.get(slug="kashgar")
    links = {link.industry.slug: link.basis for link in kashgar.area_industries.select_related("industry")}
    assert links == {
        "agricultural-product-processing": "key-industry",
        "textiles-garments": "key-industry",
        "electronics-assembly": "key-industry",
        # "30 have contracted projects covering the fields of trade, logistics, …"
        "trade": "contracted-project-field",
        "logistics": "contracted-project-field",
        "electronics-it": "contracted-project-field",
        "new-materials": "contracted-project-field",
        "automobile-parts": "contracted-project-field",
    }
    # No source names a key industry for Urumqi or Horgos (textiles are named zone-wide).
    assert not AreaIndustry.objects.exclude(area=kashgar).exists()
    assert list(Area.objects.matching_name("Kashi")) == [kashgar]
    assert list(Area.objects.matching_name("Khorgas")) == [Area.objects.get(slug="horgos")]


def test_area_names_ship_in_chinese_and_russian(real_data):
    with translation.override("zh-hans"):
        assert sorted(Area.objects.values_list("name", flat=True)) == sorted(
            ["乌鲁木齐片区", "喀什片区", "霍尔果斯片区"]
        )
    with translation.override("ru"):
        # The areas, told apart from their cities («город Кашгар») and Kashi Prefecture.
        assert {area.name for area in Area.objects.all()} == {"Участок Урумчи", "Участок Кашгар", "Участок Хоргос"}


def test_running_the_loader_again_changes_nothing(real_data, django_capture_on_commit_callbacks):
    before = counts()
    history_before = {model.__name__: model.history.count() for model in CURATED_MODELS}
    updated_before = list(Incentive.objects.order_by("pk").values_list("updated_at", flat=True))
    version_before = get_content_version()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_ftz_data", verbosity=0)

    assert counts() == before
    assert {model.__name__: model.history.count() for model in CURATED_MODELS} == history_before
    assert list(Incentive.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_before
    assert get_content_version() == version_before
