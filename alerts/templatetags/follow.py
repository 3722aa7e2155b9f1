from django import template
from django.urls import NoReverseMatch, reverse

from ftzportal import lists
from ftzportal.listing import with_list_query

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_links(context) -> dict | None:
    """Feed and alert URLs for the current list's exact filter (page left out)."""
    request = context["request"]
    match = request.resolver_match
    resource = lists.for_list_url_name(match.view_name) if match is not None else None
    if resource is None or not resource.is_exported:
        return None
    try:
        rss = with_list_query(reverse(resource.url_name("feed-rss")), request.GET)
        atom = with_list_query(reverse(resource.url_name("feed-atom")), request.GET)
    except NoReverseMatch:
        rss = atom = ""
    alert_query = request.GET.copy()
    alert_query.pop("page", None)
    alert_query["list"] = resource.key
    return {"rss": rss, "atom": atom, "alert": f"{reverse('alerts:subscribe')}?{alert_query.urlencode()}"}
