"""Every fact of the real data is exactly as true as its source, and provably so: each
entry quotes its source verbatim, and each number it publishes is in its own quote, with
the source's qualifier, kind of money and scope. A wrong number, a dropped "more than", a
plan shown as a contract or a commentator's idea shown as a measure cannot be loaded.

The five articles are kept in portal/data/seeds/ (copied from shared/seeds/), so the
check runs wherever the code does."""

import calendar
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ftzportal.fact_check import occurrences, qualifier_before
from ftzportal.facts import MoneyKind, Qualifier
from investments.models import Enterprise, Project
from portal.management.commands.load_ftz_data import DATA_FILE
from zones.models import (
    Area,
    AreaIndustry,
    Facility,
    Figure,
    FigureScope,
    Incentive,
    IncentiveStatement,
    Industry,
    Milestone,
    Zone,
)

pytestmark = pytest.mark.django_db

SEEDS = DATA_FILE.parent / "seeds"
SHARED_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
QUOTED_MODELS = [Zone, Area, AreaIndustry, Industry, Incentive, Facility, Milestone, Figure, Enterprise, Project]
MONTHS = list(calendar.month_name)[1:]


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}


def entries(model):
    manager = model._base_manager
    rows = manager.exclude(is_sample=True) if hasattr(model, "is_sample") else manager.all()
    if hasattr(model, "publication_status"):
        rows = rows.filter(publication_status="published")
    return list(rows.select_related("source"))


def sentence_around(text: str, match: re.Match) -> str:
    start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    end = min((i for i in (text.find(". ", match.end()), text.find("\n", match.end())) if i != -1), default=len(text))
    return text[start:end]


def test_the_kept_articles_are_the_shared_ones():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout; portal/data/seeds is the copy in use")
    assert sorted(path.name for path in SEEDS.glob("*.txt")) == sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    for path in SHARED_SEEDS.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_fact_quotes_its_source_verbatim(real_data, articles):
    checked = 0
    for model in QUOTED_MODELS:
        for entry in entries(model):
            label = f"{model.__name__} {getattr(entry, 'slug', entry)}"
            assert entry.source is not None, f"{label} names no source"
            assert entry.quote.strip(), f"{label} has no quote of its source"
            article = articles[entry.source.seed_file]
            for line in entry.quote.splitlines():
                assert line.strip() in article, f"{label}: not in {entry.source.seed_file}: {line!r}"
                checked += 1
    assert checked >= 60


def check_number(label: str, value, quote: str, qualifier: str = Qualifier.EXACT) -> list[re.Match]:
    found = occurrences(quote, value)
    assert found, f"{label}: {value} is not in its quote"
    stated = {qualifier_before(quote, match) for match in found}
    assert qualifier in stated, f"{label}: shown as {qualifier or 'exact'}, the source says {stated}"
    return found


def test_every_number_is_in_its_own_quote_with_its_qualifier(real_data):
    zone = Zone.objects.get()
    check_number("zone size", zone.total_area_km2, zone.quote)
    for area in entries(Area):
        check_number(f"{area.slug} size", area.area_km2, area.quote)
    for figure in entries(Figure):
        check_number(f"figure {figure.slug}", figure.value, figure.quote, figure.qualifier)
    for project in entries(Project):
        if project.value is not None:
            check_number(f"project {project.slug}", project.value, project.quote, project.value_qualifier)


def test_money_is_of_the_kind_its_source_says(real_data):
    def kind_in(sentence: str) -> str:
        sentence = sentence.lower()
        if "plan" in sentence:
            return MoneyKind.PLANNED
        if "contracted" in sentence or "signed" in sentence:
            return MoneyKind.CONTRACTED
        return MoneyKind.INVESTED

    money = [(f"project {p.slug}", p.value, p.quote, p.value_kind) for p in entries(Project) if p.value is not None]
    money += [(f"figure {f.slug}", f.value, f.quote, f.money_kind) for f in entries(Figure) if f.money_kind]
    assert money
    for label, value, quote, kind in money:
        kinds = {kind_in(sentence_around(quote, match)) for match in occurrences(quote, value)}
        assert kinds == {kind}, f"{label}: shown as {kind}, the source says {kinds}"


