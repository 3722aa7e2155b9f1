"""Create or update the curation roles (groups) and their permissions.

Idempotent: run it after every deploy (the quickstart's `make data` does); a second run
changes nothing. Each group is set to exactly the permissions listed here, so removing
one below and re-running takes it away.

- Curator: add, change and view every curated model (and named contacts), view search-alert
  subscriptions without the subscribers' addresses, but no publishing or deleting.
- Publisher: what a curator may do, plus publish (publish, unpublish, archive) and delete,
  unlock a colleague locked out of the admin (delete their login attempts), and the inquiry
  desk's figures (no inquiry itself, so no investor's personal data).
- Inquiry handler: view and change inquiries, view their status changes, the inquiry desk
  and the outgoing e-mails; nothing else.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from ftzportal.curation import publish_codename
from ftzportal.publication import Publishable

CURATOR = "Curator"
PUBLISHER = "Publisher"
INQUIRY_HANDLER = "Inquiry handler"

# Curated models that are not Publishable but are edited alongside those that are.
ALSO_CURATED = ["zones.source", "zones.areaindustry", "zones.contact"]


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def ensure_publish_permissions() -> list[Permission]:
    """One `publish_<model>` permission per publishable model (no migration needed)."""
    permissions = []
    for model in publishable_models():
        content_type = ContentType.objects.get_for_model(model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=publish_codename(model),
            defaults={"name": f"Can publish, unpublish and archive {model._meta.verbose_name_raw}"},
        )
        permissions.append(permission)
    return permissions


def model_permissions(model_labels, actions) -> list[Permission]:
    permissions = []
    for label in model_labels:
        model = apps.get_model(label)
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            permissions.append(
                Permission.objects.get(content_type=content_type, codename=f"{action}_{model._meta.model_name}")
            )
    return permissions


def role_permissions() -> dict[str, list[Permission]]:
    curated = [model._meta.label_lower for model in publishable_models()] + ALSO_CURATED
    curator = model_permissions(curated, ["add", "change", "view"])
    # Removing an area's key industry is editing the area, not deleting an entry.
    curator += model_permissions(["zones.areaindustry"], ["delete"])
    # Curators see which searches are followed, not by whom; publishers see the addresses
    # and may delete a subscription on request.
    curator += model_permissions(["alerts.subscription"], ["view"])
    desk = [Permission.objects.get(content_type__app_label="investments", codename="view_inquiry_desk")]
    publisher = (
        curator
        + ensure_publish_permissions()
        + model_permissions(curated, ["delete"])
        + model_permissions(["alerts.subscription"], ["delete", "view_email"])
        # Unlock a colleague locked out of the admin (django-axes): delete their attempts.
        + model_permissions(["axes.accessattempt"], ["view", "delete"])
        + desk
    )
    handler = (
        model_permissions(["investments.inquiry"], ["view", "change"])
        + model_permissions(["investments.inquirystatuschange"], ["view"])
        + desk
    )
    # The outbox holds investors' addresses: only those who handle inquiries see it.
    handler += model_permissions(["ftzportal.outboundmail"], ["view", "change"])
    return {CURATOR: curator, PUBLISHER: publisher, INQUIRY_HANDLER: handler}


class Command(BaseCommand):
    help = "Create or update the Curator, Publisher and Inquiry handler groups and their permissions."

    @transaction.atomic
    def handle(self, *args, verbosity: int, **options):
        for name, permissions in role_permissions().items():
            group, created = Group.objects.get_or_create(name=name)
            wanted = {permission.pk for permission in permissions}
            current = set(group.permissions.values_list("pk", flat=True))
            if wanted != current:
                group.permissions.set(wanted)
            if verbosity:
                state = "created" if created else ("updated" if wanted != current else "unchanged")
                self.stdout.write(f"{name}: {len(wanted)} permissions ({state})")
