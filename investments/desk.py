"""The inquiry desk's figures: what arrived in a period and from where, how it stands, and
how fast it was answered. Reads only; every figure is one grouped query, whatever the
number of inquiries, and none carries an investor's personal data (names, e-mails,
companies, messages), so roles that do not handle inquiries may see them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ftzportal.charts import bar_chart, column_chart
from ftzportal.i18n import translated
from ftzportal.stats import Percentile, SecondsBetween
from zones.models import Area, Industry

from .models import Inquiry, InquirySource, InquiryStatus, _origin_label

CHART_BARS = 10  # bars per breakdown chart; the rest share one
TREND_PERIODS = 12  # the trend shows this many periods, the current one last
OVERDUE_SHOWN = 20  # the most overdue, listed on the dashboard; the changelist has them all
HOUR = 3600


class Period:
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    CHOICES = [
        (WEEK, pgettext_lazy("period", "This week")),
        (MONTH, pgettext_lazy("period", "This month")),
        (QUARTER, pgettext_lazy("period", "This quarter")),
    ]


def period_start(period: str, day: date) -> date:
    """The first day of the week (Monday), month or quarter that holds `day`."""
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def next_period_start(period: str, start: date) -> date:
    if period == Period.WEEK:
        return start + timedelta(days=7)
    months = 1 if period == Period.MONTH else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def previous_period_start(period: str, start: date) -> date:
    if period == Period.WEEK:
        return start - timedelta(days=7)
    months = 1 if period == Period.MONTH else 3
    month = start.month - 1 - months
    return date(start.year + month // 12, month % 12 + 1, 1)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


@dataclass(frozen=True)
class Window:
    """A period in local time: [start, end) as aware datetimes, and its first day."""

    period: str
    first_day: date
    start: datetime
    end: datetime

    @classmethod
    def holding(cls, period: str, now: datetime) -> "Window":
        first = period_start(period, timezone.localdate(now))
        return cls(period, first, local_midnight(first), local_midnight(next_period_start(period, first)))

    def previous(self) -> "Window":
        first = previous_period_start(self.period, self.first_day)
        return Window(self.period, first, local_midnight(first), self.start)

    @property
    def last_day(self) -> date:
        return timezone.localdate(self.end) - timedelta(days=1)


def period_label(period: str, first_day: date) -> str:
    if period == Period.WEEK:
        return str(_("Week of %(day)s") % {"day": date_format(first_day, "SHORT_DATE_FORMAT")})
    if period == Period.MONTH:
        return date_format(first_day, "YEAR_MONTH_FORMAT")
    return str(_("Q%(quarter)s %(year)s") % {"quarter": (first_day.month - 1) // 3 + 1, "year": first_day.year})


def axis_period_label(period: str, first_day: date) -> str:
    """Shorter, under a trend's column: "Nov 16", "Nov 2026", "Q4 2026"."""
    if period == Period.WEEK:
        return date_format(first_day, "M j")
    if period == Period.MONTH:
        return date_format(first_day, "M Y")
    return period_label(period, first_day)


@dataclass
class ServiceLevel:
    """Times to first reply and to close, in hours, for one handler, one area or all."""

    label: str
    replied: int = 0
    replied_on_time: int = 0
    reply_median: float | None = None
    reply_p90: float | None = None
    closed: int = 0
    close_median: float | None = None
    close_p90: float | None = None

    @property
    def on_time_share(self) -> int | None:
        return round(100 * self.replied_on_time / self.replied) if self.replied else None


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / HOUR, 1)


def service_level_figures(inquiries, window: Window, *group_by: str) -> list[dict]:
    """Medians and 90th percentiles of the time to first reply (over the inquiries first
    answered in the window) and to close (over those closed in it), per `group_by` values,
    computed by the database in one query."""
    replied_in = Q(first_replied_at__gte=window.start, first_replied_at__lt=window.end)
    closed_in = Q(closed_at__gte=window.start, closed_at__lt=window.end)
    to_reply = Case(When(replied_in, then=SecondsBetween("first_replied_at", "created_at")))
    to_close = Case(When(closed_in, then=SecondsBetween("closed_at", "created_at")))
    rows = inquiries.filter(replied_in | closed_in).order_by()
    if group_by:
        rows = rows.values(*group_by)
    figures = {
        "replied": Count("pk", filter=replied_in),
        "replied_on_time": Count("pk", filter=replied_in & Q(first_replied_at__lte=F("reply_due_at"))),
        "reply_median": Percentile(to_reply, 0.5),
        "reply_p90": Percentile(to_reply, 0.9),
        "closed": Count("pk", filter=closed_in),
        "close_median": Percentile(to_close, 0.5),
        "close_p90": Percentile(to_close, 0.9),
    }
    if not group_by:
        return [rows.aggregate(**figures)]
    return list(rows.annotate(**figures).order_by(*group_by))


