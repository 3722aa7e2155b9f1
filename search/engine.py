"""The one interface to the search index: `run_search(text, kind=, area=)` gives ranked
entries (one per entry, whatever languages matched), counts per kind, and the corrected
query when the typed words matched nothing; `display(entries)` gives what a page shows.

How a query matches (search.text has the details):
- every term must match (AND), in any field and order; a term is a word, a "quoted
  phrase", or an area's name with all its spellings (the area's `aliases`, so Kashi,
  Kashgar, 喀什 and Кашгар find each other);
- a word matches words that start with its key (stemmed), Chinese matches inside longer
  Chinese text;
- a name match ranks above a summary match above a body-only match.

A query that matches more than COUNT_CAP entries of a type is *broad*: its counts stop at
COUNT_CAP ("1,000+"), and its results are its name matches, then the other matches in the
order of an index (real entries first, then by type and age), as far as the page needs;
ranking every one of 130,000 matches took seconds. A narrower query is ranked whole.

The backend is picked by the database vendor: PostgreSQL full-text search (GIN-indexed
`search_vector`, SearchRank) or SQLite's FTS5 trigram table. Both are given the same
parsed query and give the same results for the behaviour above (tests/search/ runs on
both).
"""

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, FloatField, Max, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from zones.models import Area

from .indexing import DEFAULT_LANGUAGE
from .models import Kind, SearchDocument, SearchWord
from .text import (
    CJK_RUN_RE,
    MIN_TYPO_LENGTH,
    TOKEN_RE,
    ParsedQuery,
    Term,
    best_correction,
    cjk_grams,
    highlight,
    normalize,
    parse,
)

TEXT_FIELDS = ("a_text", "b_text", "c_text")
# SQLite's trigram index matches substrings of three characters or more; shorter keys
# (most Chinese words are two characters) are found by LIKE on the same table.
FTS_MIN_KEY = 3
SQLITE_WEIGHTS = {"a_text": 1.0, "b_text": 0.4, "c_text": 0.2}
CORRECTION_CANDIDATES = 50
# Counts per type stop here: a broad query's exact count costs a read of every match.
COUNT_CAP = 1000
# PostgreSQL: each query is first tried on a random sample of about PROBE_ROWS documents
# (a few ms), to tell a term that most documents carry from a rare one; a term estimated
# to match more than BROAD_MATCHES documents is not looked up in the GIN index, which
# would list every match, but checked on the rows found by other means.
PROBE_ROWS = 2000
BROAD_MATCHES = 5000
# A type with this many matches in the sample, whose count's lower bound (SURE_SIGMAS
# standard deviations below it) scaled to the table is over COUNT_CAP, surely has more than
# COUNT_CAP matches: its count is not read. Counting a type with 3,600 matches in 100,000
# took 50 ms of a query's 60 (benchmarks/README.md, "Search speed").
SURE_HITS = 16
SURE_SIGMAS = 4


# ---------------------------------------------------------------- aliases


def alias_groups() -> list[set[str]]:
    """The spellings of each published area that name it as one word (its aliases and
    one-word names), normalised: the area data is the one list of them."""
    groups = []
    for area in Area.objects.published():
        names = [area.name_en, area.name_zh_hans, area.name_ru, *area.alias_list]
        spellings = {normalize(name) for name in names if name and len(TOKEN_RE.findall(normalize(name))) == 1}
        if spellings:
            groups.append(spellings)
    return groups


def expand_aliases(parsed: ParsedQuery) -> ParsedQuery:
    groups = alias_groups()
    terms = []
    for term in parsed.terms:
        group = next((group for group in groups if not term.phrase and term.text in group), None)
        terms.append(Term(term.text, spellings=[term.text, *sorted(group - {term.text})]) if group else term)
    return ParsedQuery(terms)


# ---------------------------------------------------------------- backends


