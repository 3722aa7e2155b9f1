"""A query that matches more entries of a type than search.engine.COUNT_CAP: its counts stop
there and say so, and its results are its name matches, then the other matches in the
order of the listing index, read only as far as the page needs. The cap is lowered here
so that a few rows make a broad query; CI runs this file on SQLite and PostgreSQL."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import engine
from search.engine import run_search
from tests.factories import AreaFactory, EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap(monkeypatch):
    monkeypatch.setattr(engine, "COUNT_CAP", 3)
    return 3


@pytest.fixture
def cotton(db):
    """Six enterprises with cotton only in their description, one named for it, two projects."""
    area = AreaFactory(slug="kashgar", name="Kashgar")
    body_only = EnterpriseFactory.create_batch(
        6, name=factory.Sequence(lambda n: f"Mill {n:02d}"), description="Spins cotton.", area=area
    )
    named = EnterpriseFactory(name="Cotton Works", area=area)
    ProjectFactory.create_batch(2, name=factory.Sequence(lambda n: f"Cotton yard {n}"), area=area)
    return {"named": named, "body_only": body_only}


def test_counts_stop_at_the_cap_and_say_which_types_have_more(cap, cotton):
    search = run_search("cotton")
    assert search.counts["enterprise"] == cap
    assert search.counts["project"] == 2
    assert search.more == {"enterprise"}


def test_a_broad_query_lists_name_matches_first_then_the_rest_in_index_order(cap, cotton):
    ids = [(entry["kind"], entry["object_id"]) for entry in run_search("cotton", kind="enterprise").entries]
    # As many as the count says: the first COUNT_CAP.
    assert ids == [("enterprise", cotton["named"].pk), *(("enterprise", e.pk) for e in cotton["body_only"][:2])]


def test_a_narrow_query_is_still_ranked_whole(cap, cotton):
    search = run_search("cotton", kind="project")
    assert search.more == {"enterprise"}  # counts are over every type
    assert len(search.entries) == 2
    assert all(entry["kind"] == "project" for entry in search.entries)


def test_the_page_says_more_than_the_count(client, cap, cotton):
    content = client.get("/search/", {"q": "cotton"}).content.decode()
    assert 'Enterprises <span class="count">3+</span>' in content
    assert 'Projects <span class="count">2</span>' in content
    assert "More than 5 results; the first 5 are listed." in content
    content = client.get("/ru/search/", {"q": "cotton", "type": "enterprise"}).content.decode()
    assert "Более 3 результатов; показаны первые 3." in content


def test_the_api_says_which_counts_are_capped(api, cap, cotton):
    data = api.get("/api/v1/search/", {"q": "cotton"}).json()
    assert data["count"] == 5 and data["count_capped"] is True
    assert data["counts"]["enterprise"] == 3 and data["counts_capped"] == ["enterprise"]
    data = api.get("/api/v1/search/", {"q": "cotton", "type": "project"}).json()
    assert data["count"] == 2 and data["count_capped"] is False
    assert data["counts_capped"] == ["enterprise"]


def test_a_broad_page_reads_only_as_many_matches_as_it_shows(monkeypatch, cap, cotton):
    """What makes a broad query fast: its counts stop at the cap (LIMIT) and its results are
    read in index order (LIMIT), never ranked all together (ORDER BY the rank)."""
    monkeypatch.setattr(engine, "BROAD_MATCHES", 1)
    with CaptureQueriesContext(connection) as queries:
        search = run_search("cotton")
        page = search.entries[0:5]  # the three name matches, then two others
    assert len(page) == 5
    searched = [query["sql"] for query in queries if "search_searchdocument" in query["sql"]]
    assert not [sql for sql in searched if "ORDER BY 4 DESC" in sql]  # the rank (4th column)
    # is_sample, kind, object_id: the listing index's order
    listing = [sql for sql in searched if "ORDER BY 3 ASC, 1 ASC, 2 ASC" in sql]
    # the other matches than names, and the names too where many documents' names match
    assert listing and all("LIMIT" in sql for sql in listing)
    if connection.vendor == "postgresql":
        # Each type's count stops at the cap; the enterprises, whose matches in the sample
        # (here the whole table) are over the cap, are not counted at all.
        [counts] = [sql for sql in searched if "UNION ALL" in sql]
        assert counts.count(f"LIMIT {cap + 1}") == 7
        assert "'enterprise'" not in counts
        assert search.more == {"enterprise"} and search.counts["enterprise"] == cap


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_does_not_rank_every_match_of_a_broad_query(monkeypatch, cap, cotton):
    """EXPLAIN of the listing of a broad query: its order is the listing index's, so rows
    come from the index already sorted and the plan stops after the page (a Limit above no
    Sort of every match). A few rows are best read through the GIN index and sorted, so
    the other ways are switched off to ask whether this one exists."""
    monkeypatch.setattr(engine, "BROAD_MATCHES", 1)
    search = run_search("cotton")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = search.entries.rest[:2].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.lstrip().startswith("Limit")
    assert "search_document_listing" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize(
    ("hits", "sampled", "total", "over"),
    [
        (1001, 5000, 5000, True),  # the whole table sampled: the count is exact
        (1000, 5000, 5000, False),
        (100, 2000, 400_000, True),  # (100 - 4·10) · 200 = 12,000
        (16, 2000, 400_000, False),  # (16 - 4·4) · 200 = 0: not sure
        (15, 2000, 400_000, False),  # fewer than SURE_HITS
        (30, 2000, 20_000, False),  # (30 - 4·5.5) · 10 = 81: not sure
        (30, 2000, 400_000, True),  # · 200 = 1,618
    ],
)
def test_a_type_is_surely_over_the_cap_only_when_the_sample_says_so_with_margin(hits, sampled, total, over):
    assert engine._surely_over_cap(hits, sampled, total) is over


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_probe_counts_each_type_in_the_area(cap, cotton):
    """The sample (the whole table, here) names the types with more matches than the cap in
    the area searched: the enterprises of Kashgar, none elsewhere."""
    from search.text import parse

    backend = engine.PostgresBackend()
    parsed = engine.expand_aliases(parse("cotton"))
    assert backend.plan(parsed).surely_more == {"enterprise"}
    assert backend.plan(parsed, "kashgar").surely_more == {"enterprise"}
    AreaFactory(slug="horgos", name="Horgos")
    assert backend.plan(parsed, "horgos").surely_more == set()
    assert run_search("cotton", area="horgos").total == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_few_name_matches_are_read_through_the_name_index(cap, cotton):
    """EXPLAIN of the name lookup as the search runs it: through the GIN index of names,
    whatever the planner guesses of a key prefix's matches (it read the whole table)."""
    from search.text import parse

    backend = engine.PostgresBackend()
    named = backend.named(engine.expand_aliases(parse("cotton")))
    with backend.through_index(), connection.cursor() as cursor:
        sql, params = named.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_document_name_gin" in plan
    assert "Seq Scan" not in plan