def _service_level(label, row: dict) -> ServiceLevel:
    return ServiceLevel(
        label=label,
        replied=row["replied"] or 0,
        replied_on_time=row["replied_on_time"] or 0,
        reply_median=hours(row["reply_median"]),
        reply_p90=hours(row["reply_p90"]),
        closed=row["closed"] or 0,
        close_median=hours(row["close_median"]),
        close_p90=hours(row["close_p90"]),
    )


def handler_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else str(_("Unassigned"))


@dataclass
class Desk:
    """Everything the dashboard shows for one period (and, optionally, one area)."""

    window: Window
    now: datetime
    received: int = 0
    received_before: int = 0
    open_now: int = 0
    overdue_now: int = 0
    breakdowns: list = field(default_factory=list)  # Breakdown
    trend: object = None
    reply_trend: object = None
    overall: ServiceLevel | None = None
    by_handler: list[ServiceLevel] = field(default_factory=list)
    by_area: list[ServiceLevel] = field(default_factory=list)
    overdue: list = field(default_factory=list)

    @property
    def charts(self):
        return [chart for chart in (breakdown.chart() for breakdown in self.breakdowns) if chart]


@dataclass
class Breakdown:
    """Inquiries of a period counted by one property: every row (the CSV has them all);
    the chart shows the largest CHART_BARS and one bar for the rest."""

    key: str
    title: str
    heading: str
    rows: list[tuple[str, int]]

    def chart(self):
        rows = [(label, n, str(n)) for label, n in self.rows[:CHART_BARS]]
        rest = self.rows[CHART_BARS:]
        if rest:
            total = sum(n for _label, n in rest)
            rows.append((_("Others (%(count)s)") % {"count": len(rest)}, total, str(total)))
        return bar_chart(self.key, self.title, self.heading, _("Inquiries"), rows)


def largest_first(rows) -> list[tuple[str, int]]:
    return sorted(((str(label), n) for label, n in rows), key=lambda row: (-row[1], row[0]))


def grouped_counts(inquiries, *fields: str) -> list[tuple]:
    return list(inquiries.order_by().values_list(*fields).annotate(n=Count("pk")))


def breakdowns(inquiries, areas: dict) -> list[Breakdown]:
    """Counts by status, area, industry, origin and source, each one grouped query.
    Labels come from choices and from the few areas and industries (one query), never
    from a query per inquiry."""
    not_stated = str(_("Not stated"))
    industries = {industry.pk: industry.name for industry in Industry.objects.only("pk", *_name_fields())}
    by_status = dict(grouped_counts(inquiries, "status"))
    language = get_language()
    return [
        # In the order an inquiry moves through, not by size.
        Breakdown(
            "by-status",
            _("Inquiries by status"),
            _("Status"),
            [(str(status.label), by_status[status.value]) for status in InquiryStatus if by_status.get(status.value)],
        ),
        Breakdown(
            "by-area",
            _("Inquiries by area"),
            _("Area"),
            largest_first((areas.get(pk, not_stated), n) for pk, n in grouped_counts(inquiries, "area")),
        ),
        Breakdown(
            "by-industry",
            _("Inquiries by industry"),
            _("Industry"),
            largest_first((industries.get(pk, not_stated), n) for pk, n in grouped_counts(inquiries, "industry")),
        ),
        Breakdown(
            "by-origin",
            _("Inquiries by investor origin"),
            _("Origin"),
            largest_first(
                (_origin_label(country, province, language) or not_stated, n)
                for country, province, n in grouped_counts(inquiries, "country", "province")
            ),
        ),
        Breakdown(
            "by-source",
            _("Inquiries by source"),
            _("Source"),
            largest_first((InquirySource(value).label, n) for value, n in grouped_counts(inquiries, "source")),
        ),
    ]


def _name_fields():
    return ("name", *translated("name"))


def area_names() -> dict:
    return {area.pk: area.name for area in Area.objects.only("pk", *_name_fields())}