def _lexemes(key: str) -> str:
    if CJK_RUN_RE.fullmatch(key):
        grams = cjk_grams(key) if len(key) <= 2 else [key[i : i + 2] for i in range(len(key) - 1)]
        return " & ".join(f"'{gram}'" for gram in (grams[-1:] if len(key) <= 2 else grams))
    return f"'{key}':*"


def _phrase_q(term: Term) -> Q:
    q = Q()
    for name in TEXT_FIELDS:
        q |= Q(**{f"{name}__contains": term.text})
    return q


@dataclass
class Plan:
    """How PostgreSQL looks a query up, from a sample of the documents (PostgresBackend.plan):
    which terms the GIN index finds (the rare ones), and whether the query is broad."""

    indexed: list[int] | None = None  # positions of the terms found through the index; None: all
    broad: bool = False
    broad_names: bool = False  # the query matches the names of many documents
    found: list[bool] = field(default_factory=list)  # per term: the sample has a match
    surely_more: set[str] = field(default_factory=set)  # types surely over COUNT_CAP (not counted)


def _surely_over_cap(hits: int, sampled: int, total: float) -> bool:
    """Whether `hits` matches among `sampled` rows of `total` mean more than COUNT_CAP in all,
    for a lower bound of SURE_SIGMAS standard deviations (the whole table sampled: exact)."""
    if sampled >= total:
        return hits > COUNT_CAP
    return hits >= SURE_HITS and (hits - SURE_SIGMAS * hits**0.5) * total / sampled > COUNT_CAP


def _unindexed(tsquery: str) -> RawSQL:
    # The COALESCE hides the column from the planner: the condition is checked on the rows
    # the other terms found, instead of listing its own (many) matches from the index.
    return RawSQL(
        "COALESCE(search_vector, ''::tsvector) @@ to_tsquery('simple', %s)", [tsquery], output_field=BooleanField()
    )


