"""RSS 2.0 and Atom feeds of newly published entries, newest first.

A list feed (`/projects/feed/rss/?area=kashgar&min_value=1000000`) takes any query string
of its list and reads it through the list's own FilterSet and published base queryset,
so "follow this search" gives exactly the entries the search shows. An invalid filter is
a plain-text 400, never a feed of the unfiltered list. Each list's feeds are built from
its declaration (`ftzportal.lists`) by `list_feed_urls`.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from ftzportal import lists
from ftzportal.caching import recognise_query_params
from ftzportal.downloads import filter_errors_response
from ftzportal.i18n import translated_portal_name
from ftzportal.listing import active_filter_chips, visible_query
from ftzportal.lists import ListResource

FEED_LIMIT = 50
FEED_FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def newest_first(queryset):
    """Most recently published first; entries without a publication date by last change."""
    return queryset.order_by(Coalesce("published_at", "updated_at").desc(), F("updated_at").desc(), "-pk")


def entry_description(item) -> str:
    """One line about an entry in the feed reader's language, as its resource describes it."""
    resource = lists.for_model(type(item))
    if resource is None or resource.feed_description is None:
        return ""
    return resource.feed_description(item)


class EntryFeed(Feed):
    """What every feed of the portal shares: entries' titles, links, dates and text."""

    feed_type = Rss201rev2Feed

    def author_name(self):
        # Atom requires an author of the feed or of every entry.
        return translated_portal_name()

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return entry_description(item)

    def item_pubdate(self, item):
        return item.published_at or item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    # Every feed's subject is a FeedSubject built by `get_object`.
    def title(self, obj):
        return obj.title

    def description(self, obj):
        return obj.description

    def subtitle(self, obj):
        return obj.description

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return obj.feed_url

    def items(self, obj):
        return obj.items


@dataclass
class FeedSubject:
    """What one request's feed is about (feed instances are shared by every request)."""

    title: str
    description: str
    link: str
    feed_url: str
    items: list


class ListFeed(EntryFeed):
    """The feed of one filtered list; subclasses name its `resource`."""

    resource: ListResource = None

    def __call__(self, request, *args, **kwargs):
        resource = self.resource
        query = visible_query(request.GET)
        filterset = resource.filterset_class(query, queryset=resource.queryset(), request=request)
        if not filterset.is_valid():
            return filter_errors_response(filterset)
        # The page cache stores feeds of the list's own filters only (ftzportal.caching).
        recognise_query_params(request, [*resource.filterset_class.base_filters, "page"])
        # Feed instances serve every request: per-request state travels on the request.
        request.feed_subject = self.subject(request, filterset, query)
        return super().__call__(request, *args, **kwargs)

    def subject(self, request, filterset, query) -> FeedSubject:
        chips = active_filter_chips(filterset.form, query)
        filters = "; ".join(f"{chip.label}: {chip.value}" for chip in chips)
        list_query = query.copy()
        list_query.pop("page", None)
        encoded = list_query.urlencode()
        list_url = self.resource.list_url()
        return FeedSubject(
            title=f"{self.resource.page_title} — {translated_portal_name()}",
            description=filters or str(self.resource.meta_description),
            link=f"{list_url}?{encoded}" if encoded else list_url,
            feed_url=request.get_full_path(),
            items=list(newest_first(filterset.qs)[:FEED_LIMIT]),
        )

    def get_object(self, request, *args, **kwargs):
        return request.feed_subject


def feed_views(base):
    """{"rss": view, "atom": view} of a feed class."""
    return {
        name: type(f"{base.__name__}{name.title()}", (base,), {"feed_type": feed_type})()
        for name, feed_type in FEED_FORMATS.items()
    }


def list_feed_urls(resource: ListResource) -> list:
    """`<list>/feed/rss/` and `<list>/feed/atom/`: the feeds of any filter of the list."""
    feed_class = type(f"{resource.name.title()}Feed", (ListFeed,), {"resource": resource})
    return [
        path(f"{resource.key}/feed/{name}/", view, name=f"{resource.name}-feed-{name}")
        for name, view in feed_views(feed_class).items()
    ]
