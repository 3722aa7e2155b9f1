"""Currencies and how amounts read in the active language."""

from decimal import Decimal

from django.db import models
from django.utils import formats, numberformat
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    RUB = "RUB", _("Russian rouble")
    KZT = "KZT", _("Kazakhstani tenge")
    KGS = "KGS", _("Kyrgyzstani som")
    UZS = "UZS", _("Uzbekistani sum")
    TJS = "TJS", _("Tajikistani somoni")


def plain_number(value) -> str:
    value = Decimal(value)
    # As many decimals as the value has (89.70 → 89.7), none for whole numbers.
    decimals = max(0, -value.normalize().as_tuple().exponent)
    # Chinese formats define no thousands separator; large sums are unreadable without one,
    # so they get the comma grouping Chinese financial texts use.
    separator = formats.get_format("THOUSAND_SEPARATOR") or ","
    grouping = formats.get_format("NUMBER_GROUPING") if formats.get_format("THOUSAND_SEPARATOR") else 3
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=grouping,
        thousand_sep=separator,
        force_grouping=True,
        use_l10n=True,
    )


def money(value, currency) -> str:
    """`1000000000, "CNY"` → "CNY 1,000,000,000" (grouping follows the active language)."""
    if value is None or value == "":
        return ""
    return f"{currency} {plain_number(value)}"


# How large amounts read in each language: Chinese counts in 万 (10⁴) and 亿 (10⁸), Russian
# and English in millions and billions. Only an amount that is exact at two decimals in the
# larger unit is shortened: 17.6 billion, 176亿 — never a rounded number (that would need
# the source's "about").
LARGE_UNITS = {
    "zh-hans": (
        (Decimal(10**8), pgettext_lazy("large number", "%(number)s hundred million")),
        (Decimal(10**4), pgettext_lazy("large number", "%(number)s ten thousand")),
    ),
    "default": (
        (Decimal(10**9), pgettext_lazy("large number", "%(number)s billion")),
        (Decimal(10**6), pgettext_lazy("large number", "%(number)s million")),
    ),
}
# "%(amount)s yuan", "%(amount)s млрд юаней": the currency after the amount, as each language writes it.
CURRENCY_AMOUNTS = {
    "CNY": pgettext_lazy("amount of money", "%(amount)s yuan"),
    "USD": pgettext_lazy("amount of money", "USD %(amount)s"),
}


def _shortened(value: Decimal, language: str) -> str | None:
    for size, template in LARGE_UNITS["zh-hans" if language == "zh-hans" else "default"]:
        if value >= size:
            count = value / size
            if count == count.quantize(Decimal("0.01")):
                return str(template) % {"number": plain_number(count)}
    return None


def readable_money(value, currency) -> str:
    """An amount as a reader of the active language writes it: "CNY 17.6 billion",
    "176亿元", "17,6 млрд юаней"; amounts that do not shorten exactly keep every digit
    ("CNY 1,234,567"). Tables and the API keep the exact value (`money`)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    language = get_language() or "en"
    shortened = _shortened(value, language)
    if shortened is None:
        return money(value, currency)
    template = CURRENCY_AMOUNTS.get(currency)
    if template is None:
        return f"{currency} {shortened}"
    return str(template) % {"amount": shortened}
