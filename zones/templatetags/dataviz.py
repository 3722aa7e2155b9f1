"""Links to a page's downloads and feeds: the current list's filter carried over to its
CSV and Excel files and its RSS and Atom feeds, and an area page's feeds."""

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

# A list's URL name → the prefix of its download and feed URL names.
LIST_EXPORTS = {
    "zones:incentive-list": "zones:incentive",
    "investments:enterprise-list": "investments:enterprise",
    "investments:project-list": "investments:project",
}
AREA_PAGES = ("zones:area-detail", "zones:area-factsheet")


@dataclass(frozen=True)
class ExportLinks:
    csv: str
    xlsx: str
    rss: str
    atom: str


def _with_query(url: str, query) -> str:
    query = query.copy()
    query.pop("page", None)  # a file or a feed holds every page
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


@register.simple_tag(takes_context=True)
def page_exports(context) -> ExportLinks | None:
    """Download and feed links of the current page, or None where it has none (an area
    page has feeds but no downloads: csv and xlsx are then empty)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    try:
        if match.view_name in LIST_EXPORTS:
            prefix = LIST_EXPORTS[match.view_name]
            return ExportLinks(
                *(
                    _with_query(reverse(f"{prefix}-{name}"), request.GET)
                    for name in ("download-csv", "download-xlsx", "feed-rss", "feed-atom")
                )
            )
        if match.view_name in AREA_PAGES:
            slug = match.kwargs["slug"]
            return ExportLinks(
                csv="",
                xlsx="",
                rss=reverse("zones:area-feed-rss", args=[slug]),
                atom=reverse("zones:area-feed-atom", args=[slug]),
            )
    except NoReverseMatch:
        return None
    return None
