from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

# List page (URL name) → its kind and the feeds issue 9 serves for any filter of it.
LISTS = {
    "incentive-list": ("incentives", "zones:incentive-feed-rss", "zones:incentive-feed-atom"),
    "enterprise-list": ("enterprises", "investments:enterprise-feed-rss", "investments:enterprise-feed-atom"),
    "project-list": ("projects", "investments:project-feed-rss", "investments:project-feed-atom"),
}


@register.simple_tag(takes_context=True)
def follow_links(context) -> dict | None:
    """Feed and alert URLs for the current list's exact filter (page and order left out)."""
    request = context["request"]
    match = request.resolver_match
    if match is None or match.url_name not in LISTS:
        return None
    kind, rss_name, atom_name = LISTS[match.url_name]
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    suffix = f"?{encoded}" if encoded else ""
    try:
        rss, atom = reverse(rss_name) + suffix, reverse(atom_name) + suffix
    except NoReverseMatch:
        rss = atom = ""
    alert_query = query.copy()
    alert_query["list"] = kind
    return {"rss": rss, "atom": atom, "alert": f"{reverse('alerts:subscribe')}?{alert_query.urlencode()}"}
