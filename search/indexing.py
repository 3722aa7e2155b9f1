"""What goes into the search index, and the writes that keep it current.

Each indexed model is declared once in INDEXED: its kind, its published queryset shaped for
indexing, and what its document says in the active language. `index_entry` (called by the
signals after each commit) and `rebuild` (the management command) both build documents
with `documents_for`, so an entry is indexed the same way by either.

An entry gets an English document, and a document in each other language it has its own
name in (sample rows are English only; the page shows the English one in their place).

A document also reads related entries (`Indexed.relations`: the area, industries… an entry
belongs to). What it reads of them is declared in CARRIED; when that changes, the signals
enqueue `reindex_dependents_task` (search.tasks), which brings every dependent's documents
up to date in the background.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from ftzportal.content_version import bump_content_version
from ftzportal.publication import is_published_status, published_only, published_or_none
from investments.models import Enterprise, Project
from zones.models import Area, Facility, Figure, Incentive, Industry, Milestone

from .models import Kind, SearchDocument, SearchWord
from .text import index_text, vocabulary

DEFAULT_LANGUAGE = "en"
# PostgreSQL text search configuration of each language's documents: stemming for English
# and Russian; Chinese has no stemmer and is matched through its character pairs.
TEXT_SEARCH_CONFIG = {"en": "english", "ru": "russian", "zh-hans": "simple"}
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Text:
    title: str
    summary: str = ""
    body: str = ""
    also_a: str = ""  # indexed with the name, not shown (an area's other spellings)
    also_c: str = ""  # indexed with the body, not shown (the area, industry… it belongs to)


@dataclass(frozen=True)
class Indexed:
    kind: str
    model: type[Model]
    title_field: str
    queryset: Callable[[], QuerySet]
    text: Callable[[Model], Text]
    areas: Callable[[Model], str]
    url: Callable[[Model], str] = lambda entry: entry.get_absolute_url()
    # The relations `text`, `areas` and `url` read (what CARRIED declares of each): a
    # change there re-indexes this entry (`dependents_of`).
    relations: tuple[str, ...] = ()


def _name(related) -> str:
    """A related entry's name; nothing for a draft or archived one, which the pages show
    as nothing either (published_or_none), so its name finds nothing."""
    related = published_or_none(related)
    return related.name if related is not None else ""


def _names(related) -> str:
    return " ".join(entry.name for entry in published_only(related))


def _one_area(entry) -> str:
    return f"|{entry.area.slug}|" if entry.area_id else ""


def _anchored(entry, prefix: str) -> str:
    page = reverse("portal:area-detail", args=[entry.area.slug]) if entry.area_id else reverse("portal:home")
    return f"{page}#{prefix}-{entry.slug}" if prefix else page


INDEXED = [
    Indexed(
        Kind.AREA,
        Area,
        "name",
        lambda: Area.objects.published(),
        lambda area: Text(area.name, area.summary, area.positioning, also_a=area.aliases),
        lambda area: f"|{area.slug}|",
    ),
    Indexed(
        Kind.INDUSTRY,
        Industry,
        "name",
        lambda: Industry.objects.published(),
        lambda industry: Text(industry.name, industry.description),
        lambda industry: "",
    ),
    Indexed(
        Kind.INCENTIVE,
        Incentive,
        "title",
        lambda: Incentive.objects.published().prefetch_related("areas", "industries"),
        lambda incentive: Text(
            incentive.title,
            incentive.summary,
            "\n".join(part for part in (incentive.body, incentive.eligibility) if part),
            also_c=_names(incentive.industries.all()),
        ),
        lambda incentive: "|" + "|".join(sorted(area.slug for area in incentive.areas.all()) or ["*"]) + "|",
        relations=("areas", "industries"),
    ),
    Indexed(
        Kind.ENTERPRISE,
        Enterprise,
        "name",
        lambda: Enterprise.objects.published().select_related("area").prefetch_related("industries"),
        lambda enterprise: Text(
            enterprise.name,
            enterprise.description,
            also_c=" ".join([_name(enterprise.area), _names(enterprise.industries.all())]),
        ),
        _one_area,
        relations=("area", "industries"),
    ),
    Indexed(
        Kind.PROJECT,
        Project,
        "name",
        lambda: Project.objects.published().select_related("area", "industry", "enterprise"),
        lambda project: Text(
            project.name,
            project.description,
            also_c=" ".join([_name(project.area), _name(project.industry), _name(project.enterprise)]),
        ),
        _one_area,
        relations=("area", "industry", "enterprise"),
    ),
    Indexed(
        Kind.FACILITY,
        Facility,
        "name",
        lambda: Facility.objects.published().select_related("area"),
        lambda facility: Text(facility.name, facility.description, facility.state, also_c=_name(facility.area)),
        _one_area,
        lambda facility: _anchored(facility, "facility"),
        relations=("area",),
    ),
    Indexed(
        Kind.FIGURE,
        Figure,
        "label",
        lambda: Figure.objects.published().select_related("area"),
        lambda figure: Text(
            figure.label,
            " ".join(part for part in (figure.scope_name, figure.period) if part),
            figure.note,
            also_c=_name(figure.area),
        ),
        _one_area,
        lambda figure: _anchored(figure, ""),
        relations=("area",),
    ),
    Indexed(
        Kind.MILESTONE,
        Milestone,
        "title",
        lambda: Milestone.objects.published().select_related("area"),
        lambda milestone: Text(
            milestone.title, milestone.description, milestone.date_basis, also_c=_name(milestone.area)
        ),
        _one_area,
        lambda milestone: _anchored(milestone, "milestone"),
        relations=("area",),
    ),
]
BY_MODEL = {indexed.model: indexed for indexed in INDEXED}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Carried:
    """What the documents of other entries read of an entry of one model."""

    names: tuple[str, ...]  # its name in each language, read while it is published (`_name`)
    always: tuple[str, ...] = ()  # read whatever its status

    @property
    def fields(self) -> tuple[str, ...]:
        return ("publication_status", *self.names, *self.always)

    def of(self, values: Mapping[str, object]) -> tuple:
        """What is read of an entry with these field values (`fields`, as stored)."""
        published = is_published_status(values["publication_status"])
        # A name not written in a language may be stored as None or "": the same to a document.
        names = [values[field] or "" for field in self.names] if published else []
        return (*names, *(values[field] for field in self.always))


def _localized(field: str) -> tuple[str, ...]:
    return tuple(build_localized_fieldname(field, language) for language in languages())


CARRIED = {
    # An area's slug is in its entries' area_slugs and in the URLs anchored on its page.
    Area: Carried(_localized("name"), always=("slug",)),
    Industry: Carried(_localized("name")),
    Enterprise: Carried(_localized("name")),
}


def dependents_of(model) -> list[tuple[Indexed, str]]:
    """Each indexed model whose documents read entries of `model`, with the relation."""
    return [
        (indexed, relation)
        for indexed in INDEXED
        for relation in indexed.relations
        if indexed.model._meta.get_field(relation).related_model is model
    ]


def documents_for(indexed: Indexed, entry) -> list[SearchDocument]:
    documents = []
    for language in languages():
        own_title = getattr(entry, build_localized_fieldname(indexed.title_field, language), "")
        if language != DEFAULT_LANGUAGE and not own_title:
            continue
        with translation.override(language):
            text = indexed.text(entry)
            url = indexed.url(entry)
        documents.append(
            SearchDocument(
                kind=indexed.kind,
                object_id=entry.pk,
                language=language,
                title=text.title[:500],
                summary=text.summary,
                body=text.body,
                url=url,
                area_slugs=indexed.areas(entry)[:500],
                is_sample=getattr(entry, "is_sample", False),
                a_text=index_text(text.title, text.also_a),
                b_text=index_text(text.summary),
                c_text=index_text(text.body, text.also_c),
            )
        )
    return documents


# The columns _insert_postgres fills from arrays, with their PostgreSQL array types.
POSTGRES_COLUMNS = {
    "kind": "text[]",
    "object_id": "integer[]",
    "language": "text[]",
    "title": "text[]",
    "summary": "text[]",
    "body": "text[]",
    "url": "text[]",
    "area_slugs": "text[]",
    "is_sample": "boolean[]",
    "a_text": "text[]",
    "b_text": "text[]",
    "c_text": "text[]",
}


def _insert_postgres(documents: list[SearchDocument]) -> None:
    """One INSERT … SELECT FROM unnest(arrays) per batch, computing both vectors in the
    database. bulk_create with a SearchVector per row spent 60 % of a rebuild compiling and
    quoting each row's expressions in Python (benchmarks/README.md, "Search index build")."""
    table = SearchDocument._meta.db_table
    columns = ", ".join(POSTGRES_COLUMNS)
    arrays = ", ".join(f"%s::{array_type}" for array_type in POSTGRES_COLUMNS.values())
    # The same vectors as SearchVector(Value(text), config=…, weight=…) gives.
    sql = f"""
        INSERT INTO {table} ({columns}, name_vector, search_vector)
        SELECT {columns}, name_vector,
               name_vector
               || setweight(to_tsvector(config, COALESCE(b_text, '')), 'B')
               || setweight(to_tsvector(config, COALESCE(c_text, '')), 'C')
        FROM (
            SELECT rows.*, setweight(to_tsvector(config, COALESCE(a_text, '')), 'A') AS name_vector
            FROM unnest({arrays}, %s::regconfig[]) AS rows({columns}, config)
        ) documents
    """
    values = [[getattr(document, column) for document in documents] for column in POSTGRES_COLUMNS]
    configs = [TEXT_SEARCH_CONFIG[document.language] for document in documents]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, configs])


