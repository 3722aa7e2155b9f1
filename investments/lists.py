"""Enterprises and projects as public lists, declared once (see ftzportal/lists.py)."""

from django.utils.translation import gettext_lazy as _

from ftzportal.downloads import choice_label, detail_url, names, slugs
from ftzportal.lists import Column, ListResource
from ftzportal.money import money
from ftzportal.publication import published_or_none

from .filters import EnterpriseFilterSet, ProjectFilterSet
from .models import Enterprise, Project, ProjectStatus


def enterprise_line(enterprise) -> str:
    parts = [enterprise.area.name, str(enterprise.origin_label)]
    description = f" — {enterprise.description}" if enterprise.description else ""
    return " · ".join(part for part in parts if part) + description


def project_line(project) -> str:
    parts = [str(project.get_status_display()), project.area.name]
    if published_or_none(project.industry):
        parts.append(project.industry.name)
    if project.value is not None:
        parts.append(money(project.value, project.currency))
    return " · ".join(parts)


def _related(attribute: str, field: str):
    """A column of a published related row's field, empty where there is none."""

    def value(project):
        related = published_or_none(getattr(project, attribute))
        return getattr(related, field) if related else ""

    return value


ENTERPRISES = ListResource(
    key="enterprises",
    name="enterprise",
    model=Enterprise,
    title_field="name",
    namespace="investments",
    label=_("Enterprise"),
    filterset_class=EnterpriseFilterSet,
    page_title=_("Enterprises settled in the zone"),
    meta_description=_("Companies settled in the zone's areas, by area, industry, origin and date settled."),
    download_columns=(
        Column(_("Name"), lambda e: e.name),
        Column(_("Slug"), lambda e: e.slug),
        Column(_("Area (slug)"), lambda e: e.area.slug),
        Column(_("Area"), lambda e: e.area.name),
        Column(_("Industries (slugs)"), lambda e: slugs(e.published_industries)),
        Column(_("Industries"), lambda e: names(e.published_industries)),
        Column(_("Country of origin (ISO code)"), lambda e: e.origin_country.code or ""),
        Column(_("Province of origin (slug)"), lambda e: e.origin_province),
        Column(_("Origin"), lambda e: str(e.origin_label)),
        Column(_("Foreign-invested"), lambda e: e.is_foreign_invested),
        Column(_("Settled on"), lambda e: e.settled_on),
        Column(_("Website"), lambda e: e.website),
        Column(_("Sample data"), lambda e: e.is_sample),
        Column(_("Source"), lambda e: str(e.source) if e.source else ""),
        Column(_("Page"), detail_url("investments:enterprise-detail")),
    ),
    feed_description=enterprise_line,
    shortlisted=True,
)

PROJECTS = ListResource(
    key="projects",
    name="project",
    model=Project,
    title_field="name",
    namespace="investments",
    label=_("Project"),
    filterset_class=ProjectFilterSet,
    page_title=_("Investment projects"),
    meta_description=_("Contracted and proposed investment projects in the zone, by area, industry, status and value."),
    download_columns=(
        Column(_("Name"), lambda p: p.name),
        Column(_("Slug"), lambda p: p.slug),
        Column(_("Area (slug)"), lambda p: p.area.slug),
        Column(_("Area"), lambda p: p.area.name),
        Column(_("Industry (slug)"), _related("industry", "slug")),
        Column(_("Industry"), _related("industry", "name")),
        Column(_("Enterprise (slug)"), _related("enterprise", "slug")),
        Column(_("Enterprise"), _related("enterprise", "name")),
        Column(_("Status (code)"), lambda p: p.status),
        Column(_("Status"), choice_label("status", ProjectStatus.choices)),
        Column(_("Contracted value"), lambda p: p.value),
        Column(_("Currency"), lambda p: p.currency),
        Column(_("Signed on"), lambda p: p.signed_on),
        Column(_("Sample data"), lambda p: p.is_sample),
        Column(_("Source"), lambda p: str(p.source) if p.source else ""),
        Column(_("Page"), detail_url("investments:project-detail")),
    ),
    feed_description=project_line,
    shortlisted=True,
)

RESOURCES = (ENTERPRISES, PROJECTS)
