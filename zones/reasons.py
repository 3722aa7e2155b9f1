"""Why an industry belongs to an area, in the words of the active language.

The relation itself is `IndustryQuerySet.in_areas` and `with_reasons_in` (a source names
the industry for the area, or published enterprises or projects of it are there); this
module reads the annotations of `with_reasons_in` so that the industry list, the area
and compare pages, the matcher and the API say it the same way.
"""

from dataclasses import dataclass

from django.utils.translation import ngettext

from .models import Area, Industry, IndustryBasis, IndustryQuerySet

# Reason kinds besides the bases (IndustryBasis values).
ENTERPRISES = "enterprises"
PROJECTS = "projects"


@dataclass(frozen=True)
class Reason:
    """One reason: `kind` is an IndustryBasis value, "enterprises" or "projects";
    `count` is the number of those (None for a basis)."""

    kind: str
    label: str
    count: int | None = None


@dataclass(frozen=True)
class IndustryInArea:
    """`industry` in `area`: the basis on which a source names it there ("" if none) and
    the numbers of published enterprises and projects of it there."""

    industry: Industry
    area: Area
    basis: str = ""
    enterprise_count: int = 0
    project_count: int = 0

    def __bool__(self) -> bool:
        """Whether the industry belongs to the area at all."""
        return bool(self.basis or self.enterprise_count or self.project_count)

    @property
    def reasons(self) -> list[Reason]:
        reasons = []
        if self.basis:
            reasons.append(Reason(self.basis, str(dict(IndustryBasis.choices).get(self.basis, self.basis))))
        if self.enterprise_count:
            count = self.enterprise_count
            label = ngettext("%(count)d enterprise here", "%(count)d enterprises here", count) % {"count": count}
            reasons.append(Reason(ENTERPRISES, label, count))
        if self.project_count:
            count = self.project_count
            label = ngettext("%(count)d project here", "%(count)d projects here", count) % {"count": count}
            reasons.append(Reason(PROJECTS, label, count))
        return reasons


def in_area(industry, area) -> IndustryInArea:
    """`industry` (a row of `with_reasons_in(areas)`, `area` among the areas) in `area`."""
    basis, enterprises, projects = IndustryQuerySet.reason_fields(area)
    return IndustryInArea(
        industry=industry,
        area=area,
        basis=getattr(industry, basis) or "",
        enterprise_count=getattr(industry, enterprises),
        project_count=getattr(industry, projects),
    )


def areas_of(industry, areas) -> list[IndustryInArea]:
    """The areas among `areas` (in their order) that `industry`, a row of
    `with_reasons_in(areas)`, belongs to."""
    return [here for area in areas if (here := in_area(industry, area))]


def industries_by_area(areas) -> dict[int, list[IndustryInArea]]:
    """The published industries of each of `areas` ({area pk: […]}, by name), with why:
    one query for all the areas."""
    areas = list(areas)
    by_area: dict[int, list[IndustryInArea]] = {area.pk: [] for area in areas}
    if not areas:
        return by_area
    for industry in Industry.objects.published().in_areas(areas).with_reasons_in(areas):
        for here in areas_of(industry, areas):
            by_area[here.area.pk].append(here)
    return by_area