def _store(documents: list[SearchDocument]) -> None:
    """Insert documents, their PostgreSQL vectors (whole text and name alone) and their words."""
    if not documents:
        return
    if connection.vendor == "postgresql":
        _insert_postgres(documents)
    else:
        SearchDocument.objects.bulk_create(documents)
    words = set()
    for document in documents:
        words |= vocabulary(f"{document.a_text} {document.b_text} {document.c_text}")
    _store_words(words)


def _store_words(words: Iterable[str]) -> None:
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words) if len(word) <= 100], ignore_conflicts=True, batch_size=5000
    )


def _replace(indexed: Indexed, pks: list[int], entries: Iterable[Model]) -> None:
    """Replace the documents of the entries `pks` by those of `entries` (the published
    ones among them); call inside a transaction."""
    SearchDocument.objects.filter(kind=indexed.kind, object_id__in=pks).delete()
    _store([document for entry in entries for document in documents_for(indexed, entry)])


def index_entry(model, pk) -> None:
    """Bring one entry's documents up to date: replaced if it is published, gone if not."""
    indexed = BY_MODEL.get(model)
    if indexed is None:
        return
    with transaction.atomic():
        _replace(indexed, [pk], indexed.queryset().filter(pk=pk))


def reindex_dependents(model, pk) -> int:
    """Bring up to date the documents that read entry `pk` of `model` (an area's
    projects, enterprises…), then move the content version once: cached pages hold
    results from the old documents. Returns the number of entries re-indexed.

    BATCH_SIZE entries at a time, each batch in its own transaction (an area may have
    hundreds of thousands of entries: one transaction would hold their rows locked for
    minutes), read after the previous one by primary key so each batch reads the rows as
    they are now. A search meanwhile finds each entry by its old or its new document."""
    total = 0
    for indexed, relation in dependents_of(model):
        dependents = indexed.queryset().filter(**{relation: pk}).order_by("pk")
        last_pk = 0
        while True:
            with transaction.atomic():
                batch = list(dependents.filter(pk__gt=last_pk)[:BATCH_SIZE])
                if not batch:
                    break
                _replace(indexed, [entry.pk for entry in batch], batch)
            total += len(batch)
            last_pk = batch[-1].pk
    if total:
        bump_content_version()
    return total


