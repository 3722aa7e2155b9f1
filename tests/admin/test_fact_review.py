"""Curators keep the facts true (issue 17, point 7): the source and its quote beside the
values they support, a warning when a number is not in its quote (or the quote qualifies
it otherwise) or a quote line is not in its article, and reviews that do not go stale."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.formats import date_format

from ftzportal import fact_check
from ftzportal.curation_admin import CuratedAdmin, LastReviewedFilter
from ftzportal.facts import Qualifier
from investments.models import Project
from investments.resources import ProjectResource
from portal.management.commands.setup_roles import CURATOR, PUBLISHER
from tests.factories import AreaFactory, IncentiveFactory, ProjectFactory, SourceFactory, UserFactory, ZoneFactory
from zones.models import Area, Figure, Incentive, Zone

from .conftest import change_url, changelist_url, client_for

KASHGAR_QUOTE = (
    "The first 35 enterprises are settling in, with contracted project funds of more than "
    "17.6 billion yuan ($2.4 billion)."
)
ARTICLE = f"Kashgar opens its area.\n{KASHGAR_QUOTE} Officials said more would follow.\n"


# --- The matcher (pure functions) ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("17600000000", "funds of 17600000000 yuan"),
        ("17600000000", "funds of 17,600,000,000 yuan"),
        ("17600000000", "funds of 17.6 billion yuan"),
        ("17600000000", "funds of 17.6billion yuan"),
        ("1000000000", "a park of 1 billion yuan"),
        ("89.70", "up 89.7 percent year-on-year"),
        ("5", "five ports"),
        ("5", "Five ports open"),
        ("12", "twelve lines"),
        ("5", "5 ports, at the end: 5."),
    ],
)
def test_a_number_is_found_in_any_writing(value, text):
    assert fact_check.occurrences(text, Decimal(value))
    assert fact_check.number_problems(Decimal(value), text) == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("5", "15 ports"),
        ("5", "1.5 ports"),
        ("5", "5.5 ports"),
        ("5", "5,000 ports"),
        ("5", "5 billion yuan"),
        ("1.5", "11.5 km"),
        ("17600000000", "117.6 billion yuan"),
        ("5", "someone fivefold"),
        ("61040000000", "61.04 million yuan"),
    ],
)
def test_a_number_inside_another_is_not_found(value, text):
    assert fact_check.occurrences(text, Decimal(value)) == []
    assert fact_check.number_problems(Decimal(value), text) == [
        f"{fact_check.grouped(Decimal(value))} is not in what the source says."
    ]


def test_the_qualifier_before_a_number_is_read_through_a_currency():
    assert fact_check.stated_qualifiers(KASHGAR_QUOTE, Decimal("17600000000")) == {Qualifier.MORE_THAN}
    assert fact_check.stated_qualifiers("nearly CNY 5 million", Decimal("5000000")) == {Qualifier.NEARLY}
    assert fact_check.stated_qualifiers(KASHGAR_QUOTE, Decimal("35")) == {Qualifier.EXACT}
    # "over" as a word, not the end of "turnover".
    assert fact_check.stated_qualifiers("a turnover 5 times", Decimal("5")) == {Qualifier.EXACT}


def test_more_than_in_the_quote_but_no_qualifier_is_a_problem():
    problems = fact_check.number_problems(Decimal("17600000000"), KASHGAR_QUOTE, Qualifier.EXACT)
    assert problems == ["The source says “more than” 17,600,000,000, but no qualifier is set."]
    assert fact_check.number_problems(Decimal("17600000000"), KASHGAR_QUOTE, Qualifier.MORE_THAN) == []


def test_a_qualifier_the_quote_does_not_give_is_a_problem():
    assert fact_check.number_problems(Decimal("35"), KASHGAR_QUOTE, Qualifier.ABOUT) == [
        "The source states 35 exactly, but the qualifier is “about”."
    ]


def test_quote_lines_missing_from_the_article():
    quote = f"{KASHGAR_QUOTE}\n\nThe area has 50 enterprises."
    assert fact_check.lines_not_in(quote, ARTICLE) == ["The area has 50 enterprises."]
    assert fact_check.lines_not_in(KASHGAR_QUOTE, ARTICLE) == []


def test_an_article_is_read_only_from_its_folder(settings, tmp_path):
    settings.SOURCE_ARTICLES_DIR = tmp_path / "seeds"
    settings.SOURCE_ARTICLES_DIR.mkdir()
    (settings.SOURCE_ARTICLES_DIR / "kashgar.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not an article", encoding="utf-8")
    assert fact_check.article_text("kashgar.txt") == ARTICLE
    assert fact_check.article_text("../secret.txt") is None
    assert fact_check.article_text("missing.txt") is None
    assert fact_check.article_text("") is None


# --- The change form -----------------------------------------------------------------


@pytest.fixture
def articles(settings, tmp_path):
    settings.SOURCE_ARTICLES_DIR = tmp_path
    (tmp_path / "kashgar.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def kashgar_figure(db):
    area = AreaFactory(slug="kashgar")
    source = SourceFactory(
        title="Kashgar area opens",
        publisher="China Daily",
        published_on=datetime.date(2023, 11, 12),
        seed_file="kashgar.txt",
    )
    return Figure.objects.create(
        slug="kashgar-contracted-value",
        zone=area.zone,
        area=area,
        label_en="Contracted project funds",
        value=Decimal("17600000000"),
        qualifier=Qualifier.MORE_THAN,
        money_kind="contracted",
        unit_en="CNY",
        source=source,
        quote=KASHGAR_QUOTE,
        publication_status="published",
    )


def form_data(response, **changes):
    """The change form as the browser would post it back, with `changes`."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return {**data, **changes, "_continue": "Save"}


