from django import template

from investments import shortlist

register = template.Library()


@register.simple_tag(takes_context=True)
def shortlisted(context, kind: str, slug: str) -> bool:
    """Whether the entry is on this visitor's shortlist (the button says Remove then)."""
    request = context.get("request")
    return bool(request is not None and shortlist.contains(request.session, kind, slug))