def dependent_pks(model, pk) -> dict[type[Model], list[int]]:
    """The published entries whose documents read entry `pk` of `model`, by model: read
    before the entry is deleted, when its relations still say who they are."""
    found: dict[type[Model], set[int]] = {}
    for indexed, relation in dependents_of(model):
        pks = indexed.queryset().filter(**{relation: pk}).values_list("pk", flat=True)
        found.setdefault(indexed.model, set()).update(pks)
    return {dependent: sorted(pks) for dependent, pks in found.items() if pks}


def reindex_entries(model, pks: list[int]) -> int:
    """Bring the documents of entries `pks` of `model` up to date (in one transaction),
    then move the content version. Returns the number of entries asked for."""
    indexed = BY_MODEL[model]
    with transaction.atomic():
        _replace(indexed, pks, indexed.queryset().filter(pk__in=pks))
    bump_content_version()
    return len(pks)


def remove_entry(model, pk) -> None:
    indexed = BY_MODEL.get(model)
    if indexed is not None:
        SearchDocument.objects.filter(kind=indexed.kind, object_id=pk).delete()


def published_count() -> int:
    return sum(indexed.queryset().count() for indexed in INDEXED)


# The GIN indexes of the documents (search migrations 0002 and 0003).
GIN_INDEXES = ("search_document_vector_gin", "search_document_name_gin")


def _tidy() -> None:
    """After a rebuild on PostgreSQL: move the new rows' index entries out of each GIN
    index's pending list (every lookup reads the whole list, up to 4 MB: 40 ms instead of
    0.3 ms for a rare word), and refresh the planner's statistics of the table."""
    with connection.cursor() as cursor:
        for index in GIN_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")


def rebuild(progress: Callable[[int], None] = lambda done: None, *, bump_version: bool = True) -> int:
    """Replace the whole index (in one transaction: searches see the old index until the
    new one is complete), then move the content version (unless the caller empties the
    cache itself, as a restore does). Calls `progress(n)` after each batch of n entries."""
    total = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        for indexed in INDEXED:
            batch, entries = [], 0
            for entry in indexed.queryset().order_by("pk").iterator(chunk_size=BATCH_SIZE):
                batch.extend(documents_for(indexed, entry))
                entries += 1
                if entries == BATCH_SIZE:
                    _store(batch)
                    progress(entries)
                    total += entries
                    batch, entries = [], 0
            if batch:
                _store(batch)
            progress(entries)
            total += entries
        if connection.vendor == "postgresql":
            _tidy()
        if bump_version:
            # Cached pages and API responses hold results of the old index.
            bump_content_version()
    return total
