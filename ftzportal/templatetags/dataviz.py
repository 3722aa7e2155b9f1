"""Links to a page's downloads and feeds: the current list's filter carried over to its
CSV and Excel files and its RSS and Atom feeds, or the feeds a page names itself (an
area page's)."""

from django import template
from django.urls import NoReverseMatch, reverse

from ftzportal import lists
from ftzportal.downloads import prepared
from ftzportal.listing import ExportLinks, with_list_query

register = template.Library()


@register.simple_tag(takes_context=True)
def page_exports(context) -> ExportLinks | None:
    """Download and feed links of the current page, or None where it has none. A page
    with feeds but no downloads puts `page_feeds` (ExportLinks with empty csv and xlsx)
    in its context."""
    if context.get("page_feeds"):
        return context["page_feeds"]
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    resource = lists.for_list_url_name(match.view_name) if match is not None else None
    if resource is None or not resource.is_exported:
        return None
    try:
        return ExportLinks(
            *(
                with_list_query(reverse(resource.url_name(name)), request.GET)
                for name in ("download-csv", "download-xlsx", "feed-rss", "feed-atom")
            ),
            *(
                reverse(resource.url_name(f"open-data-{file_format}")) if prepared(resource, file_format) else ""
                for file_format in ("csv", "xlsx")
            ),
        )
    except NoReverseMatch:
        return None