def test_planned_money_is_never_counted_as_contracted(real_data):
    planned = Project.objects.get(slug="central-asia-international-manufacturing-trade-park")
    assert planned.value_kind == MoneyKind.PLANNED
    assert not [row for row in Project.objects.published().contracted_totals() if row["count"]]


def test_a_figure_of_another_place_is_never_an_areas(real_data):
    for figure in entries(Figure):
        quote = figure.quote.lower()
        if figure.scope == FigureScope.AREA:
            assert figure.area is not None, figure.slug
            assert "prefecture" not in quote, f"{figure.slug}: the source speaks of the prefecture"
        else:
            assert figure.area is None, f"{figure.slug} describes {figure.scope}, not an area"
    trade = Figure.objects.get(slug="kashgar-foreign-trade-2023-q1-q3")
    assert (trade.scope, trade.scope_name, trade.area) == (FigureScope.PREFECTURE, "Kashi Prefecture", None)


def test_dates_are_stated_or_say_how_they_were_worked_out(real_data):
    def stated(day: date, quote: str) -> bool:
        return f"{MONTHS[day.month - 1]} {day.day}" in quote and (str(day.year) in quote)

    zone = Zone.objects.get()
    assert stated(zone.established_on, zone.quote)
    for area in entries(Area):
        if area.inaugurated_on:
            assert stated(area.inaugurated_on, area.quote) or area.inaugurated_on_basis, area.slug
    for milestone in entries(Milestone):
        assert stated(milestone.happened_on, milestone.quote) or milestone.date_basis, milestone.slug
    kashgar = Area.objects.get(slug="kashgar")
    assert "Saturday" in kashgar.quote and "Saturday" in kashgar.inaugurated_on_basis
    # Not stated by the source, so not shown: when the enterprise settled, whether it is foreign-invested.
    enterprise = Enterprise.objects.get(slug="zhejiang-trade-enterprise-kashgar")
    assert (enterprise.settled_on, enterprise.is_foreign_invested) == (None, None)


def test_commentary_and_plans_are_never_incentives(real_data, articles):
    opinion = {name for name, text in articles.items() if "author's opinions" in text or "(The author is" in text}
    assert opinion == {"000_940ab2ac83bb37fc.txt", "004_3c687e9786bb21c0.txt"}
    for incentive in Incentive._base_manager.filter(publication_status="published"):
        if incentive.source.seed_file in opinion:
            assert incentive.statement == IncentiveStatement.COMMENTARY, incentive.slug
        if "next" in incentive.quote.lower() and "task" in incentive.quote.lower():
            assert incentive.statement == IncentiveStatement.PLAN, incentive.slug
    listed = set(Incentive.objects.published().values_list("slug", flat=True))
    assert "foreign-talent-visa-residence" not in listed
    assert "high-standard-rules-alignment" not in listed
    assert "green-channels-farm-products" not in listed
    assert {"foreign-investment-service-guarantee", "overseas-financial-institutions"} <= listed


def test_statuses_are_the_sources_own_words(real_data):
    for project in entries(Project):
        words = project.quote.lower()
        if project.status == "signed":
            assert "signed" in words, project.slug
        if project.status == "introduced":
            assert "introduced" in words, project.slug


@pytest.mark.parametrize(
    ("field", "wrong"),
    [("value", "18000000000"), ("qualifier", ""), ("money_kind", MoneyKind.PLANNED)],
)
def test_the_check_fails_on_a_wrong_fact(real_data, field, wrong):
    """The checks above catch each kind of error (positive control)."""
    figure = Figure.objects.get(slug="kashgar-contracted-value")
    setattr(figure, field, Decimal(wrong) if field == "value" else wrong)
    figure.save()
    with pytest.raises(AssertionError):
        test_every_number_is_in_its_own_quote_with_its_qualifier(None)
        test_money_is_of_the_kind_its_source_says(None)
