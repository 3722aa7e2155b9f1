"""Documents that carry another entry's name follow it: renaming an area, industry or
enterprise (in any language), changing an area's slug or archiving it re-indexes the
entries that carry it, in a background task enqueued with the save; the next search (and
the next page, cached or not) finds them by the new name only."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ftzportal import tasks
from ftzportal.content_version import database_content_version
from ftzportal.publication import PublicationStatus
from search import indexing
from search.engine import run_search
from search.models import Kind, SearchDocument
from tests.factories import (
    AreaFactory,
    EnterpriseFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustryFactory,
    MilestoneFactory,
    ProjectFactory,
    SourceFactory,
)
from tests.search.test_index import titles
from zones.models import Figure, FigureScope

pytestmark = pytest.mark.django_db

AREA_DEPENDENTS = {Kind.ENTERPRISE, Kind.PROJECT, Kind.FACILITY, Kind.FIGURE, Kind.MILESTONE}


def translated(english, russian, chinese, field="name"):
    return {field: english, f"{field}_ru": russian, f"{field}_zh_hans": chinese}


@pytest.fixture
def grove(db):
    """An area, an industry and an enterprise, each carried by other entries' documents
    (which are written in every language, so each language's documents carry the names)."""
    area = AreaFactory(slug="walnut-grove", **translated("Walnut Grove", "Ореховая роща", "核桃园"))
    industry = IndustryFactory(**translated("Saffron", "Шафран", "藏红花"))
    enterprise = EnterpriseFactory(
        area=area, industries=[industry], **translated("Quince Holdings", "Айва Холдинг", "榅桲控股")
    )
    ProjectFactory(
        area=area, industry=industry, enterprise=enterprise, **translated("Lantern works", "Фонарный завод", "灯笼厂")
    )
    FacilityFactory(area=area, slug="bonded-depot", **translated("Bonded depot", "Таможенный склад", "保税仓"))
    MilestoneFactory(area=area, slug="ground-broken", **translated("Ground broken", "Начало стройки", "开工", "title"))
    Figure.objects.create(
        zone=area.zone,
        area=area,
        scope=FigureScope.AREA,
        value=Decimal("12"),
        source=SourceFactory(),
        publication_status=PublicationStatus.PUBLISHED,
        **translated("Freight trains", "Грузовые поезда", "货运列车", "label"),
    )
    spice_grant = translated("Spice grant", "Пряный грант", "香料补贴", "title")
    IncentiveFactory(areas=[area], industries=[industry], **spice_grant)
    return {"area": area, "industry": industry, "enterprise": enterprise}


def kinds_found(query, **filters) -> set[str]:
    return {kind for kind, count in run_search(query, **filters).counts.items() if count}


def save(entry, callbacks, **changes):
    """A write as the admin makes it: committed, so the content version moves."""
    with callbacks(execute=True):
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.save()


def run_enqueued_tasks(callbacks) -> int:
    """What `manage.py run_worker` does with the tasks enqueued so far (outside any
    transaction, so what a task leaves for after the commit happens at its end)."""
    ran = 0
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        with callbacks(execute=True):
            result.set_successful(result.task.call(*result.task_result.args, **result.task_result.kwargs))
        ran += 1
    return ran


@pytest.mark.parametrize(
    "field, old, new",
    [("name_en", "Walnut", "Chestnut"), ("name_ru", "Ореховая", "Каштановая"), ("name_zh_hans", "核桃园", "栗子园")],
)
def test_renaming_an_area_in_any_language_finds_its_entries_by_the_new_name(
    grove, django_capture_on_commit_callbacks, field, old, new
):
    assert kinds_found(old) == {Kind.AREA, *AREA_DEPENDENTS}
    save(grove["area"], django_capture_on_commit_callbacks, **{field: getattr(grove["area"], field).replace(old, new)})
    # The area's own documents follow at once; the entries that carry its name in the worker.
    assert kinds_found(new) == {Kind.AREA}

    assert run_enqueued_tasks(django_capture_on_commit_callbacks) == 1

    assert kinds_found(new) == {Kind.AREA, *AREA_DEPENDENTS}
    assert kinds_found(old) == set()


def test_renaming_an_industry_finds_its_entries_by_the_new_name(grove, django_capture_on_commit_callbacks):
    save(grove["industry"], django_capture_on_commit_callbacks, name="Cardamom", name_ru="Кардамон")
    run_enqueued_tasks(django_capture_on_commit_callbacks)
    expected = {Kind.INDUSTRY, Kind.ENTERPRISE, Kind.PROJECT, Kind.INCENTIVE}
    assert kinds_found("cardamom") == expected
    assert kinds_found("кардамон") == expected
    assert kinds_found("saffron") == kinds_found("шафран") == set()


def test_renaming_an_enterprise_finds_its_projects_by_the_new_name(grove, django_capture_on_commit_callbacks):
    save(grove["enterprise"], django_capture_on_commit_callbacks, name_zh_hans="柿子控股")
    run_enqueued_tasks(django_capture_on_commit_callbacks)
    assert kinds_found("柿子") == {Kind.ENTERPRISE, Kind.PROJECT}
    assert kinds_found("榅桲") == set()


def test_a_new_area_slug_reaches_the_area_filter_and_the_anchored_addresses(grove, django_capture_on_commit_callbacks):
    save(grove["area"], django_capture_on_commit_callbacks, slug="chestnut-grove")
    run_enqueued_tasks(django_capture_on_commit_callbacks)

    assert kinds_found("lantern", area="chestnut-grove") == {Kind.PROJECT}
    assert kinds_found("spice", area="chestnut-grove") == {Kind.INCENTIVE}
    assert kinds_found("lantern", area="walnut-grove") == kinds_found("spice", area="walnut-grove") == set()
    page = reverse("portal:area-detail", args=["chestnut-grove"])
    anchored = SearchDocument.objects.filter(kind__in=[Kind.FACILITY, Kind.FIGURE, Kind.MILESTONE], language="en")
    assert sorted(anchored.values_list("url", flat=True)) == [
        page,
        f"{page}#facility-bonded-depot",
        f"{page}#milestone-ground-broken",
    ]
    assert not SearchDocument.objects.filter(url__contains="walnut-grove").exists()  # nor in Russian or Chinese


def test_archiving_an_area_takes_its_name_out_of_its_entries_documents(grove, django_capture_on_commit_callbacks):
    """Pages show an archived area of an entry as nothing; searching its name finds
    nothing either, until it is published again."""
    save(grove["area"], django_capture_on_commit_callbacks, publication_status=PublicationStatus.ARCHIVED)
    run_enqueued_tasks(django_capture_on_commit_callbacks)
    assert kinds_found("walnut") == set()
    assert kinds_found("lantern") == {Kind.PROJECT}

    save(grove["area"], django_capture_on_commit_callbacks, publication_status=PublicationStatus.PUBLISHED)
    run_enqueued_tasks(django_capture_on_commit_callbacks)
    assert kinds_found("walnut") == {Kind.AREA, *AREA_DEPENDENTS}


def test_a_save_that_changes_nothing_its_entries_carry_enqueues_nothing(grove, django_capture_on_commit_callbacks):
    area, industry = grove["area"], grove["industry"]
    save(area, django_capture_on_commit_callbacks, summary="A new summary.", aliases="Hetaoyuan")
    save(area, django_capture_on_commit_callbacks, name="Walnut Grove")  # the name it already has
    save(industry, django_capture_on_commit_callbacks, description="Spice.")
    save(grove["enterprise"], django_capture_on_commit_callbacks, description="Dried fruit.")
    area.name = "Chestnut Grove"  # not written: only update_fields are
    area.save(update_fields=["summary"])
    draft = AreaFactory(name="Hazel Grove", publication_status=PublicationStatus.DRAFT)
    save(draft, django_capture_on_commit_callbacks, name="Pecan Grove")  # no document carries a draft's name
    # Every content change queues the open-data export (ftzportal.tasks); no re-indexing.
    assert not DBTaskResult.objects.exclude(task_path=f"{tasks.__name__}.export_open_data_files").exists()


def test_a_rolled_back_rename_enqueues_nothing(grove):
    with pytest.raises(RuntimeError), transaction.atomic():
        grove["area"].name = "Chestnut Grove"
        grove["area"].save()
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the curator's other change failed validation")
    assert DBTaskResult.objects.count() == 0


def test_the_content_version_moves_after_the_task_so_cached_pages_show_the_new_name(
    client, grove, django_capture_on_commit_callbacks
):
    save(grove["industry"], django_capture_on_commit_callbacks, name="Cardamom")
    assert titles(client, "cardamom") == ["Cardamom"]  # cached at the version of the save
    version = database_content_version()

    run_enqueued_tasks(django_capture_on_commit_callbacks)

    assert database_content_version() == version + 1
    assert sorted(titles(client, "cardamom")) == ["Cardamom", "Lantern works", "Quince Holdings", "Spice grant"]


def test_the_task_works_through_the_entries_in_batches(grove, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(indexing, "BATCH_SIZE", 2)
    for number in range(4):
        ProjectFactory(area=grove["area"], name=f"Orchard {number}")
    save(grove["area"], django_capture_on_commit_callbacks, name="Chestnut Grove")
    version = database_content_version()

    run_enqueued_tasks(django_capture_on_commit_callbacks)

    assert run_search("chestnut orchard").counts[Kind.PROJECT] == 4
    # 5 projects, the enterprise, facility, figure and milestone, the incentive
    assert DBTaskResult.objects.get(task_path__startswith="search.").return_value == 10
    assert database_content_version() == version + 1  # once, not once per batch


def test_deleting_an_industry_or_an_enterprise_takes_its_name_out_of_the_entries_that_carried_it(
    grove, django_capture_on_commit_callbacks
):
    """A delete removes the industry from its enterprises and incentives, and the enterprise
    from its projects, without a signal per entry: their documents are re-indexed by tasks
    enqueued with the delete."""
    sumac = IndustryFactory(**translated("Sumac", "Сумах", "漆树"))
    with django_capture_on_commit_callbacks(execute=True):
        grove["enterprise"].industries.add(sumac)
        incentive = grove["area"].incentives.get()
        incentive.industries.add(sumac)
    assert kinds_found("sumac") == kinds_found("漆树") == {Kind.INDUSTRY, Kind.ENTERPRISE, Kind.INCENTIVE}
    assert kinds_found("quince") == {Kind.ENTERPRISE, Kind.PROJECT}

    with django_capture_on_commit_callbacks(execute=True):
        sumac.delete()
        grove["enterprise"].delete()
    assert kinds_found("sumac") == {Kind.INCENTIVE}  # until the worker runs
    assert run_enqueued_tasks(django_capture_on_commit_callbacks) == 3  # incentives, enterprises, projects

    assert kinds_found("sumac") == kinds_found("сумах") == kinds_found("漆树") == set()
    assert kinds_found("quince") == kinds_found("榅桲") == set()
    assert kinds_found("lantern") == {Kind.PROJECT}  # the project itself is still found
    assert kinds_found("spice") == {Kind.INCENTIVE}


def test_a_refused_delete_enqueues_nothing(grove, django_capture_on_commit_callbacks):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        grove["industry"].delete()  # a project's industry (PROTECT)
    assert not DBTaskResult.objects.exists()
    assert kinds_found("saffron") >= {Kind.INDUSTRY, Kind.ENTERPRISE, Kind.PROJECT, Kind.INCENTIVE}
