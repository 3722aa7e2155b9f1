"""An area's feed: newly published incentives that apply in the area and its projects
(the feeds of the filtered lists are declared with each list, see ftzportal/feeds.py)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from ftzportal.feeds import FEED_LIMIT, EntryFeed, FeedSubject, feed_views, newest_first
from ftzportal.i18n import translated_portal_name
from investments.models import Project
from zones.models import Area, Incentive


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
            % {"area": area.name, "portal": translated_portal_name()},
            description=_(
                "Incentives that apply in %(area)s (zone-wide ones included) and projects there, newest first."
            )
            % {"area": area.name},
            link=area.get_absolute_url(),
            feed_url=request.get_full_path(),
            items=entries,
        )


AREA_FEEDS = feed_views(AreaFeed)
