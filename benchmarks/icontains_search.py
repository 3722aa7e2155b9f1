"""The reference point for search: the site search as it was before the index (issue 19),
a case-insensitive substring scan of every text column of areas, industries, incentives,
enterprises and projects, the first ten of each plus their count. JSON, uncached, like
/api/v1/search/. Mounted only by benchmarks/bench_urls.py, never by the site."""

from django.http import JsonResponse
from django.urls import reverse

from ftzportal.filters import search_q
from ftzportal.i18n import translated
from investments.filters import EnterpriseFilterSet, ProjectFilterSet
from investments.models import Enterprise, Project
from zones.filters import IncentiveFilterSet
from zones.models import Area, Incentive, Industry

SECTION_LIMIT = 10


def icontains_search(request):
    query = request.GET.get("q", "")[:200]
    area_fields = [*translated("area__name"), "area__aliases"]
    sections = [
        Area.objects.published().matching_name(query),
        Industry.objects.published().filter(search_q([*translated("name"), *translated("description")], query)),
        Incentive.objects.published().filter(search_q(IncentiveFilterSet.search_fields, query)).with_related(),
        Enterprise.objects.published().filter(search_q([*EnterpriseFilterSet.search_fields, *area_fields], query)),
        Project.objects.published().filter(search_q([*ProjectFilterSet.search_fields, *area_fields], query)),
    ]
    results, total = [], 0
    for queryset in sections:
        rows = list(queryset[: SECTION_LIMIT + 1])
        total += len(rows) if len(rows) <= SECTION_LIMIT else queryset.count()
        results += [{"title": str(row), "url": row.get_absolute_url()} for row in rows[:SECTION_LIMIT]]
    return JsonResponse({"count": total, "results": results, "search": reverse("portal:search")})
