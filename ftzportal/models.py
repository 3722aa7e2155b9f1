from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
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
