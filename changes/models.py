"""The partner change feed: one row per change of a public entry, in order.

The row id is the cursor: it only grows, so a partner that remembers the last id it saw
reads exactly what happened since. Only changes visible to the public are recorded (an
entry created or edited as a draft is not news, and its slug is not public yet).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    """API resources, named as in /api/v1/<resource>/."""

    ZONES = "zones", _("Zones")
    AREAS = "areas", _("Areas")
    INDUSTRIES = "industries", _("Industries")
    INCENTIVES = "incentives", _("Incentives")
    ENTERPRISES = "enterprises", _("Enterprises")
    PROJECTS = "projects", _("Projects")


class Action(models.TextChoices):
    CREATED = "created", _("Created (published at once)")
    PUBLISHED = "published", _("Published")
    UPDATED = "updated", _("Updated")
    UNPUBLISHED = "unpublished", _("Unpublished or archived (tombstone)")
    DELETED = "deleted", _("Deleted (tombstone)")


TOMBSTONES = (Action.UNPUBLISHED, Action.DELETED)


class ChangeEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    resource = models.CharField(_("resource"), max_length=20, choices=Resource.choices)
    slug = models.CharField(_("slug"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("change event")
        verbose_name_plural = _("change events")
        constraints = [
            models.CheckConstraint(condition=Q(resource__in=Resource.values), name="change_valid_resource"),
            models.CheckConstraint(condition=Q(action__in=Action.values), name="change_valid_action"),
        ]

    def __str__(self):
        return f"#{self.id} {self.action} {self.resource}/{self.slug}"

    @property
    def is_tombstone(self) -> bool:
        return self.action in TOMBSTONES
