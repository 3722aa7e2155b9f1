"""Small bar charts drawn on the server as SVG, each with the same figures as a table.

Only published rows are counted. Money is never summed across currencies: there is one
chart per currency. Colours come from the Okabe-Ito palette (safe for colour-blind
readers) through CSS classes, so the SVG carries no inline style.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from ftzportal.publication import PublicationStatus
from investments.models import Project

from .models import Area, Industry
from .templatetags.portal import money

PALETTE_SIZE = 7  # Okabe-Ito colours defined as .chart-bar-0 … .chart-bar-6 in portal.css
CHART_WIDTH = 640
ROW_HEIGHT = 46
BAR_HEIGHT = 18
LABEL_GAP = 16
VALUE_ROOM = 190  # room right of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    display: str
    label_y: int
    bar_y: int
    width: int
    value_x: int
    css_class: str


@dataclass
class BarChart:
    key: str  # unique on a page: the SVG's <title> id
    title: str
    label_heading: str
    value_heading: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 8

    @property
    def width(self) -> int:
        return CHART_WIDTH


def bar_chart(key, title, label_heading, value_heading, rows) -> BarChart | None:
    """`rows` is [(label, value, display)]; bar lengths are proportional to value."""
    rows = [row for row in rows if row[1]]
    if not rows:
        return None
    largest = max(value for _label, value, _display in rows)
    room = CHART_WIDTH - VALUE_ROOM
    chart = BarChart(key=key, title=title, label_heading=label_heading, value_heading=value_heading)
    for index, (label, value, display) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = max(2, int(room * Decimal(value) / Decimal(largest)))
        chart.bars.append(
            Bar(
                label=str(label),
                value=value,
                display=display,
                label_y=top + LABEL_GAP,
                bar_y=top + LABEL_GAP + 6,
                width=width,
                value_x=width + 8,
                css_class=f"chart-bar-{index % PALETTE_SIZE}",
            )
        )
    return chart


def contracted_value_by_area_charts() -> list[BarChart]:
    """One chart per currency: contracted value of published projects in each published area."""
    areas = {area.pk: area for area in Area.objects.published()}
    totals = (
        Project.objects.published()
        .filter(contracted_value__isnull=False, area__in=list(areas))
        .values("area", "currency")
        .annotate(total=Sum("contracted_value"))
        .order_by("currency", "-total")
    )
    by_currency: dict[str, list] = {}
    for row in totals:
        label = areas[row["area"]].name
        by_currency.setdefault(row["currency"], []).append((label, row["total"], money(row["total"], row["currency"])))
    return [
        chart
        for currency, rows in by_currency.items()
        if (
            chart := bar_chart(
                f"value-by-area-{currency.lower()}",
                _("Contracted value by area (%(currency)s)") % {"currency": currency},
                _("Area"),
                _("Contracted value"),
                rows,
            )
        )
    ]


def contracted_value_by_industry_charts(area) -> list[BarChart]:
    """One chart per currency: contracted value of the area's published projects by industry."""
    industries = {industry.pk: industry for industry in Industry.objects.published()}
    totals = (
        Project.objects.published()
        .in_area(area)
        .filter(contracted_value__isnull=False, industry__in=list(industries))
        .values("industry", "currency")
        .annotate(total=Sum("contracted_value"))
        .order_by("currency", "-total")
    )
    by_currency: dict[str, list] = {}
    for row in totals:
        by_currency.setdefault(row["currency"], []).append(
            (industries[row["industry"]].name, row["total"], money(row["total"], row["currency"]))
        )
    return [
        chart
        for currency, rows in by_currency.items()
        if (
            chart := bar_chart(
                f"value-by-industry-{currency.lower()}",
                _("Contracted value by industry (%(currency)s)") % {"currency": currency},
                _("Industry"),
                _("Contracted value"),
                rows,
            )
        )
    ]


def enterprises_by_industry_chart(area=None) -> BarChart | None:
    """Published enterprises per published industry, in one area or the whole zone."""
    counted = Q(enterprises__publication_status=PublicationStatus.PUBLISHED)
    if area is not None:
        counted &= Q(enterprises__area=area)
    else:
        counted &= Q(enterprises__area__publication_status=PublicationStatus.PUBLISHED)
    industries = (
        Industry.objects.published()
        .annotate(enterprise_count=Count("enterprises", filter=counted))
        .order_by("-enterprise_count", "pk")
    )
    rows = [(industry.name, industry.enterprise_count, str(industry.enterprise_count)) for industry in industries]
    return bar_chart("enterprises-by-industry", _("Enterprises by industry"), _("Industry"), _("Enterprises"), rows)
