"""Template helpers shared by every public page: language alternates of the current
page, its canonical URL, and money and figure formatting."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, numberformat
from django.utils.translation import get_language_info

from investments.models import Currency

register = template.Library()


@register.simple_tag
def portal_name():
    return settings.PORTAL_NAME


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in each site language: the link keeps the query string (so a
    filtered list stays filtered), the absolute URL (for hreflang) does not."""
    request = context.get("request")
    current = context.get("LANGUAGE_CODE")
    alternates = []
    for code, _name in settings.LANGUAGES:
        full_path = translate_url(request.get_full_path(), code) if request else "/"
        path = translate_url(request.path, code) if request else "/"
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": full_path,
                "absolute_url": request.build_absolute_uri(path) if request else path,
                "is_current": code == current,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page without its query string: filtered and paginated views of a list share
    the list's canonical address."""
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request else ""


def _plain_number(value) -> str:
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


@register.filter
def money(value, currency):
    """`1000000000, "CNY"` → "CNY 1,000,000,000" (grouping follows the active language)."""
    if value is None or value == "":
        return ""
    return f"{currency} {_plain_number(value)}"


@register.filter
def figure_value(figure):
    """A published figure with its unit: money as "CNY 17,600,000,000", others as "35 enterprises"."""
    if figure.unit in Currency.values:
        return money(figure.value, figure.unit)
    if figure.unit == "%":
        return f"{_plain_number(figure.value)} %"
    return f"{_plain_number(figure.value)} {figure.unit}".strip()


@register.filter
def area_km2(value):
    if value is None:
        return ""
    return f"{_plain_number(value)} km²"


@register.filter
def published(objects):
    """Keeps the public entries of related rows already fetched (a prefetch gives drafts too)."""
    return [obj for obj in objects if getattr(obj, "is_published", True)]
