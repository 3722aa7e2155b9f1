"""The index follows the content: publish, edit, archive and delete are in the next search
(and the next page, cached or not); drafts and archived entries never are; the rebuild
command recreates it."""

import html
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from ftzportal.publication import PublicationStatus
from search.engine import run_search
from search.models import SearchDocument
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db
TITLE_RE = re.compile(r'class="search-result-title"><a [^>]*>(.*?)</a>')


def titles(client, query):
    """The result titles of the page as served (from the response cache or not)."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [html.unescape(strip_tags(title)) for title in TITLE_RE.findall(response.content.decode())]


def save(entry, callbacks, **changes):
    """A write as the admin makes it: committed, so the content version moves."""
    with callbacks(execute=True):
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.save()


def test_publish_edit_archive_are_in_the_next_search(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enterprise = EnterpriseFactory(name="Walnut Press", publication_status=PublicationStatus.DRAFT)
    assert titles(client, "walnut") == []
    save(enterprise, django_capture_on_commit_callbacks, publication_status=PublicationStatus.PUBLISHED)
    assert titles(client, "walnut") == ["Walnut Press"]
    save(enterprise, django_capture_on_commit_callbacks, name="Almond Press")
    assert titles(client, "walnut") == []
    assert titles(client, "almond") == ["Almond Press"]
    save(enterprise, django_capture_on_commit_callbacks, publication_status=PublicationStatus.ARCHIVED)
    assert titles(client, "almond") == []


def test_a_deleted_entry_leaves_the_index(db):
    project = ProjectFactory(name="Quince orchard")
    assert run_search("quince").total == 1
    project.delete()
    assert run_search("quince").total == 0
    assert not SearchDocument.objects.filter(kind="project", object_id=project.pk).exists()


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED])
def test_unpublished_entries_never_appear(client, db, status, django_capture_on_commit_callbacks):
    area = AreaFactory(name="Mulberry Area", publication_status=status)
    IndustryFactory(name="Mulberry silk", publication_status=status)
    IncentiveFactory(title="Mulberry grant", publication_status=status)
    EnterpriseFactory(name="Mulberry Co.", publication_status=status, area=area)
    ProjectFactory(name="Mulberry farm", publication_status=status)
    EnterpriseFactory(name="Published mulberry trader")
    assert titles(client, "mulberry") == ["Published mulberry trader"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_search_index", "--no-progress", verbosity=0)
    assert titles(client, "mulberry") == ["Published mulberry trader"]
    assert client.get("/api/v1/search/", {"q": "mulberry"}).json()["count"] == 1


def test_relation_changes_reach_the_document(places):
    enterprise = EnterpriseFactory(name="Ginkgo Traders", area=places["horgos"])
    assert run_search("ginkgo textile").total == 0
    enterprise.industries.add(places["textiles"])
    assert run_search("ginkgo textile").total == 1
    places["textiles"].enterprises.remove(enterprise)
    assert run_search("ginkgo textile").total == 0


def test_an_entry_has_a_document_per_language_it_is_written_in(places):
    documents = SearchDocument.objects.filter(kind="enterprise", title__in=["Port Logistics Co.", "Oasis Logistics"])
    by_title = {}
    for document in documents:
        by_title.setdefault(document.title, set()).add(document.language)
    assert by_title == {"Port Logistics Co.": {"en"}, "Oasis Logistics": {"en"}}
    languages = set(
        SearchDocument.objects.filter(kind="enterprise", url__endswith="/port-logistics/").values_list(
            "language", flat=True
        )
    )
    assert languages == {"en", "zh-hans", "ru"}


def test_rebuild_recreates_the_index_with_a_progress_bar(places, capsys):
    SearchDocument.objects.all().delete()
    assert run_search("logistics").total == 0
    call_command("rebuild_search_index")
    out, err = capsys.readouterr()
    assert "Indexed 6 published entries" in out  # 2 areas, 1 industry, 3 enterprises
    assert "100%" in err and "6/6" in err
    assert run_search("logistics").total == 2


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED])
def test_an_unpublished_area_or_industry_name_finds_none_of_its_entries(db, status):
    """Pages show a draft or archived area or industry of an entry as nothing; so does search."""
    area = AreaFactory(name="Hazel Grove", publication_status=status)
    industry = IndustryFactory(name="Pecan growing", publication_status=status)
    EnterpriseFactory(name="Nut Traders", area=area, industries=[industry])
    ProjectFactory(name="Nut orchard", area=area, industry=industry)
    IncentiveFactory(title="Nut grant", industries=[industry])
    assert run_search("nut").total == 3
    assert run_search("hazel").total == run_search("pecan").total == 0


def test_stored_vectors_are_the_weighted_vectors_of_each_language(places):
    """The batch INSERT computes the vectors in the database: each equals SearchVector of the
    document's own text, with its language's configuration and weights A/B/C."""
    from django.contrib.postgres.search import SearchVector
    from django.db import connection
    from django.db.models import Value

    from search.indexing import TEXT_SEARCH_CONFIG

    if connection.vendor != "postgresql":
        pytest.skip("the vectors are PostgreSQL's (SQLite searches its FTS5 table)")

    documents = list(SearchDocument.objects.filter(kind="enterprise"))
    assert {document.language for document in documents} == {"en", "zh-hans", "ru"}
    for document in documents:
        config = TEXT_SEARCH_CONFIG[document.language]
        name = SearchVector(Value(document.a_text), config=config, weight="A")
        whole = (
            name
            + SearchVector(Value(document.b_text), config=config, weight="B")
            + SearchVector(Value(document.c_text), config=config, weight="C")
        )
        expected = SearchDocument.objects.filter(pk=document.pk).annotate(name=name, whole=whole).get()
        assert document.name_vector == expected.name
        assert document.search_vector == expected.whole
        assert document.search_vector  # not an empty vector: the text was indexed
