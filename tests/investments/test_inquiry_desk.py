"""The inquiry desk's figures (investments.desk) equal what the test counts itself, by
other means, on generated inquiries: periods from the calendar in local time, counts with
Counter, medians and percentiles with the statistics module."""

import random
import statistics
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from investments.desk import desk
from investments.models import ChineseProvince, Inquiry, InquirySource, InquiryStatus
from tests.factories import AreaFactory, IndustryFactory, InquiryFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE, written out: the test does not ask the code
# A Wednesday afternoon, local time: the week began on Monday 16 November, the quarter on 1 October.
NOW = datetime(2026, 11, 18, 15, 30, tzinfo=LOCAL)
ORIGINS = [("KG", ""), ("KZ", ""), ("DE", ""), ("", ""), ("CN", "zhejiang"), ("CN", "guangdong")]


def in_period(period, moment):
    """Whether `moment` falls in this week, month or quarter of NOW, by the calendar."""
    local, now = moment.astimezone(LOCAL), NOW
    if period == "week":
        return local.isocalendar()[:2] == now.isocalendar()[:2]
    if period == "month":
        return (local.year, local.month) == (now.year, now.month)
    return (local.year, (local.month - 1) // 3) == (now.year, (now.month - 1) // 3)


@pytest.fixture
def generated():
    """120 inquiries over the 200 days before NOW: random statuses, areas, industries,
    origins, sources, handlers, reply and close times. Returns them as plain dicts (what
    the test counts from), read back from the database after all writes."""
    rng = random.Random(21)
    areas = [AreaFactory(name_en=f"Area {n}") for n in range(3)] + [None]
    industries = [IndustryFactory(name_en=f"Industry {n}") for n in range(2)] + [None]
    handlers = [UserFactory(username=f"handler{n}") for n in range(2)] + [None]
    for _n in range(120):
        created = NOW - timedelta(minutes=rng.randint(1, 200 * 24 * 60))
        status = rng.choice(list(InquiryStatus))
        replied = created + timedelta(minutes=rng.randint(10, 5 * 24 * 60)) if rng.random() < 0.7 else None
        if status in (InquiryStatus.ANSWERED, InquiryStatus.CLOSED) and replied is None:
            replied = created + timedelta(hours=3)
        closed = (replied or created) + timedelta(minutes=rng.randint(60, 9 * 24 * 60)) if status == "closed" else None
        if replied and replied > NOW:
            replied = None if status not in ("answered", "closed") else NOW - timedelta(minutes=1)
        if closed and closed > NOW:
            closed = NOW - timedelta(seconds=30)
        country, province = rng.choice(ORIGINS)
        inquiry = InquiryFactory(
            area=rng.choice(areas),
            industry=rng.choice(industries),
            assignee=rng.choice(handlers),
            status=status,
            country=country,
            province=province,
            source=rng.choice(list(InquirySource)),
        )
        # created_at is set on insert; the past is written afterwards.
        Inquiry.objects.filter(pk=inquiry.pk).update(
            created_at=created,
            reply_due_at=created + timedelta(hours=rng.choice([24, 48])),
            first_replied_at=replied,
            closed_at=closed,
        )
    return list(
        Inquiry.objects.values(
            "pk",
            "status",
            "created_at",
            "reply_due_at",
            "first_replied_at",
            "closed_at",
            "country",
            "province",
            "source",
            "area__name_en",
            "industry__name_en",
            "assignee__username",
        )
    )


def label_counts(breakdown_rows):
    return {str(label): n for label, n in breakdown_rows}


def breakdown(figures, key):
    return next(b for b in figures.breakdowns if b.key == key)


def origin_label(country, province):
    if province:
        return f"{ChineseProvince(province).label}, China"
    return {"KG": "Kyrgyzstan", "KZ": "Kazakhstan", "DE": "Germany", "": "Not stated"}[country]


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_counts_by_status_area_industry_origin_and_source_match_an_independent_count(generated, period):
    received = [row for row in generated if in_period(period, row["created_at"])]
    assert received, "the generated data must have inquiries in every period"
    figures = desk(period=period, now=NOW)

    assert figures.received == len(received)
    assert label_counts(breakdown(figures, "by-status").rows) == {
        str(InquiryStatus(status).label): n for status, n in Counter(row["status"] for row in received).items()
    }
    assert label_counts(breakdown(figures, "by-area").rows) == dict(
        Counter(row["area__name_en"] or "Not stated" for row in received)
    )
    assert label_counts(breakdown(figures, "by-industry").rows) == dict(
        Counter(row["industry__name_en"] or "Not stated" for row in received)
    )
    assert label_counts(breakdown(figures, "by-origin").rows) == dict(
        Counter(origin_label(row["country"], row["province"]) for row in received)
    )
    assert label_counts(breakdown(figures, "by-source").rows) == {
        str(InquirySource(source).label): n for source, n in Counter(row["source"] for row in received).items()
    }


def test_open_and_overdue_now_match_an_independent_count(generated):
    figures = desk(period="week", now=NOW)
    open_rows = [row for row in generated if row["status"] != "closed"]
    overdue = [row for row in open_rows if row["first_replied_at"] is None and row["reply_due_at"] < NOW]
    assert overdue, "the generated data must have overdue inquiries"
    assert figures.open_now == len(open_rows)
    assert figures.overdue_now == len(overdue)
    # The most overdue first, and only overdue ones.
    expected = sorted(overdue, key=lambda row: (row["reply_due_at"], row["pk"]))[: len(figures.overdue)]
    assert [inquiry.pk for inquiry in figures.overdue] == [row["pk"] for row in expected]


def test_previous_period_count_matches(generated):
    week_start = datetime(2026, 11, 16, tzinfo=LOCAL)
    before = [row for row in generated if week_start - timedelta(days=7) <= row["created_at"] < week_start]
    assert desk(period="week", now=NOW).received_before == len(before)


def hours_between(end, start):
    return (end - start).total_seconds() / 3600


@pytest.mark.parametrize("period", ["month", "quarter"])
def test_median_and_90th_percentile_to_first_reply_and_close_match_the_statistics_module(generated, period):
    figures = desk(period=period, now=NOW)
    replied = [row for row in generated if row["first_replied_at"] and in_period(period, row["first_replied_at"])]
    closed = [row for row in generated if row["closed_at"] and in_period(period, row["closed_at"])]
    reply_hours = [hours_between(row["first_replied_at"], row["created_at"]) for row in replied]
    close_hours = [hours_between(row["closed_at"], row["created_at"]) for row in closed]
    assert len(reply_hours) > 3 and len(close_hours) > 3

    overall = figures.overall
    assert overall.replied == len(replied)
    assert overall.closed == len(closed)
    assert overall.replied_on_time == sum(row["first_replied_at"] <= row["reply_due_at"] for row in replied)
    # percentile_cont is the "inclusive" method (linear between closest ranks).
    assert overall.reply_median == pytest.approx(statistics.median(reply_hours), abs=0.051)
    assert overall.reply_p90 == pytest.approx(statistics.quantiles(reply_hours, n=10, method="inclusive")[8], abs=0.051)
    assert overall.close_median == pytest.approx(statistics.median(close_hours), abs=0.051)
    assert overall.close_p90 == pytest.approx(statistics.quantiles(close_hours, n=10, method="inclusive")[8], abs=0.051)


def test_service_levels_per_handler_and_per_area_match(generated):
    figures = desk(period="quarter", now=NOW)
    replied = [row for row in generated if row["first_replied_at"] and in_period("quarter", row["first_replied_at"])]

    def medians(key, missing):
        groups = {}
        for row in replied:
            groups.setdefault(row[key] or missing, []).append(hours_between(row["first_replied_at"], row["created_at"]))
        return {label: (len(values), statistics.median(values)) for label, values in groups.items()}

    by_handler = {level.label: (level.replied, level.reply_median) for level in figures.by_handler if level.replied}
    by_area = {str(level.label): (level.replied, level.reply_median) for level in figures.by_area if level.replied}
    for found, expected in (
        (by_handler, medians("assignee__username", "Unassigned")),
        (by_area, medians("area__name_en", "Not stated")),
    ):
        assert found.keys() == expected.keys()
        for label, (count, median) in expected.items():
            assert found[label][0] == count
            assert found[label][1] == pytest.approx(median, abs=0.051)


def test_trend_counts_each_of_the_last_twelve_weeks(generated):
    figures = desk(period="week", now=NOW)
    columns = figures.trend.columns
    assert len(columns) == 12
    week_start = datetime(2026, 11, 16, tzinfo=LOCAL)
    for index, column in enumerate(columns):
        start = week_start - timedelta(weeks=11 - index)
        expected = sum(start <= row["created_at"] < start + timedelta(weeks=1) for row in generated)
        assert column.value == expected, (index, column.label)


def test_trend_of_months_and_quarters_adds_up_to_the_received_counts(generated):
    # Twelve months from December 2025; twelve quarters from October 2023.
    for period, first_day in (
        ("month", datetime(2025, 12, 1, tzinfo=LOCAL)),
        ("quarter", datetime(2023, 10, 1, tzinfo=LOCAL)),
    ):
        figures = desk(period=period, now=NOW)
        assert figures.trend.columns[-1].value == figures.received
        assert sum(column.value for column in figures.trend.columns) == sum(
            row["created_at"] >= first_day for row in generated
        )


def test_area_filter_counts_only_that_area(generated):
    area = AreaFactory._meta.model.objects.get(name_en="Area 1")
    figures = desk(period="quarter", area=area, now=NOW)
    expected = [
        row for row in generated if row["area__name_en"] == "Area 1" and in_period("quarter", row["created_at"])
    ]
    assert figures.received == len(expected)
    assert label_counts(breakdown(figures, "by-area").rows) == {"Area 1": len(expected)}


def test_an_empty_desk_has_no_figures_and_no_error():
    figures = desk(period="month", now=timezone.now())
    assert figures.received == 0
    assert figures.charts == []
    assert figures.overall.reply_median is None
    assert [column.value for column in figures.trend.columns] == [0] * 12


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_the_reply_trend_is_the_median_of_each_periods_inquiries(generated, period):
    figures = desk(period=period, now=NOW)
    received = [row for row in generated if in_period(period, row["created_at"]) and row["first_replied_at"]]
    if not received:  # nothing answered yet: no median, not zero
        assert figures.reply_trend.columns[-1].value is None
        return
    expected = statistics.median(hours_between(row["first_replied_at"], row["created_at"]) for row in received)
    assert figures.reply_trend.columns[-1].value == pytest.approx(expected, abs=0.051)
    assert figures.reply_trend.columns[-1].label == figures.trend.columns[-1].label
