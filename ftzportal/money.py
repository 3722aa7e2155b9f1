"""Currencies and how amounts read in the active language."""

from decimal import Decimal

from django.db import models
from django.utils import formats, numberformat
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
