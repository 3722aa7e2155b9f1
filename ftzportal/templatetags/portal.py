"""Template helpers shared by every public page: language alternates of the current
page, its canonical URL, and money and figure formatting."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from ftzportal.facts import qualified
from ftzportal.i18n import translated_portal_name
from ftzportal.money import Currency, money, plain_number, readable_money
from ftzportal.publication import published_only

register = template.Library()


@register.simple_tag
def portal_name():
    return translated_portal_name()


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


register.filter("money", money)
register.filter("readable_money", readable_money)


@register.filter
def figure_value(figure):
    """A published figure with its unit and its source's qualifier: money as "more than
    CNY 17,600,000,000", others as "35 enterprises", "less than 5 minutes"."""
    if figure.unit in Currency.values:
        shown = readable_money(figure.value, figure.unit)
    elif figure.unit == "%":
        shown = f"{plain_number(figure.value)} %"
    else:
        shown = f"{plain_number(figure.value)} {figure.unit}".strip()
    return qualified(shown, figure.qualifier)


@register.filter
def project_value(project):
    """A project's value as its source states it ("CNY 1,000,000,000", "more than …"), or "" if not stated."""
    if project.value is None:
        return ""
    return qualified(readable_money(project.value, project.currency), project.value_qualifier)


@register.filter
def area_km2(value):
    if value is None:
        return ""
    return _("%(number)s km²") % {"number": plain_number(value)}


@register.filter
def published(objects):
    """Keeps the public entries of related rows already fetched (a prefetch gives drafts too)."""
    return published_only(objects)
