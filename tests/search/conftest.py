import pytest

from tests.factories import AreaFactory, EnterpriseFactory, IndustryFactory


def found(search) -> list[tuple[str, str]]:
    """(kind, English title) of every result, best first."""
    from search.engine import display

    return [(result.kind, result.name) for result in display(search.entries, [], language="en")]


@pytest.fixture
def places(db):
    """Two areas spelt as the real data spells them, and a few entries in each."""
    horgos = AreaFactory(
        slug="horgos",
        name="Horgos",
        name_zh_hans="霍尔果斯",
        name_ru="Хоргос",
        aliases="Horgos, Khorgas, Khorgos, 霍尔果斯, Хоргос",
        summary="A border crossing.",
    )
    kashgar = AreaFactory(
        slug="kashgar",
        name="Kashgar",
        name_zh_hans="喀什",
        name_ru="Кашгар",
        aliases="Kashi, Kashgar, 喀什, Кашгар",
        summary="An oasis city.",
    )
    textiles = IndustryFactory(slug="textiles", name="Textile", name_zh_hans="纺织", name_ru="Текстиль")
    EnterpriseFactory(
        slug="port-logistics",
        name="Port Logistics Co.",
        name_zh_hans="口岸物流公司",
        name_ru="Портовая логистика",
        description="Bonded warehousing at the crossing.",
        area=horgos,
    )
    EnterpriseFactory(slug="oasis-logistics", name="Oasis Logistics", name_ru="Оазис логистика", area=kashgar)
    EnterpriseFactory(
        slug="silk-mill",
        name="Silk Road Mill",
        name_zh_hans="丝路纺织品有限公司",
        name_ru="Шёлковая фабрика",
        description="Spinning and weaving.",
        area=kashgar,
        industries=[textiles],
    )
    return {"horgos": horgos, "kashgar": kashgar, "textiles": textiles}


@pytest.fixture
def api(settings):
    """An API client; tests make many requests from one address (throttling has its own tests)."""
    from rest_framework.test import APIClient

    rates = {"anon": "100000/minute", "partner": "100000/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return APIClient()
