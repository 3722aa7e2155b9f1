"""RSS 2.0 and Atom feeds of newly published entries, newest first.

A list feed (`/projects/feed/rss/?area=kashgar&min_value=1000000`) takes any query string
of its list and reads it through the list's own FilterSet and published base queryset,
so "follow this search" gives exactly the entries the search shows. An invalid filter is
a plain-text 400, never a feed of the unfiltered list. An area feed combines the
incentives that apply in the area (zone-wide ones included) and its projects.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from ftzportal.downloads import filter_errors_response
from investments.models import Enterprise, Project
from investments.views import EnterpriseListView, ProjectListView

from .listing import active_filter_chips, visible_query
from .models import Area, Incentive
from .templatetags.portal import money
from .views import IncentiveListView

FEED_LIMIT = 50
FEED_FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def newest_first(queryset):
    """Most recently published first; entries without a publication date by last change."""
    return queryset.order_by(Coalesce("published_at", "updated_at").desc(), F("updated_at").desc(), "-pk")


def entry_description(item) -> str:
    """One line about an entry in the feed reader's language."""
    if isinstance(item, Incentive):
        return item.summary
    if isinstance(item, Project):
        parts = [str(item.get_status_display()), item.area.name]
        if item.industry and item.industry.is_published:
            parts.append(item.industry.name)
        if item.contracted_value is not None:
            parts.append(money(item.contracted_value, item.currency))
        return " · ".join(parts)
    if isinstance(item, Enterprise):
        parts = [item.area.name, str(item.origin_label)]
        return " · ".join(part for part in parts if part) + (f" — {item.description}" if item.description else "")
    return ""


class EntryFeed(Feed):
    """What every feed of the portal shares: entries' titles, links, dates and text."""

    feed_type = Rss201rev2Feed

    def author_name(self):
        # Atom requires an author of the feed or of every entry.
        return settings.PORTAL_NAME

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
    """The feed of one filtered list; subclasses name `list_view`."""

    list_view = None
    list_url_name = ""

    def __call__(self, request, *args, **kwargs):
        list_view = self.list_view()
        list_view.setup(request, *args, **kwargs)
        query = visible_query(request.GET)
        filterset = self.list_view.filterset_class(query, queryset=list_view.get_base_queryset(), request=request)
        if not filterset.is_valid():
            return filter_errors_response(filterset)
        # Feed instances serve every request: per-request state travels on the request.
        request.feed_subject = self.subject(request, list_view, filterset, query)
        return super().__call__(request, *args, **kwargs)

    def subject(self, request, list_view, filterset, query) -> FeedSubject:
        chips = active_filter_chips(filterset.form, query)
        filters = "; ".join(f"{chip.label}: {chip.value}" for chip in chips)
        list_query = query.copy()
        list_query.pop("page", None)
        encoded = list_query.urlencode()
        list_url = reverse(self.list_url_name)
        return FeedSubject(
            title=f"{list_view.page_title} — {settings.PORTAL_NAME}",
            description=filters or str(list_view.meta_description),
            link=f"{list_url}?{encoded}" if encoded else list_url,
            feed_url=request.get_full_path(),
            items=list(newest_first(filterset.qs)[:FEED_LIMIT]),
        )

    def get_object(self, request, *args, **kwargs):
        return request.feed_subject


class AreaFeed(EntryFeed):
    """Newly published incentives that apply in an area (zone-wide ones too) and its projects."""

    def get_object(self, request, slug):
        area = get_object_or_404(Area.objects.published(), slug=slug)
        incentives = newest_first(Incentive.objects.published().in_areas([area]).with_related())[:FEED_LIMIT]
        projects = newest_first(Project.objects.published().in_area(area).with_related())[:FEED_LIMIT]
        entries = sorted([*incentives, *projects], key=lambda item: item.published_at or item.updated_at, reverse=True)[
            :FEED_LIMIT
        ]
        return FeedSubject(
            title=_("%(area)s: new incentives and projects — %(portal)s")
            % {"area": area.name, "portal": settings.PORTAL_NAME},
            description=_(
                "Incentives that apply in %(area)s (zone-wide ones included) and projects there, newest first."
            )
            % {"area": area.name},
            link=area.get_absolute_url(),
            feed_url=request.get_full_path(),
            items=entries,
        )


def feed_views(base):
    """{"rss": view, "atom": view} of a feed class."""
    return {
        name: type(f"{base.__name__}{name.title()}", (base,), {"feed_type": feed_type})()
        for name, feed_type in FEED_FORMATS.items()
    }


class IncentiveFeed(ListFeed):
    list_view = IncentiveListView
    list_url_name = "zones:incentive-list"


class EnterpriseFeed(ListFeed):
    list_view = EnterpriseListView
    list_url_name = "investments:enterprise-list"


class ProjectFeed(ListFeed):
    list_view = ProjectListView
    list_url_name = "investments:project-list"


INCENTIVE_FEEDS = feed_views(IncentiveFeed)
ENTERPRISE_FEEDS = feed_views(EnterpriseFeed)
PROJECT_FEEDS = feed_views(ProjectFeed)
AREA_FEEDS = feed_views(AreaFeed)
