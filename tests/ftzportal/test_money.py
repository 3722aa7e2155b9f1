"""Large amounts read as each language writes them, never rounded; qualifiers travel with them."""

from decimal import Decimal

import pytest
from django.utils import translation

from ftzportal.facts import Qualifier, qualified
from ftzportal.money import money, readable_money


@pytest.mark.parametrize(
    ("language", "value", "currency", "expected"),
    [
        ("en", "17600000000", "CNY", "17.6 billion yuan"),
        ("zh-hans", "17600000000", "CNY", "176亿元"),
        ("ru", "17600000000", "CNY", "17,6 млрд юаней"),
        ("en", "1000000000", "CNY", "1 billion yuan"),
        ("zh-hans", "1000000000", "CNY", "10亿元"),
        ("zh-hans", "61040000000", "CNY", "610.4亿元"),
        ("ru", "2400000000", "USD", "2,4 млрд долларов США"),
        ("zh-hans", "2400000000", "USD", "24亿美元"),
        ("en", "5000000", "EUR", "EUR 5 million"),
        ("zh-hans", "50000", "CNY", "5万元"),
    ],
)
def test_large_amounts_read_naturally(language, value, currency, expected):
    with translation.override(language):
        assert readable_money(Decimal(value), currency).replace("\xa0", " ") == expected


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_an_amount_that_does_not_shorten_exactly_keeps_every_digit(language):
    with translation.override(language):
        assert readable_money(Decimal("1234567891"), "CNY") == money(Decimal("1234567891"), "CNY")
        assert "1" in readable_money(Decimal("1234567891"), "CNY")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "more than 17.6 billion yuan"), ("zh-hans", "超过176亿元"), ("ru", "более 17,6 млрд юаней")],
)
def test_the_qualifier_travels_with_the_amount(language, expected):
    with translation.override(language):
        shown = qualified(readable_money(Decimal("17600000000"), "CNY"), Qualifier.MORE_THAN)
        assert shown.replace("\xa0", " ") == expected
        assert qualified("5", Qualifier.EXACT) == "5"