def trend(inquiries, window: Window):
    """Inquiries received per period over the last TREND_PERIODS periods (empty periods
    count as zero), and the median hours to first reply of each period's inquiries."""
    firsts = [window.first_day]
    for _step in range(TREND_PERIODS - 1):
        firsts.insert(0, previous_period_start(window.period, firsts[0]))
    ends = [local_midnight(first) for first in firsts[1:]] + [window.end]
    # The period of each row by plain comparisons with the periods' local midnights: no
    # per-row date function (SQLite's would run in Python for every row).
    bucket = Case(*(When(created_at__lt=end, then=Value(index)) for index, end in enumerate(ends)))
    rows = (
        inquiries.filter(created_at__gte=local_midnight(firsts[0]), created_at__lt=window.end)
        .annotate(bucket=bucket)
        .order_by()
        .values("bucket")
        .annotate(n=Count("pk"), reply_median=Percentile(SecondsBetween("first_replied_at", "created_at"), 0.5))
    )
    by_index = {row["bucket"]: row for row in rows}
    counts, medians = [], []
    for index, day in enumerate(firsts):
        row = by_index.get(index, {})
        label, axis_label = period_label(window.period, day), axis_period_label(window.period, day)
        counts.append((label, row.get("n", 0), axis_label))
        medians.append((label, hours(row.get("reply_median")), axis_label))
    received = column_chart("trend-received", _("Inquiries received per period"), _("Period"), _("Inquiries"), counts)
    replies = column_chart(
        "trend-reply", _("Median hours to first reply, per period received"), _("Period"), _("Hours"), medians
    )
    return received, replies


def overdue_list(inquiries, now: datetime) -> list:
    """The most overdue inquiries: reference, dates, area, industry, handler, source and
    status only (no personal data)."""
    return list(
        inquiries.overdue(now)
        .select_related("area", "industry", "assignee")
        .only(
            "pk",
            "created_at",
            "reply_due_at",
            "status",
            "source",
            "area__name",
            *(f"area__{name}" for name in _name_fields()),
            *(f"industry__{name}" for name in _name_fields()),
            "assignee__username",
            "assignee__first_name",
            "assignee__last_name",
        )
        .order_by("reply_due_at", "pk")[:OVERDUE_SHOWN]
    )


def desk(*, period: str = Period.WEEK, area=None, now: datetime | None = None) -> Desk:
    """The dashboard's figures for the period holding `now` (this week, month or quarter)."""
    now = now or timezone.now()
    window = Window.holding(period, now)
    inquiries = Inquiry.objects.all()
    if area is not None:
        inquiries = inquiries.filter(area=area)
    in_window = inquiries.received_between(window.start, window.end)
    previous = window.previous()
    result = Desk(window=window, now=now)
    totals = inquiries.aggregate(
        received=Count("pk", filter=Q(created_at__gte=window.start, created_at__lt=window.end)),
        received_before=Count("pk", filter=Q(created_at__gte=previous.start, created_at__lt=previous.end)),
        open_now=Count("pk", filter=~Q(status=InquiryStatus.CLOSED)),
        overdue_now=Count(
            "pk",
            filter=~Q(status=InquiryStatus.CLOSED) & Q(first_replied_at__isnull=True, reply_due_at__lt=now),
        ),
    )
    result.received = totals["received"]
    result.received_before = totals["received_before"]
    result.open_now = totals["open_now"]
    result.overdue_now = totals["overdue_now"]
    areas = area_names()
    result.breakdowns = breakdowns(in_window, areas)
    result.trend, result.reply_trend = trend(inquiries, window)

    result.overall = _service_level(_("All inquiries"), service_level_figures(inquiries, window)[0])
    handler_rows = service_level_figures(inquiries, window, "assignee")
    users = get_user_model().objects.in_bulk([row["assignee"] for row in handler_rows if row["assignee"]])
    result.by_handler = [_service_level(handler_name(users.get(row["assignee"])), row) for row in handler_rows]
    result.by_handler.sort(key=lambda level: level.label)
    result.by_area = [
        _service_level(areas.get(row["area"], _("Not stated")) if row["area"] else _("Not stated"), row)
        for row in service_level_figures(inquiries, window, "area")
    ]
    result.by_area.sort(key=lambda level: str(level.label))
    result.overdue = overdue_list(inquiries, now)
    return result
