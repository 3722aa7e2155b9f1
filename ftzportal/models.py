from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A single row whose number changes whenever curated content changes (see
    `ftzportal.content_version`)."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        # The table was created when the model lived in `zones`; moving it kept the table.
        db_table = "zones_contentversion"

    def __str__(self):
        return f"content version {self.version}"


class OutboundMailStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboundMailQuerySet(models.QuerySet):
    def due(self, now):
        """Pending mails whose next attempt has come and that no live worker holds."""
        return self.filter(status=OutboundMailStatus.PENDING, next_attempt_at__lte=now).filter(
            models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now)
        )


class OutboundMail(models.Model):
    """One e-mail to send: the outbox (see `ftzportal.outbox`). Written in the same
    transaction as the row it is about, sent by the worker, retried until sent."""

    key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        help_text=_("Names the mail (what it is about and why); the same key is never sent twice."),
    )
    topic = models.CharField(_("topic"), max_length=50, db_index=True)
    object_id = models.PositiveBigIntegerField(_("about object"), null=True, blank=True)
    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    # Emptied once sent: it may carry an investor's private tracking link.
    body = models.TextField(_("body"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboundMailStatus.choices, default=OutboundMailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    leased_until = models.DateTimeField(_("held by a worker until"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboundMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbound_mail_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutboundMailStatus.values), name="outbound_mail_valid_status"
            )
        ]

    def __str__(self):
        return f"{self.topic} #{self.pk} ({self.status})"


class PendingChange(models.Model):
    """A Curator's change to a published entry, kept until a Publisher publishes it (see
    ftzportal.curation and curation_admin): the live entry stays as published meanwhile.

    `changes` maps each changed field to its proposed value, as the field writes itself
    to text (`value_to_string`; a many-to-many field as a list of keys), and `original`
    the live values when the change was made, for the diff. One per entry: a later edit
    adds to it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    changes = models.JSONField(_("proposed values"), default=dict)
    original = models.JSONField(_("published values"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("proposed at"), auto_now=True)

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="pending_change_one_per_entry"),
        ]

    def __str__(self):
        return f"pending change of {self.content_type.model} #{self.object_id}"


class SpreadsheetExportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    WRITING = "writing", _("being written")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class SpreadsheetExport(models.Model):
    """An Excel file of a filtered list too long to write within a request, written by the
    worker (ftzportal.spreadsheet_exports) while the investor watches its progress at
    /downloads/<token>/. One per list, filter, language and content version: the same
    request made again is sent to the same file."""

    token = models.UUIDField(unique=True, editable=False)
    resource = models.CharField(max_length=50)  # ftzportal.lists key: "projects"
    query = models.TextField(blank=True)  # the list's query string, as the download got it
    language = models.CharField(max_length=10)
    content_version = models.BigIntegerField()
    status = models.CharField(
        max_length=10, choices=SpreadsheetExportStatus.choices, default=SpreadsheetExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField()
    rows_written = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resource", "language", "content_version"], name="spreadsheet_export_lookup")]

    def __str__(self):
        return f"{self.resource}?{self.query} ({self.language}, {self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in (SpreadsheetExportStatus.READY, SpreadsheetExportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == SpreadsheetExportStatus.READY:
            return 100
        return int(self.rows_written * 100 / max(1, self.rows_total))

    @property
    def seconds_left(self) -> int | None:
        """The time left at the pace so far; None before the first rows are written."""
        if self.status != SpreadsheetExportStatus.WRITING or not self.started_at or not self.rows_written:
            return None
        elapsed = (timezone.now() - self.started_at).total_seconds()
        return round(elapsed / self.rows_written * max(0, self.rows_total - self.rows_written))

    @property
    def minutes_left(self) -> int | None:
        """`seconds_left` in whole minutes, as the page says it (0: less than a minute)."""
        seconds = self.seconds_left
        return None if seconds is None else round(seconds / 60)
