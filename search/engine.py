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

The backend is picked by the database vendor: PostgreSQL full-text search (GIN-indexed
`search_vector`, SearchRank) or SQLite's FTS5 trigram table. Both are given the same
parsed query and give the same results for the behaviour above (tests/search/ runs on
both).
"""

from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Max, Q, QuerySet, Value, When
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


class PostgresBackend:
    """GIN-indexed tsvector (english, russian or simple configuration per language,
    weights A/B/C) queried with one tsquery of key prefixes; ranked by SearchRank."""

    def tsquery(self, parsed: ParsedQuery) -> str:
        groups = []
        for term in parsed.terms:
            alternatives = [" & ".join(_lexemes(key) for key in term.keys(s)) for s in term.spellings]
            groups.append("(" + " | ".join(f"({a})" for a in alternatives if a) + ")")
        return " & ".join(groups)

    def matching(self, parsed: ParsedQuery) -> tuple[QuerySet, object]:
        query = SearchQuery(self.tsquery(parsed), search_type="raw", config="simple")
        documents = SearchDocument.objects.filter(search_vector=query)
        for term in parsed.terms:
            if term.phrase:
                documents = documents.filter(_phrase_q(term))
        return documents, SearchRank(F("search_vector"), query)

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

    def matching(self, parsed: ParsedQuery) -> tuple[QuerySet, object]:
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


@dataclass
class Search:
    query: str
    parsed: ParsedQuery
    entries: QuerySet | list  # dicts: kind, object_id, is_sample, rank; best first
    counts: dict[str, int]  # per kind, over every kind (the type filter does not apply)
    corrected: str | None = None  # the query the results are for, when the typed words matched nothing
    keys: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _run(parsed: ParsedQuery, kind: str | None, area: str | None) -> tuple[QuerySet, dict]:
    documents, rank = backend().matching(parsed)
    documents = in_area(documents, area)
    counts = dict(
        documents.order_by()
        .values("kind")
        .annotate(entries=Count("object_id", distinct=True))
        .values_list("kind", "entries")
    )
    if kind:
        documents = documents.filter(kind=kind)
    entries = (
        documents.values("kind", "object_id", "is_sample")
        .annotate(rank=Max(rank))
        .order_by("-rank", "is_sample", "kind", "object_id")
    )
    return entries, {value: counts.get(value, 0) for value in Kind.values}


def correct(parsed: ParsedQuery) -> ParsedQuery | None:
    """The query with each word that matches nothing replaced by the closest word of the
    index (Kashgr → kashgar), or None when no word could be corrected."""
    engine = backend()
    terms, changed = [], False
    for term in parsed.terms:
        correctable = not term.phrase and len(term.text) >= MIN_TYPO_LENGTH and not CJK_RUN_RE.search(term.text)
        if correctable and not engine.matching(ParsedQuery([term]))[0].exists():
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
    entries, counts = _run(expanded, kind, area)
    corrected = None
    if not any(counts.values()):
        fixed = correct(parsed)
        if fixed is not None:
            fixed_expanded = expand_aliases(fixed)
            fixed_entries, fixed_counts = _run(fixed_expanded, kind, area)
            if any(fixed_counts.values()):
                entries, counts, expanded, corrected = fixed_entries, fixed_counts, fixed_expanded, fixed.text
    keys = [key for term in expanded.terms for key in ([term.text] if term.phrase else term.all_keys())]
    return Search(text, expanded, entries, counts, corrected, keys)


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
