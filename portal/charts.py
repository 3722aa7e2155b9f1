"""The public site's charts (drawn by ftzportal.charts as SVG with a table of the same figures).

Only published rows are counted, in published areas (and, where grouped by industry,
published industries). Money is never summed across currencies: there is one
chart per currency. Colours come from the Okabe-Ito palette (safe for colour-blind
readers) through CSS classes, so the SVG carries no inline style.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ftzportal.charts import BarChart, bar_chart, count_chart
from ftzportal.money import money
from investments.models import ChineseProvince, ProjectStatus, Tally
from zones.models import Area, Industry

ORIGIN_BARS = 10  # the most frequent origins; the rest share one "other origins" bar


def tallied_projects(*, area=None, industry=None):
    """The tallies of published projects in published areas (investments.models.Tally):
    the charts read these instead of counting the rows."""
    projects = Tally.objects.projects().in_published_areas()
    if area is not None:
        projects = projects.filter(area=area)
    if industry is not None:
        projects = projects.filter(industry=industry)
    return projects


def tallied_enterprises(*, area=None, industry=None):
    """As `tallied_projects`: one count per enterprise, or per enterprise and industry
    when an industry is asked for."""
    enterprises = Tally.objects.in_published_areas()
    enterprises = enterprises.enterprises() if industry is None else enterprises.enterprises_by_industry()
    if area is not None:
        enterprises = enterprises.filter(area=area)
    if industry is not None:
        enterprises = enterprises.filter(industry=industry)
    return enterprises


def money_charts(key, title, label_heading, totals) -> list[BarChart]:
    """One chart per currency from rows of (currency, label, total), never adding one
    currency to another. `title` has a %(currency)s placeholder."""
    by_currency: dict[str, list] = {}
    for currency, label, total in totals:
        by_currency.setdefault(currency, []).append((label, total, money(total, currency)))
    charts = []
    for currency, rows in sorted(by_currency.items()):
        rows.sort(key=lambda row: (-row[1], str(row[0])))
        chart = bar_chart(
            f"{key}-{currency.lower()}", title % {"currency": currency}, label_heading, _("Contracted value"), rows
        )
        if chart:
            charts.append(chart)
    return charts


def contracted_by_area_charts(*, industry=None) -> list[BarChart]:
    """Contracted value of published projects in each published area, per currency."""
    areas = {area.pk: area.name for area in Area.objects.published()}
    totals = tallied_projects(industry=industry).contracted_totals("area")
    return money_charts(
        "value-by-area",
        _("Contracted value by area (%(currency)s)"),
        _("Area"),
        [(row["currency"], areas[row["area"]], row["total"]) for row in totals],
    )


def contracted_by_industry_charts(*, area=None) -> list[BarChart]:
    """Contracted value of published projects by published industry, per currency."""
    industries = {industry.pk: industry.name for industry in Industry.objects.published()}
    totals = tallied_projects(area=area).filter(industry__in=list(industries)).contracted_totals("industry")
    return money_charts(
        "value-by-industry",
        _("Contracted value by industry (%(currency)s)"),
        _("Industry"),
        [(row["currency"], industries[row["industry"]], row["total"]) for row in totals],
    )


def enterprises_by_industry_chart(*, area=None) -> BarChart | None:
    """Published enterprises per published industry, in one area or the whole zone."""
    counts = dict(
        Tally.objects.enterprises_by_industry()
        .in_published_areas()
        .filter(**({"area": area} if area else {}))
        .counts("industry")
    )
    return count_chart(
        "enterprises-by-industry",
        _("Enterprises by industry"),
        _("Industry"),
        _("Enterprises"),
        [(industry.name, counts.get(industry.pk, 0)) for industry in Industry.objects.published()],
    )


def enterprises_by_area_chart(*, industry=None) -> BarChart | None:
    areas = {area.pk: area.name for area in Area.objects.published()}
    counts = tallied_enterprises(industry=industry).counts("area")
    return count_chart(
        "enterprises-by-area",
        _("Enterprises by area"),
        _("Area"),
        _("Enterprises"),
        [(areas[area], n) for area, n in counts],
    )


def origin_label(country: str, province: str) -> str:
    if province:
        return f"{ChineseProvince(province).label}, {_('China')}"
    if country:
        return str(dict(countries).get(country, country))
    return str(_("Not stated"))


def enterprises_by_origin_chart(*, area=None, industry=None) -> BarChart | None:
    """Where published enterprises come from: a Chinese province or a country. The
    most frequent origins get a bar each, the others one bar together."""
    counts = tallied_enterprises(area=area, industry=industry).counts("origin_country", "origin_province")
    counted = sorted(
        ((origin_label(country, province), n) for country, province, n in counts), key=lambda r: (-r[1], r[0])
    )
    rows = [(label, n, str(n)) for label, n in counted[:ORIGIN_BARS]]
    others = counted[ORIGIN_BARS:]
    if others:
        # Last whatever its size: it is not one origin.
        total = sum(n for _label, n in others)
        rows.append((_("Other origins (%(count)s)") % {"count": len(others)}, total, str(total)))
    return bar_chart("enterprises-by-origin", _("Enterprises by origin"), _("Origin"), _("Enterprises"), rows)


def projects_by_status_chart(*, area=None, industry=None) -> BarChart | None:
    counts = dict(tallied_projects(area=area, industry=industry).counts("status"))
    # In the order of the project life cycle, not by size.
    rows = [
        (status.label, counts[status.value], str(counts[status.value]))
        for status in ProjectStatus
        if counts.get(status.value)
    ]
    return bar_chart("projects-by-status", _("Projects by status"), _("Status"), _("Projects"), rows)


def present(*charts) -> list[BarChart]:
    """Flattens chart lists and drops charts with nothing to show."""
    flat = []
    for chart in charts:
        flat.extend(chart if isinstance(chart, list) else [chart])
    return [chart for chart in flat if chart]


def zone_charts() -> list[BarChart]:
    return present(
        contracted_by_area_charts(),
        contracted_by_industry_charts(),
        enterprises_by_industry_chart(),
        enterprises_by_origin_chart(),
        projects_by_status_chart(),
    )


def area_charts(area) -> list[BarChart]:
    return present(
        contracted_by_industry_charts(area=area),
        enterprises_by_industry_chart(area=area),
        enterprises_by_origin_chart(area=area),
        projects_by_status_chart(area=area),
    )


def industry_charts(industry) -> list[BarChart]:
    return present(
        contracted_by_area_charts(industry=industry),
        enterprises_by_area_chart(industry=industry),
        enterprises_by_origin_chart(industry=industry),
        projects_by_status_chart(industry=industry),
    )