class PostgresBackend:
    """GIN-indexed tsvector (english, russian or simple configuration per language,
    weights A/B/C) queried with one tsquery of key prefixes; ranked by SearchRank."""

    def term_tsquery(self, term: Term) -> str:
        alternatives = [" & ".join(_lexemes(key) for key in term.keys(s)) for s in term.spellings]
        return "(" + " | ".join(f"({a})" for a in alternatives if a) + ")"

    def tsquery(self, parsed: ParsedQuery) -> str:
        return " & ".join(self.term_tsquery(term) for term in parsed.terms)

    def plan(self, parsed: ParsedQuery, area: str | None = None) -> Plan:
        """Count the matches of each term, of the whole query (in the area, per type), and of
        its names, in a repeatable random sample of the documents' pages (about PROBE_ROWS
        rows, whatever the table's size)."""
        term_tsqueries = [self.term_tsquery(term) for term in parsed.terms]
        whole = self.tsquery(parsed)
        table = SearchDocument._meta.db_table
        rows = f"(SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass)"
        terms = ", ".join(f"search_vector @@ to_tsquery('simple', %s) AS term_{i}" for i in range(len(term_tsqueries)))
        in_area = "(area_slugs LIKE %s OR area_slugs = '|*|')" if area else "true"
        area_params = [f"%|{area}|%"] if area else []
        counts = ", ".join(
            [f"count(*) FILTER (WHERE term_{i})" for i in range(len(term_tsqueries))]
            + ["count(*) FILTER (WHERE whole)", "count(*) FILTER (WHERE named)"]
            + ["count(*) FILTER (WHERE whole AND in_area AND kind = %s)" for _kind in Kind.values]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), {rows}, {counts} FROM ("
                f"SELECT kind, {terms}, search_vector @@ to_tsquery('simple', %s) AS whole, "
                f"name_vector @@ to_tsquery('simple', %s) AS named, {in_area} AS in_area "
                f"FROM {table} "
                f"TABLESAMPLE SYSTEM (LEAST(100, %s * 100.0 / GREATEST(1, {rows}))) REPEATABLE (19)"
                ") sampled",
                [*Kind.values, *term_tsqueries, whole, whole, *area_params, PROBE_ROWS],
            )
            sampled, total, *hits = cursor.fetchone()
        term_hits, (whole_hits, name_hits), kind_hits = (
            hits[: len(term_tsqueries)],
            hits[len(term_tsqueries) : len(term_tsqueries) + 2],
            hits[len(term_tsqueries) + 2 :],
        )
        scale = max(total, sampled) / max(sampled, 1)
        return Plan(
            indexed=[index for index, count in enumerate(term_hits) if count * scale <= BROAD_MATCHES] or None,
            broad=whole_hits * scale > BROAD_MATCHES,
            broad_names=name_hits * scale > BROAD_MATCHES,
            found=[count > 0 for count in term_hits],
            surely_more={
                kind
                for kind, count in zip(Kind.values, kind_hits, strict=True)
                if _surely_over_cap(count, sampled, max(total, sampled))
            },
        )

    @contextmanager
    def in_index_order(self):
        """Read the next query's rows in the order of a B-tree index, as far as its LIMIT:
        the planner, which cannot estimate how many documents a key prefix matches, would
        otherwise list every match of a broad query from the GIN index first."""
        with self.through_index(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('enable_bitmapscan', 'off', true)")
            yield

    @contextmanager
    def through_index(self):
        """Read the next query's rows through an index: the planner estimates thousands of
        matches for any key prefix and reads the whole table (220 ms) for the four documents
        whose names match "kashgar" (0.4 ms through the name index). Without parallel
        workers: two cores serve several searches at once."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('max_parallel_workers_per_gather', '0', true)"
            )
            yield

    def matching(self, parsed: ParsedQuery, plan: Plan | None = None) -> tuple[QuerySet, object]:
        query = SearchQuery(self.tsquery(parsed), search_type="raw", config="simple")
        indexed = plan.indexed if plan and plan.indexed else range(len(parsed.terms))
        looked_up = ParsedQuery([parsed.terms[index] for index in indexed])
        documents = SearchDocument.objects.filter(
            search_vector=SearchQuery(self.tsquery(looked_up), search_type="raw", config="simple")
        )
        for index, term in enumerate(parsed.terms):
            if index not in indexed:
                documents = documents.filter(_unindexed(self.term_tsquery(term)))
            if term.phrase:
                documents = documents.filter(_phrase_q(term))
        return documents, SearchRank(F("search_vector"), query)

    def name_q(self, parsed: ParsedQuery) -> Q:
        return Q(name_vector=SearchQuery(self.tsquery(parsed), search_type="raw", config="simple"))

    def named(self, parsed: ParsedQuery) -> QuerySet:
        """The documents whose name matches (a name match is a match): looked up in the name
        index alone, not also in the whole text's, which lists every match of a broad word."""
        documents = SearchDocument.objects.filter(self.name_q(parsed))
        for term in parsed.terms:
            if term.phrase:
                documents = documents.filter(_phrase_q(term))
        return documents

    def capped_counts(self, documents: QuerySet, plan: Plan) -> dict[str, int] | None:
        """Entries per kind, each count stopping at COUNT_CAP + 1, for a broad query: each
        kind's matches read in the order of an index, only until the cap (one query).
        None for a narrow query, whose matches are few enough to count them all."""
        if not plan.broad:
            return None
        counts = dict.fromkeys(plan.surely_more, COUNT_CAP + 1)
        parts, params = [], []
        for kind in (kind for kind in Kind.values if kind not in counts):
            capped = documents.filter(kind=kind).order_by("object_id").values("object_id").distinct()
            sql, kind_params = capped[: COUNT_CAP + 1].query.sql_with_params()
            parts.append(f"SELECT %s, (SELECT count(*) FROM ({sql}) capped)")
            params += [kind, *kind_params]
        if parts:
            with self.in_index_order(), connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                counts.update(cursor.fetchall())
        return counts

    def exists(self, parsed: ParsedQuery, found_in_sample: bool) -> bool:
        # Not .exists(): with LIMIT 1 the planner scans the table for a match of a word that
        # has none (245 ms); a count of a word the sample did not find is read from the index.
        return found_in_sample or self.matching(parsed)[0].count() > 0

    def correction_candidates(self, word: str) -> list[str]:
        return list(
            SearchWord.objects.filter(TrigramSimilar(F("word"), word))
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity")
            .values_list("word", flat=True)[:CORRECTION_CANDIDATES]
        )


class SqliteBackend:
    """FTS5 table with the trigram tokenizer over the index text (migration 0002), LIKE for
    keys shorter than a trigram; ranked by the weight of the best field each term is in."""

    def _term_q(self, term: Term, fields=TEXT_FIELDS) -> Q:
        q = Q()
        for spelling in term.spellings:
            keys = [term.text] if term.phrase else term.keys(spelling)
            spelling_q = Q()
            for key in keys:
                key_q = Q()
                for name in fields:
                    key_q |= Q(**{f"{name}__contains": key})
                spelling_q &= key_q
            q |= spelling_q
        return q

    def _fts(self, term: Term) -> str | None:
        keys_by_spelling = [[term.text] if term.phrase else term.keys(s) for s in term.spellings]
        if any(len(key) < FTS_MIN_KEY for keys in keys_by_spelling for key in keys):
            return None
        alternatives = [
            " AND ".join('"{}"'.format(key.replace('"', '""')) for key in keys) for keys in keys_by_spelling
        ]
        return "(" + " OR ".join(f"({a})" for a in alternatives) + ")"

    def plan(self, parsed: ParsedQuery, area: str | None = None) -> Plan:
        return Plan(found=[False] * len(parsed.terms))

    def capped_counts(self, documents: QuerySet, plan: Plan) -> dict[str, int] | None:
        return None  # SQLite holds the quickstart's data: every count is read whole.

    def exists(self, parsed: ParsedQuery, found_in_sample: bool) -> bool:
        return self.matching(parsed)[0].exists()

    def in_index_order(self):
        return nullcontext()

    def through_index(self):
        return nullcontext()

    def name_q(self, parsed: ParsedQuery) -> Q:
        q = Q()
        for term in parsed.terms:
            q &= self._term_q(term, ["a_text"])
        return q

    def named(self, parsed: ParsedQuery) -> QuerySet:
        return self.matching(parsed)[0].filter(self.name_q(parsed))

    def matching(self, parsed: ParsedQuery, plan: Plan | None = None) -> tuple[QuerySet, object]:
        documents = SearchDocument.objects.all()
        fts = [expression for expression in map(self._fts, parsed.terms) if expression]
        if fts:
            documents = documents.filter(
                pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [" AND ".join(fts)])
            )
        for term in parsed.terms:
            if self._fts(term) is None or term.phrase:
                documents = documents.filter(self._term_q(term))
        rank = sum(
            (
                Case(
                    *(When(self._term_q(term, [name]), then=Value(weight)) for name, weight in SQLITE_WEIGHTS.items()),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                for term in parsed.terms
            ),
            Value(0.0),
        )
        return documents, rank

    def correction_candidates(self, word: str) -> list[str]:
        trigrams = {word[i : i + 3] for i in range(len(word) - 2)}
        q = Q()
        for trigram in trigrams:
            q |= Q(word__contains=trigram)
        return list(SearchWord.objects.filter(q).values_list("word", flat=True)[: CORRECTION_CANDIDATES * 10])


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


# ---------------------------------------------------------------- the search


def in_area(documents: QuerySet, area: str | None) -> QuerySet:
    if not area:
        return documents
    return documents.filter(Q(area_slugs__contains=f"|{area}|") | Q(area_slugs="|*|"))


class Entries:
    """The matching entries, best first, as a Paginator reads them (`count()` and slices):
    dicts of kind, object_id, is_sample and rank, one per entry whatever languages matched.

    A narrow query's entries are ranked whole (`ranked`); a broad one's are its name
    matches (`names`, up to COUNT_CAP), then the rest (`rest`), both in the order of the
    listing index, each slice read as far as it goes."""

    ORDER = ("is_sample", "kind", "object_id")

    def __init__(self, total: int, ranked: QuerySet | None = None, names=None, rest=None, engine=None):
        self.total, self.ranked, self.names, self.rest, self.engine = total, ranked, names, rest, engine
        self._names: list | None = None

    def count(self) -> int:
        return self.total

    __len__ = count

    def __iter__(self):
        return iter(self[: self.total])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, min(self.total, self.total if index.stop is None else index.stop)
        if stop <= start:
            return []
        if self.ranked is not None:
            return list(self.ranked[start:stop])
        if self._names is None:
            self._names = self.names()
        page = self._names[start:stop]
        if stop > len(self._names):
            with self.engine.in_index_order():
                page += list(self.rest[max(0, start - len(self._names)) : stop - len(self._names)])
        return page


@dataclass
class Search:
    query: str
    parsed: ParsedQuery
    entries: Entries | list  # dicts: kind, object_id, is_sample, rank; best first
    counts: dict[str, int]  # per kind, over every kind (the type filter does not apply), at most COUNT_CAP
    corrected: str | None = None  # the query the results are for, when the typed words matched nothing
    keys: list[str] = field(default_factory=list)
    more: set[str] = field(default_factory=set)  # the kinds with more than COUNT_CAP entries

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _counts(engine, documents: QuerySet, plan: Plan) -> dict[str, int]:
    """Entries per kind, each at most COUNT_CAP + 1."""
    counts = engine.capped_counts(documents, plan)
    if counts is None:
        counts = dict(
            documents.order_by()
            .values("kind")
            .annotate(entries=Count("object_id", distinct=True))
            .values_list("kind", "entries")
        )
    return {value: min(counts.get(value, 0), COUNT_CAP + 1) for value in Kind.values}


def _names(named: QuerySet, engine, plan: Plan) -> list[dict]:
    """The first COUNT_CAP name matches in the listing order: read in that order when many
    names match; else all of them, through the name index, sorted here."""
    if plan.broad_names:
        with engine.in_index_order():
            return list(named.order_by(*Entries.ORDER)[:COUNT_CAP])
    with engine.through_index():
        return sorted(named.order_by(), key=itemgetter(*Entries.ORDER))[:COUNT_CAP]


def _run(parsed: ParsedQuery, kind: str | None, area: str | None) -> tuple[Entries, dict, set, Plan]:
    engine = backend()
    plan = engine.plan(parsed, area)
    documents, rank = engine.matching(parsed, plan)
    documents = in_area(documents, area)
    counts = _counts(engine, documents, plan)
    more = {value for value, count in counts.items() if count > COUNT_CAP}
    counts = {value: min(count, COUNT_CAP) for value, count in counts.items()}
    named = in_area(engine.named(parsed), area)
    if kind:
        documents, named = documents.filter(kind=kind), named.filter(kind=kind)
    listed = documents.values("kind", "object_id", "is_sample").annotate(rank=Max(rank))
    total = counts[kind] if kind else sum(counts.values())
    if (kind in more) if kind else more:
        name_q = engine.name_q(parsed)
        entries = Entries(
            total,
            names=partial(_names, named.values(*Entries.ORDER).annotate(rank=Max(rank)), engine, plan),
            rest=listed.exclude(name_q).order_by(*Entries.ORDER),
            engine=engine,
        )
    else:
        entries = Entries(total, ranked=listed.order_by("-rank", *Entries.ORDER))
    return entries, counts, more, plan


def correct(parsed: ParsedQuery, plan: Plan) -> ParsedQuery | None:
    """The query with each word that matches nothing replaced by the closest word of the
    index (Kashgr → kashgar), or None when no word could be corrected."""
    engine = backend()
    terms, changed = [], False
    for index, term in enumerate(parsed.terms):
        correctable = not term.phrase and len(term.text) >= MIN_TYPO_LENGTH and not CJK_RUN_RE.search(term.text)
        if correctable and not engine.exists(ParsedQuery([term]), plan.found[index]):
            replacement = best_correction(term.text, engine.correction_candidates(term.text))
            if replacement:
                terms.append(Term(replacement))
                changed = True
                continue
        terms.append(Term(term.text, phrase=term.phrase))
    return ParsedQuery(terms) if changed else None


def run_search(text: str, *, kind: str | None = None, area: str | None = None) -> Search:
    parsed = parse(text or "")
    if not parsed:
        return Search(text, parsed, [], dict.fromkeys(Kind.values, 0))
    expanded = expand_aliases(parsed)
    entries, counts, more, plan = _run(expanded, kind, area)
    corrected = None
    if not any(counts.values()):
        fixed = correct(parsed, plan)
        if fixed is not None:
            fixed_expanded = expand_aliases(fixed)
            fixed_entries, fixed_counts, fixed_more, _plan = _run(fixed_expanded, kind, area)
            if any(fixed_counts.values()):
                entries, counts, more, expanded = fixed_entries, fixed_counts, fixed_more, fixed_expanded
                corrected = fixed.text
    keys = [key for term in expanded.terms for key in ([term.text] if term.phrase else term.all_keys())]
    return Search(text, expanded, entries, counts, corrected, keys, more)


# ---------------------------------------------------------------- display


@dataclass
class Result:
    kind: str
    kind_label: str
    object_id: int
    name: str  # plain text
    title: SafeString  # escaped, matches in <mark>
    url: str
    snippet: SafeString
    language: str
    is_sample: bool
    rank: float


def display(entries, keys: list[str], language: str | None = None) -> list[Result]:
    """The page's entries in the page language (English where an entry has no document in
    it), with highlighted titles and snippets. One query for any number of entries."""
    entries = list(entries)
    if not entries:
        return []
    language = language or get_language() or DEFAULT_LANGUAGE
    wanted = Q()
    for kind in {entry["kind"] for entry in entries}:
        wanted |= Q(kind=kind, object_id__in=[entry["object_id"] for entry in entries if entry["kind"] == kind])
    documents: dict[tuple, dict[str, SearchDocument]] = {}
    for document in SearchDocument.objects.filter(wanted).defer("a_text", "b_text", "c_text", "search_vector"):
        documents.setdefault((document.kind, document.object_id), {})[document.language] = document
    labels = dict(Kind.choices)
    results = []
    for entry in entries:
        by_language = documents.get((entry["kind"], entry["object_id"]))
        if not by_language:
            continue  # removed since the page was counted
        shown = by_language.get(language) or by_language.get(DEFAULT_LANGUAGE) or next(iter(by_language.values()))
        results.append(
            Result(
                kind=entry["kind"],
                kind_label=labels[entry["kind"]],
                object_id=entry["object_id"],
                name=shown.title,
                title=highlight(shown.title, keys, length=500),
                url=shown.url,
                snippet=highlight(_snippet_text(shown, by_language, keys), keys),
                language=shown.language,
                is_sample=entry["is_sample"],
                rank=float(entry["rank"] or 0),
            )
        )
    return results


def _snippet_text(shown: SearchDocument, by_language: dict, keys: list[str]) -> str:
    """The shown document's summary or body where a key occurs; else the text of another
    language where one does (a Chinese query on an English page); else the summary."""
    lowered = [key.casefold() for key in keys]
    candidates = [shown, *(document for document in by_language.values() if document is not shown)]
    for document in candidates:
        for text in (document.summary, document.body):
            if text and any(key in normalize(text) for key in lowered):
                return text
    return shown.summary or shown.body
