"""Public pages of the zone: home, areas, industries, incentives, comparison, search."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from ftzportal.caching import do_not_store, recognise_query_params
from ftzportal.i18n import collation_key
from ftzportal.listing import ExportLinks, FilteredListView, visible_query
from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Project, Tally
from search.engine import display, run_search
from search.forms import SearchForm
from search.models import Kind
from zones.filters import published_by_slug
from zones.lists import INDUSTRIES
from zones.models import Area, AreaIndustry, Facility, Figure, Incentive, Industry, Milestone, Zone
from zones.reasons import IndustryInArea, areas_of, industries_by_area

from . import charts, factsheet, maps
from .forms import CompareForm

# Detail pages show the first rows of a related directory and link to the rest.
RELATED_LIMIT = 10
NEWEST_INCENTIVES = 4
SEARCH_PAGE_SIZE = 20
SUGGEST_LIMIT = 8
SUGGEST_MIN_LENGTH = 2


def published_key_industries():
    """Key-industry links whose industry and area are both public."""
    return AreaIndustry.objects.filter(
        industry__publication_status=PublicationStatus.PUBLISHED,
        area__publication_status=PublicationStatus.PUBLISHED,
    ).select_related("area", "industry", "source")


def area_feeds(area) -> ExportLinks:
    """An area page has feeds (what is new in the area) but no downloads."""
    return ExportLinks(
        csv="",
        xlsx="",
        rss=reverse("portal:area-feed-rss", args=[area.slug]),
        atom=reverse("portal:area-feed-atom", args=[area.slug]),
    )


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zone = Zone.objects.published().select_related("source").first()
        context.update(
            zone=zone,
            areas=list(Area.objects.published()),
            enterprise_count=Tally.objects.enterprises().counts(),
            project_count=Tally.objects.projects().counts(),
            contracted_totals=list(Tally.objects.contracted_totals()),
            figures=list(Figure.objects.published().select_related("source", "area")),
            newest_incentives=list(Incentive.objects.published().newest().with_related()[:NEWEST_INCENTIVES]),
            statements=list(Incentive.objects.published_statements().select_related("source")),
            facilities=list(Facility.objects.published().filter(area__isnull=True).select_related("source")),
            milestones=list(Milestone.objects.published().filter(area__isnull=True).select_related("source")),
            charts=charts.zone_charts(),
            zone_map=maps.zone_map(),
        )
        return context


class AreaDetailView(DetailView):
    queryset = Area.objects.published().select_related("zone", "source")
    template_name = "portal/area_detail.html"
    context_object_name = "area"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.object
        enterprises = Enterprise.objects.published().in_area(area)
        projects = Project.objects.published().in_area(area)
        # What the sources say of each industry named for the area: the note and the source.
        links = {link.industry_id: link for link in published_key_industries().filter(area=area)}
        context.update(
            industries=[(here, links.get(here.industry.pk)) for here in industries_by_area([area])[area.pk]],
            figures=list(Figure.objects.published().filter(area=area).select_related("source")),
            incentives=list(Incentive.objects.published().in_areas([area]).with_related()),
            enterprises=list(enterprises.with_related()[:RELATED_LIMIT]),
            enterprise_count=Tally.objects.enterprises().filter(area=area).counts(),
            projects=list(projects.with_related()[:RELATED_LIMIT]),
            project_count=Tally.objects.projects().filter(area=area).counts(),
            contracted_totals=list(Tally.objects.filter(area=area).contracted_totals()),
            facilities=list(Facility.objects.published().in_area(area).select_related("source")),
            milestones=list(Milestone.objects.published().filter(area=area).select_related("source")),
            charts=charts.area_charts(area),
            zone_map=maps.zone_map(area),
            page_feeds=area_feeds(area),
        )
        return context


class AreaFactsheetView(DetailView):
    """A printable one-page summary of an area (its print stylesheet drops the site's
    navigation); `factsheet.pdf` is the same page rendered as PDF."""

    queryset = Area.objects.published().select_related("zone", "source")
    template_name = "portal/factsheet.html"
    context_object_name = "area"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(factsheet.factsheet_context(self.object))
        context["pdf_available"] = factsheet.weasyprint_available()
        context["page_feeds"] = area_feeds(self.object)
        return context


@require_GET
def area_factsheet_pdf(request, slug):
    if not factsheet.weasyprint_available():
        raise Http404("PDF rendering is not installed on this server.")
    area = get_object_or_404(Area.objects.published().select_related("zone", "source"), slug=slug)

    def render():
        context = {**factsheet.factsheet_context(area), "for_pdf": True}
        return factsheet.render_pdf(render_to_string(AreaFactsheetView.template_name, context, request=request))

    response = HttpResponse(factsheet.cached_pdf(area, request, render), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{area.slug}-factsheet.pdf"'
    return response


@dataclass(frozen=True)
class IndustryRow:
    """An industry of the list with the areas it belongs to (among those asked for) and
    why, and the query of its links to the enterprises and projects there."""

    industry: Industry
    areas: list[IndustryInArea]
    query: str

    @property
    def enterprise_count(self) -> int:
        return sum(here.enterprise_count for here in self.areas)

    @property
    def project_count(self) -> int:
        return sum(here.project_count for here in self.areas)


class IndustryListView(FilteredListView):
    """Industries, filtered by area. Each row says why it belongs to the areas asked for
    (every published area when none is): a source names it for the area, or published
    enterprises or projects of it are there."""

    resource = INDUSTRIES
    template_name = "portal/industry_list.html"
    context_object_name = "industries"

    def get_base_queryset(self):
        return Industry.objects.published()

    def get_queryset(self):
        return super().get_queryset().with_reasons_in(self.reason_areas())

    def chosen_areas(self) -> list:
        return list(self.filterset.form.cleaned_data.get("area") or []) if self.filters_valid else []

    def reason_areas(self) -> list:
        """The areas asked for, or every published one (the rows the process holds)."""
        return self.chosen_areas() or list(published_by_slug(Area).values())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        areas, chosen = self.reason_areas(), self.chosen_areas()
        context["rows"] = [
            IndustryRow(
                industry=industry,
                areas=areas_of(industry, areas),
                query=urlencode([*(("area", area.slug) for area in chosen), ("industry", industry.slug)]),
            )
            for industry in context["industries"]
        ]
        if context["paginator"].num_pages == 1 and not self.request.GET.get("ordering"):
            # The database orders Chinese names by code point; readers expect pinyin (and the
            # Russian alphabet). The industries fit on one page, so the page is the whole list.
            context["rows"].sort(key=lambda row: collation_key(row.industry.name))
        context["name_areas"] = len(areas) > 1
        return context


class IndustryDetailView(DetailView):
    queryset = Industry.objects.published().select_related("source", "parent")
    template_name = "portal/industry_detail.html"
    context_object_name = "industry"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        industry = self.object
        enterprises = Enterprise.objects.published().in_industries([industry])
        projects = Project.objects.published().in_industries([industry])
        context.update(
            key_industries=list(published_key_industries().filter(industry=industry)),
            incentives=list(Incentive.objects.published().for_industries([industry]).with_related()),
            enterprises=list(enterprises.with_related()[:RELATED_LIMIT]),
            enterprise_count=Tally.objects.enterprises_by_industry().filter(industry=industry).counts(),
            projects=list(projects.with_related()[:RELATED_LIMIT]),
            project_count=Tally.objects.projects().filter(industry=industry).counts(),
            charts=charts.industry_charts(industry),
        )
        return context


class CompareView(TemplateView):
    """Two or three areas side by side; anything else shows the picker (status 200)."""

    template_name = "portal/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CompareForm(visible_query(self.request.GET) if "area" in self.request.GET else None)
        context["form"] = form
        context["columns"] = self.columns(list(form.cleaned_data["area"])) if form.is_valid() else []
        recognise_query_params(self.request, CompareForm.base_fields)
        if form.is_bound and not form.is_valid():
            do_not_store(self.request)
        return context

    def columns(self, areas):
        area_ids = [area.pk for area in areas]
        enterprise_counts = dict(Tally.objects.enterprises().filter(area__in=areas).counts("area"))
        project_counts = dict(Tally.objects.projects().filter(area__in=areas).counts("area"))
        totals: dict[int, list] = {pk: [] for pk in area_ids}
        for row in Tally.objects.filter(area__in=areas).contracted_totals("area"):
            totals[row["area"]].append(row)
        industries = industries_by_area(areas)
        specific: dict[int, list] = {pk: [] for pk in area_ids}
        for incentive in Incentive.objects.published().filter(areas__in=areas).distinct().with_related():
            for area in incentive.areas.all():
                if area.pk in specific:
                    specific[area.pk].append(incentive)
        return [
            {
                "area": area,
                "enterprise_count": enterprise_counts.get(area.pk, 0),
                "project_count": project_counts.get(area.pk, 0),
                "contracted_totals": totals[area.pk],
                "industries": industries[area.pk],
                "incentives": specific[area.pk],
            }
            for area in areas
        ]


class SearchView(TemplateView):
    """The results of the site-wide search (search.engine): ranked, one page at a time,
    with counts per type, a type and an area filter, and "Did you mean" when the typed
    words match nothing. Every state is a plain GET address, so it can be shared."""

    template_name = "portal/search.html"
    paginate_by = SEARCH_PAGE_SIZE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(visible_query(self.request.GET))
        # The page depends on the form's fields and the page number; any other parameter
        # (tracking, junk) is answered but not stored (ftzportal.caching).
        recognise_query_params(self.request, [*SearchForm.base_fields, "page"])
        if not form.is_valid():
            do_not_store(self.request)
        context.update(form=form, query="", results=[], directories=search_directories())
        if not form.is_valid() or not form.cleaned_data["q"]:
            return context
        data = form.cleaned_data
        found = run_search(data["q"], kind=data["type"] or None, area=data["area"] or None)
        paginator = Paginator(found.entries, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            query=data["q"],
            search=found,
            kinds=[(value, label, found.counts[value], value in found.more) for value, label in Kind.choices],
            selected_type=data["type"],
            paginator=paginator,
            page_obj=page,
            is_paginated=paginator.num_pages > 1,
            results=display(page.object_list, found.keys),
            result_count=paginator.count,
            # The count stopped at search.engine.COUNT_CAP: the page says "more than".
            result_count_capped=(data["type"] in found.more) if data["type"] else bool(found.more),
        )
        return context


def search_directories() -> list[tuple[str, str]]:
    """Where to look instead when nothing matches."""
    return [
        (_("Industries"), reverse("portal:industry-list")),
        (_("Incentives"), reverse("zones:incentive-list")),
        (_("Enterprises"), reverse("investments:enterprise-list")),
        (_("Projects"), reverse("investments:project-list")),
        (_("Compare areas"), reverse("portal:compare")),
    ]


@require_GET
def search_suggestions(request):
    """Up to eight entries for the header box as the visitor types (JSON, page language)."""
    form = SearchForm(visible_query(request.GET))
    if not form.is_valid() or len(form.cleaned_data["q"]) < SUGGEST_MIN_LENGTH:
        return JsonResponse({"suggestions": []})
    found = run_search(form.cleaned_data["q"])
    results = display(found.entries[:SUGGEST_LIMIT], found.keys)
    return JsonResponse(
        {
            "suggestions": [
                {"title": result.name, "url": result.url, "type": str(result.kind_label)} for result in results
            ]
        }
    )


@require_GET
def robots_txt(request):
    # Never the admin: robots.txt is public, and ADMIN_URL may be a secret. The admin keeps
    # itself out of indexes with `X-Robots-Tag: noindex` (ftzportal.middleware).
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        # The API's documentation is a page for people, found by search like the others.
        "Allow: /api/docs/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