def warnings(response) -> list[str]:
    """The warning messages of a save, each without the “entry”: that names the figure."""
    messages = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]
    assert all(message.startswith("“Contracted project funds") for message in messages), messages
    return [message.split("”: ", 1)[1] for message in messages]


def test_the_change_form_shows_the_quote_and_its_source_beside_the_value(superuser_client, kashgar_figure):
    response = superuser_client.get(change_url(kashgar_figure))
    sections = {title: list(options["fields"]) for title, options in response.context["adminform"].fieldsets}
    beside_value = next(fields for fields in sections.values() if "value" in fields)
    assert {"source", "quote", "source_preview", "fact_check", "qualifier"} <= set(beside_value)
    content = response.content.decode()
    assert f"<blockquote><p>{KASHGAR_QUOTE}</p></blockquote>" in content
    assert "— Kashgar area opens, China Daily, Nov. 12, 2023" in content


def test_the_check_field_names_a_number_missing_from_its_quote(superuser_client, kashgar_figure, articles):
    Figure.objects.filter(pk=kashgar_figure.pk).update(value=Decimal("18000000000"))
    content = superuser_client.get(change_url(kashgar_figure)).content.decode()
    assert "18,000,000,000 is not in what the source says." in content
    assert "Every line stands verbatim in kashgar.txt." in content


def test_the_check_field_confirms_a_number_in_its_quote(superuser_client, kashgar_figure, articles):
    content = superuser_client.get(change_url(kashgar_figure)).content.decode()
    assert "17,600,000,000 is in what the source says." in content
    assert "is not in what the source says" not in content


def test_saving_a_figure_whose_value_is_not_in_its_quote_warns_but_saves(superuser_client, kashgar_figure, articles):
    url = change_url(kashgar_figure)
    response = superuser_client.post(url, form_data(superuser_client.get(url), value="18000000000"))
    assert response.status_code == 302
    kashgar_figure.refresh_from_db()
    assert kashgar_figure.value == Decimal("18000000000")
    assert warnings(response) == ["18,000,000,000 is not in what the source says."]


def test_saving_a_figure_whose_value_is_in_its_quote_gives_no_warning(superuser_client, kashgar_figure, articles):
    url = change_url(kashgar_figure)
    response = superuser_client.post(url, form_data(superuser_client.get(url), label_en="Contracted funds"))
    assert response.status_code == 302
    assert warnings(response) == []


def test_saving_without_the_qualifier_the_quote_gives_warns(superuser_client, kashgar_figure, articles):
    url = change_url(kashgar_figure)
    response = superuser_client.post(url, form_data(superuser_client.get(url), qualifier=""))
    assert response.status_code == 302
    assert warnings(response) == ["The source says “more than” 17,600,000,000, but no qualifier is set."]


def test_saving_a_quote_line_not_in_the_article_warns(superuser_client, kashgar_figure, articles):
    url = change_url(kashgar_figure)
    quote = f"{KASHGAR_QUOTE}\nThe area has 50 enterprises."
    response = superuser_client.post(url, form_data(superuser_client.get(url), quote=quote))
    assert warnings(response) == ["Not found verbatim in kashgar.txt: “The area has 50 enterprises.”"]


def test_zone_area_and_project_numbers_are_checked_against_their_quotes(db):
    zone = ZoneFactory(total_area_km2=Decimal("179.66"), quote="The zone covers 179.66 square kilometers.")
    area = AreaFactory(zone=zone, area_km2=Decimal("50"), quote="The Kashgar area covers 50.2 square kilometers.")
    project = ProjectFactory(area=area, value=Decimal("1000000000"), quote="A park of about 1 billion yuan.")
    assert admin.site._registry[Zone].fact_problems(zone) == []
    assert admin.site._registry[Area].fact_problems(area) == ["50 is not in what the source says."]
    assert admin.site._registry[Project].fact_problems(project) == [
        "The source says “about” 1,000,000,000, but no qualifier is set."
    ]
    project.value_qualifier = Qualifier.ABOUT
    assert admin.site._registry[Project].fact_problems(project) == []


