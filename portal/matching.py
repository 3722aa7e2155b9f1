""" "What applies to me": from an investor's answers (industries, area or "not sure",
origin, investment size) to the areas that fit, with the reasons, and the incentives,
enterprises and projects that apply. One matcher for the /match/ page and the API.

Reasons come only from the data: an industry belongs to an area (a source names it for
the area, with the curator's note, or enterprises or projects of it are listed there:
zones.reasons), the area's positioning or that note names the investor's country, or
enterprises from the same country or province have already settled there. Nothing is
inferred beyond that.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ftzportal.publication import PublicationStatus
from investments.filters import origin_choices
from investments.models import ChineseProvince, Enterprise, Project, Tally
from zones.models import Area, AreaIndustry, Incentive, IncentiveCategory, Industry, IndustryBasis
from zones.reasons import IndustryInArea, areas_of

NOT_SURE = "not-sure"
RESULT_LIMIT = 12
# Points of each kind of reason; a chosen area always comes first.
CHOSEN_AREA_POINTS = 1000
INDUSTRY_HERE_POINTS = 10
NAMED_ORIGIN_POINTS = 5
SETTLED_PEER_POINTS = 2


class InvestorType:
    FOREIGN = "foreign"
    DOMESTIC = "domestic"
    CHOICES = [(FOREIGN, _("Foreign investor")), (DOMESTIC, _("Domestic (Chinese) investor"))]


# Bands in CNY; bounds are [low, high).
SIZE_BANDS = {
    "under-10m": (_("Under 10 million CNY"), Decimal(0), Decimal(10_000_000)),
    "10m-100m": (_("10–100 million CNY"), Decimal(10_000_000), Decimal(100_000_000)),
    "100m-1b": (_("100 million – 1 billion CNY"), Decimal(100_000_000), Decimal(1_000_000_000)),
    "over-1b": (_("1 billion CNY or more"), Decimal(1_000_000_000), None),
}


class MatchForm(forms.Form):
    """The four questions. GET parameters, so a result is a shareable URL:
    ?industry=textiles-garments&area=not-sure&investor=foreign&origin=KG&size=10m-100m"""

    industry = forms.ModelMultipleChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.published(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one industry.")},
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    investor = forms.ChoiceField(
        label=_("You are a"), choices=[("", _("Not saying")), *InvestorType.CHOICES], required=False
    )
    origin = forms.ChoiceField(label=_("Country or Chinese province"), required=False)
    size = forms.ChoiceField(
        label=_("Planned investment"),
        choices=[("", _("Not saying")), *((key, band[0]) for key, band in SIZE_BANDS.items())],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(Area.objects.published())
        self.fields["area"].choices = [
            (NOT_SURE, _("Not sure yet")),
            *((area.slug, area.name) for area in self.areas),
        ]
        self.fields["origin"].choices = [("", _("Not saying")), *origin_choices()]
        # Fetched once for the checkboxes (iter(): list() would COUNT first).
        self.fields["industry"].widget.choices = list(iter(self.fields["industry"].choices))

    def clean_area(self):
        slug = self.cleaned_data["area"]
        if slug in ("", NOT_SURE):
            return None
        return next(area for area in self.areas if area.slug == slug)

    def clean(self):
        cleaned = super().clean()
        origin, investor = cleaned.get("origin"), cleaned.get("investor")
        if origin and investor:
            is_province = origin in ChineseProvince.values
            if investor == InvestorType.DOMESTIC and not is_province and origin != "CN":
                self.add_error("origin", _("For a domestic investor, choose a Chinese province."))
            elif investor == InvestorType.FOREIGN and is_province:
                self.add_error("origin", _("For a foreign investor, choose a country."))
        return cleaned


@dataclass
class AreaMatch:
    area: Area
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    chosen: bool = False


@dataclass
class MatchResult:
    industries: list
    chosen_area: Area | None
    origin: str
    origin_label: str
    investor: str
    size: str
    areas: list[AreaMatch]
    incentives: list
    enterprises: list
    enterprise_count: int
    projects: list
    project_count: int

    @property
    def top_area(self) -> Area | None:
        return self.areas[0].area if self.areas else None

    @property
    def contact(self):
        area = self.top_area
        return area.contact if area is not None and area.contact and area.contact.is_active else None

    @property
    def incentive_groups(self) -> list[tuple[str, list]]:
        """Incentives by category, in the order the categories are declared."""
        groups = []
        for value, label in IncentiveCategory.choices:
            members = [incentive for incentive in self.incentives if incentive.category == value]
            if members:
                groups.append((label, members))
        return groups

    @property
    def size_label(self) -> str:
        return str(SIZE_BANDS[self.size][0]) if self.size else ""

    def project_in_size_band(self, project) -> bool:
        if not self.size or project.value is None or project.currency != "CNY":
            return False
        _label, low, high = SIZE_BANDS[self.size]
        return project.value >= low and (high is None or project.value < high)


def origin_label(origin: str) -> str:
    if not origin:
        return ""
    if origin in ChineseProvince.values:
        return str(ChineseProvince(origin).label)
    return str(countries.name(origin))


def _english_country_name(origin: str) -> str:
    if not origin or origin in ChineseProvince.values:
        return ""
    with translation.override("en"):
        return str(countries.name(origin))


def industry_here_reasons(here: IndustryInArea, note: str = "") -> list[str]:
    """Why the industry of `here` makes its area a match, in sentences (the source's note
    after what the source names it)."""
    names = {"industry": here.industry.name, "area": here.area.name}
    reasons = []
    if here.basis == IndustryBasis.KEY_INDUSTRY:
        reasons.append(str(_("%(industry)s is a key industry of the %(area)s.") % names))
    elif here.basis == IndustryBasis.CONTRACTED_PROJECT_FIELD:
        reasons.append(str(_("%(industry)s is a field of the contracted projects in the %(area)s.") % names))
    if reasons and note:
        reasons[-1] = f"{reasons[-1]} {note}"
    if here.enterprise_count:
        reasons.append(
            translation.ngettext(
                "%(count)d enterprise in %(industry)s is listed in the %(area)s.",
                "%(count)d enterprises in %(industry)s are listed in the %(area)s.",
                here.enterprise_count,
            )
            % {"count": here.enterprise_count, **names}
        )
    if here.project_count:
        reasons.append(
            translation.ngettext(
                "%(count)d project in %(industry)s is listed in the %(area)s.",
                "%(count)d projects in %(industry)s are listed in the %(area)s.",
                here.project_count,
            )
            % {"count": here.project_count, **names}
        )
    return reasons


def match(*, industries, area=None, origin: str = "", investor: str = "", size: str = "") -> MatchResult:
    """Rank the published areas for `industries` and collect what applies.

    Areas: those one of the industries belongs to (zones.reasons), and the chosen area
    (always first). Incentives: published, applying in the ranked areas (or zone-wide),
    for one of the industries (or for all). Enterprises and projects: published, in one
    of the industries, the ranked areas' first.
    """
    industries = list(industries)
    published_areas = list(Area.objects.published().select_related("contact"))
    # What the sources say of an industry named for an area (any basis): their notes.
    links = list(
        AreaIndustry.objects.filter(
            industry__in=industries,
            area__publication_status=PublicationStatus.PUBLISHED,
        )
    )
    notes = {(link.industry_id, link.area_id): link.note for link in links}
    if area is not None:
        area = Area.objects.select_related("contact").get(pk=area.pk)
    matches: dict[int, AreaMatch] = {}
    if area is not None:
        matches[area.pk] = AreaMatch(area=area, score=CHOSEN_AREA_POINTS, chosen=True)
        matches[area.pk].reasons.append(str(_("You chose this area.")))
    # The industries' areas (zones.reasons: named for the area by a source, or with
    # published enterprises or projects there), each industry's areas in their order.
    industries_here = Industry.objects.filter(pk__in=[industry.pk for industry in industries])
    for industry in industries_here.with_reasons_in(published_areas):
        for here in areas_of(industry, published_areas):
            entry = matches.setdefault(here.area.pk, AreaMatch(area=here.area))
            entry.score += INDUSTRY_HERE_POINTS
            note = notes.get((industry.pk, here.area.pk), "")
            entry.reasons.extend(industry_here_reasons(here, note))

    country_name = _english_country_name(origin)
    if country_name:
        for entry in matches.values():
            area_links = [link for link in links if link.area_id == entry.area.pk]
            texts = [entry.area.positioning_en or "", *(link.note_en or "" for link in area_links)]
            if any(country_name.lower() in text.lower() for text in texts):
                entry.score += NAMED_ORIGIN_POINTS
                entry.reasons.append(
                    str(
                        _("The sources on the %(area)s name %(country)s: %(positioning)s")
                        % {
                            "area": entry.area.name,
                            "country": origin_label(origin),
                            "positioning": entry.area.positioning,
                        }
                    )
                )
    if origin and matches:
        counts = dict(Tally.objects.enterprises().from_origin(origin).filter(area__in=list(matches)).counts("area"))
        for area_pk, count in counts.items():
            entry = matches[area_pk]
            entry.score += SETTLED_PEER_POINTS
            entry.reasons.append(
                translation.ngettext(
                    "%(count)d enterprise from %(origin)s has already settled in the %(area)s.",
                    "%(count)d enterprises from %(origin)s have already settled in the %(area)s.",
                    count,
                )
                % {"count": count, "origin": origin_label(origin), "area": entry.area.name}
            )

    area_order = {published.pk: index for index, published in enumerate(published_areas)}
    ranked = sorted(matches.values(), key=lambda entry: (-entry.score, area_order.get(entry.area.pk, 0)))
    ranked_areas = [entry.area for entry in ranked]

    incentives = Incentive.objects.published().for_industries(industries)
    incentives = incentives.in_areas(ranked_areas) if ranked_areas else incentives.zone_wide()
    incentives = list(incentives.with_related().order_by("category", "title"))

    enterprises = Enterprise.objects.published().in_industries(industries)
    projects = Project.objects.published().in_industries(industries)
    return MatchResult(
        industries=industries,
        chosen_area=area,
        origin=origin,
        origin_label=origin_label(origin),
        investor=investor,
        size=size,
        areas=ranked,
        incentives=incentives,
        enterprises=_ranked_first(enterprises.with_related(), ranked_areas),
        enterprise_count=_enterprise_count(enterprises, industries),
        projects=_ranked_first(projects.with_related(), ranked_areas),
        project_count=Tally.objects.projects().filter(industry__in=industries).counts(),
    )


def _enterprise_count(enterprises, industries) -> int:
    """Published enterprises in any of `industries`: from the tallies for one industry;
    an enterprise may be in two of several, so several are counted on the rows."""
    if len(industries) == 1:
        return Tally.objects.enterprises_by_industry().filter(industry=industries[0]).counts()
    return enterprises.count()


def _ranked_first(queryset, areas) -> list:
    """The first RESULT_LIMIT rows, those in the best-ranked areas first."""
    rows = list(queryset[: RESULT_LIMIT * 5])
    order = {area.pk: index for index, area in enumerate(areas)}
    rows.sort(key=lambda row: order.get(row.area_id, len(order)))
    return rows[:RESULT_LIMIT]


def match_from_form(form: MatchForm) -> MatchResult:
    data = form.cleaned_data
    return match(
        industries=data["industry"],
        area=data["area"],
        origin=data.get("origin") or "",
        investor=data.get("investor") or "",
        size=data.get("size") or "",
    )


def inquiry_message(result: MatchResult) -> str:
    """The answers in words, to start the inquiry's message with."""
    lines = [
        str(_("Industries: %(names)s") % {"names": ", ".join(industry.name for industry in result.industries)}),
        str(_("Area: %(name)s") % {"name": result.chosen_area.name if result.chosen_area else _("not sure yet")}),
    ]
    if result.investor:
        label = dict(InvestorType.CHOICES)[result.investor]
        lines.append(f"{label}" + (f" ({result.origin_label})" if result.origin_label else ""))
    elif result.origin_label:
        lines.append(str(_("From: %(origin)s") % {"origin": result.origin_label}))
    if result.size:
        lines.append(str(_("Planned investment: %(size)s") % {"size": result.size_label}))
    return "\n".join(lines)
