"""The publication life cycle shared by every curated model.

A curated entry is a draft until a publisher publishes it, and may later be archived.
Only published entries are shown on the website and in the API; `published()` is the
one place that rule lives.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Entries visible to the public: published, neither draft nor archived. Rows
        already fetched are told apart by `published_only` and `is_published`, below."""
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def not_reviewed_since(self, date):
        """Entries never reviewed, or last reviewed before `date`."""
        return self.filter(models.Q(last_reviewed__isnull=True) | models.Q(last_reviewed__lt=date))


def is_published_status(status: str) -> bool:
    """The rule of `published()` for a status read without its row."""
    return status == PublicationStatus.PUBLISHED


def published_only(entries) -> list:
    """The published entries among rows already fetched (a prefetch or a held table holds
    drafts and archived rows too): `published()`'s rule, applied in Python."""
    return [entry for entry in entries if entry.is_published]


def published_or_none(entry):
    """`entry` if it is published, else None (a foreign key to a draft shows as nothing)."""
    return entry if entry is not None and entry.is_published else None


class Publishable(models.Model):
    """Abstract base: publication status, who published when, timestamps, review date."""

    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication_status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_valid_publication_status",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return is_published_status(self.publication_status)

    def publish(self, user=None, *, when=None):
        """Mark published, recording who and when; the caller saves."""
        self.publication_status = PublicationStatus.PUBLISHED
        self.published_at = when or timezone.now()
        self.published_by = user

    def unpublish(self):
        self.publication_status = PublicationStatus.DRAFT

    def archive(self):
        self.publication_status = PublicationStatus.ARCHIVED