# --- Reviews -------------------------------------------------------------------------


def test_every_curated_changelist_has_the_last_reviewed_filter_and_column():
    curated = [model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, CuratedAdmin)]
    assert len(curated) == 9
    for model_admin in curated:
        assert LastReviewedFilter in model_admin.list_filter, model_admin
        assert "last_reviewed" in model_admin.list_display, model_admin


@pytest.fixture
def reviews(db):
    today = timezone.localdate()
    return {
        "never": IncentiveFactory(last_reviewed=None),
        "old": IncentiveFactory(last_reviewed=today - datetime.timedelta(days=200)),
        "fresh": IncentiveFactory(last_reviewed=today - datetime.timedelta(days=10)),
    }


def listed(client, model, **params) -> set:
    return set(client.get(changelist_url(model), params).context["cl"].result_list)


@pytest.mark.parametrize(
    ("choice", "expected"), [("never", {"never"}), ("older", {"old"}), ("stale", {"never", "old"})]
)
def test_the_last_reviewed_filter(client, make_staff, reviews, choice, expected):
    client_for(client, make_staff(CURATOR))
    assert listed(client, Incentive, review=choice) == {reviews[name] for name in expected}


def test_the_review_age_comes_from_the_setting(client, make_staff, reviews, settings):
    settings.FACT_REVIEW_DAYS = 7
    client_for(client, make_staff(CURATOR))
    assert listed(client, Incentive, review="older") == {reviews["old"], reviews["fresh"]}
    assert "More than 7 days ago" in client.get(changelist_url(Incentive)).content.decode()


def test_the_changelist_shows_the_review_date(superuser_client, reviews):
    content = superuser_client.get(changelist_url(Incentive)).content.decode()
    assert "column-last_reviewed" in content
    assert f'<td class="field-last_reviewed nowrap">{date_format(reviews["fresh"].last_reviewed)}</td>' in content


def mark_reviewed(client, entries):
    model = type(entries[0])
    return client.post(
        changelist_url(model),
        {"action": "mark_reviewed_today", "_selected_action": [entry.pk for entry in entries], "index": 0},
    )


@pytest.mark.parametrize("role", [CURATOR, PUBLISHER])
def test_mark_as_reviewed_today_sets_the_date_and_nothing_else(client, make_staff, reviews, role):
    old = reviews["old"]
    updated_at = old.updated_at
    user = make_staff(role)
    mark_reviewed(client_for(client, user), [old])
    old.refresh_from_db()
    assert old.last_reviewed == timezone.localdate()
    assert old.updated_at == updated_at, "a review is not a change of the entry"
    latest = old.history.latest()
    assert (latest.history_user, latest.last_reviewed) == (user, timezone.localdate())


def test_mark_as_reviewed_today_is_refused_without_change_permission(client, reviews):
    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_incentive"))
    old = reviews["old"]
    client_for(client, viewer)
    action_form = client.get(changelist_url(Incentive)).context["action_form"]
    offered = {name for name, _label in action_form.fields["action"].choices} if action_form else set()
    assert "mark_reviewed_today" not in offered
    mark_reviewed(client, [old])
    old.refresh_from_db()
    assert old.last_reviewed == timezone.localdate() - datetime.timedelta(days=200)


# --- Spreadsheets ---------------------------------------------------------------------


def test_project_spreadsheet_carries_the_quote_and_how_the_value_is_stated(db):
    project = ProjectFactory(quote="A park of about 1 million yuan.", value_kind="planned", value_qualifier="about")
    row = ProjectResource().export(Project.objects.all()).dict[0]
    assert (row["quote"], row["value_kind"], row["value_qualifier"]) == (project.quote, "planned", "about")
    dataset = tablib.Dataset(
        [project.slug, "Changed quote.", "contracted", ""], headers=["slug", "quote", "value_kind", "value_qualifier"]
    )
    # A published entry changes by spreadsheet only in a Publisher's hands (a Curator's
    # change waits for review: tests/admin/test_workflow_and_roles.py).
    publisher = UserFactory(is_staff=True, is_superuser=True)
    result = ProjectResource().import_data(dataset, dry_run=False, user=publisher)
    assert not result.has_errors() and not result.has_validation_errors()
    project.refresh_from_db()
    assert (project.quote, project.value_kind, project.value_qualifier) == ("Changed quote.", "contracted", "")
