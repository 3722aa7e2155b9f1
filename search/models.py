"""The search index: one document per published entry and language, and the words it
contains (for "Did you mean …?"). Written only by search.indexing; read by search.engine."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a document describes; the order is the order of the results page's tabs."""

    AREA = "area", _("Areas")
    INDUSTRY = "industry", _("Industries")
    INCENTIVE = "incentive", _("Incentives")
    ENTERPRISE = "enterprise", _("Enterprises")
    PROJECT = "project", _("Projects")
    FACILITY = "facility", _("Facilities")
    FIGURE = "figure", _("Figures")
    MILESTONE = "milestone", _("Milestones")


class SearchDocument(models.Model):
    """An entry as one language shows it. `title`, `summary`, `body` and `url` are what the
    results page displays; `a_text`, `b_text` and `c_text` are the same text in index form
    (search.text.index_text), weighted A (name), B (summary) and C (the rest).

    PostgreSQL keeps `search_vector` (built with the language's text search configuration,
    GIN-indexed) and `name_vector` (the same for `a_text` alone, GIN-indexed: name matches
    of a word that most entries carry elsewhere are found without reading those entries);
    SQLite keeps an FTS5 trigram table over a/b/c_text (migration 0002), and both vectors
    stay empty there."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # "|kashgar|" for an entry of one area, "|kashgar|horgos|" for several, "|*|" for an
    # incentive that applies zone-wide, "" for what belongs to no area.
    area_slugs = models.CharField(max_length=500, blank=True)
    is_sample = models.BooleanField(default=False)
    a_text = models.TextField(blank=True)
    b_text = models.TextField(blank=True)
    c_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    name_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_document_unique_entry")
        ]
        indexes = [
            # The order of the results of a query that matches more than search.engine.COUNT_CAP
            # entries of a type, read from this index as far as the page needs.
            models.Index(fields=["is_sample", "kind", "object_id"], name="search_document_listing"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.language})"

    def get_absolute_url(self):
        return self.url


class SearchWord(models.Model):
    """A word that occurs in the index, for correcting a misspelt query word."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.word
