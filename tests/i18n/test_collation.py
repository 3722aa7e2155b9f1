"""Choices and lists are ordered as their reader expects: Chinese by pinyin, Russian by its
alphabet."""

import pytest
from django.utils import translation

from ftzportal.i18n import collation_key
from investments.filters import origin_choices
from tests.factories import IndustryFactory
from zones.filters import published_by_slug
from zones.models import Industry


def test_chinese_orders_by_pinyin_not_by_code_point():
    names = ["纺织服装", "电子信息", "物流", "新材料", "商贸"]
    # dian zi, fang zhi, shang mao, wu liu, xin cai liao
    assert sorted(names, key=lambda name: collation_key(name, "zh-hans")) == [
        "电子信息",
        "纺织服装",
        "商贸",
        "物流",
        "新材料",
    ]
    assert sorted(names) != ["电子信息", "纺织服装", "商贸", "物流", "新材料"]  # code points would not


def test_russian_orders_yo_with_ye():
    names = ["Ёлка", "Жук", "Елена"]
    assert sorted(names, key=lambda name: collation_key(name, "ru")) == ["Елена", "Ёлка", "Жук"]
    assert sorted(names) != ["Елена", "Ёлка", "Жук"]


@pytest.mark.django_db
def test_industry_choices_follow_the_language(settings):
    for en, zh in (("Trade", "商贸"), ("Logistics", "物流"), ("Electronics", "电子信息")):
        IndustryFactory(name_en=en, name_zh_hans=zh, publication_status="published")
    with translation.override("zh-hans"):
        assert [row.name for row in published_by_slug(Industry).values()] == ["电子信息", "商贸", "物流"]
    with translation.override("en"):
        assert [row.name for row in published_by_slug(Industry).values()] == ["Electronics", "Logistics", "Trade"]


def test_origin_countries_in_russian_alphabetical_order():
    with translation.override("ru"):
        countries = [name for _code, name in origin_choices()[1][1]]
    assert countries == sorted(countries, key=lambda name: collation_key(name, "ru"))
    assert countries.index("Австралия") < countries.index("Япония")
