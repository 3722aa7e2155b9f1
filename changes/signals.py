"""Record a ChangeEvent whenever a public entry of an API resource changes.

Mirrors zones/signals.py: receivers listen to every sender and pick the models that are
API resources. The state before a save is read in pre_save, so a save can be told apart
as created / published / updated / unpublished (an entry leaving "published", by being
unpublished or archived, is a tombstone). A slug change of a published entry is a
tombstone for the old slug and a new entry for the new one. Raw saves (loaddata, the
restore command) are ignored, like QuerySet.update(), which sends no signal.

Events are written after the surrounding transaction commits, so a rolled-back change is
never announced and ids (the cursor) are handed out in commit order.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from ftzportal import lists
from ftzportal.publication import PublicationStatus, is_published_status

from .models import Action, ChangeEvent, Resource


def resource_of(model) -> str | None:
    """The change feed's name of a model's resource (its key in `ftzportal.lists`)."""
    resource = lists.for_model(model)
    return resource.key if resource is not None else None


def record(resource: str, slug: str, action: str) -> None:
    transaction.on_commit(lambda: ChangeEvent.objects.create(resource=resource, slug=slug, action=action))


# An area's representation lists its industries with the numbers of published
# enterprises and projects of each there (zones.reasons): an enterprise or a project that
# enters or leaves the published set, moves to another area or changes industry updates
# the areas it was and is in. What each of them counts by:
COUNTED_IN_AREAS = {"investments.enterprise": ("area_id",), "investments.project": ("area_id", "industry_id")}


def counted_fields(model) -> tuple[str, ...]:
    return COUNTED_IN_AREAS.get(model._meta.label_lower, ())


def record_area_updates(area_ids) -> None:
    """An update of each published area among `area_ids`."""
    areas = lists.get(Resource.AREAS).model._base_manager.filter(pk__in=set(area_ids) - {None})
    for slug in areas.filter(publication_status=PublicationStatus.PUBLISHED).values_list("slug", flat=True):
        record(Resource.AREAS, slug, Action.UPDATED)


@receiver(pre_save)
def remember_previous_state(sender, instance, raw=False, **kwargs):
    if raw or resource_of(sender) is None or instance.pk is None:
        return
    fields = ("publication_status", "slug", *counted_fields(sender))
    instance._change_previous = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    resource = resource_of(sender)
    if raw or resource is None:
        return
    previous = instance.__dict__.pop("_change_previous", None)
    was_published = bool(previous) and is_published_status(previous["publication_status"])
    if was_published and previous["slug"] != instance.slug:
        record(resource, previous["slug"], Action.UNPUBLISHED)
        was_published = False
    if is_published_status(instance.publication_status):
        if created:
            record(resource, instance.slug, Action.CREATED)
        else:
            record(resource, instance.slug, Action.UPDATED if was_published else Action.PUBLISHED)
    elif was_published:
        record(resource, instance.slug, Action.UNPUBLISHED)
    record_counted_in_areas(sender, instance, previous)


def record_counted_in_areas(sender, instance, previous) -> None:
    """Updates of the areas whose industries' counts this save changes (COUNTED_IN_AREAS)."""
    fields = counted_fields(sender)
    if not fields:
        return
    published = is_published_status(instance.publication_status)
    was_published = bool(previous) and is_published_status(previous["publication_status"])
    moved = bool(previous) and any(previous[name] != getattr(instance, name) for name in fields)
    if published != was_published or (published and moved):
        record_area_updates([instance.area_id, previous["area_id"] if previous else None])


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    resource = resource_of(sender)
    if resource is not None and is_published_status(instance.publication_status):
        record(resource, instance.slug, Action.DELETED)
        if counted_fields(sender):
            record_area_updates([instance.area_id])


@receiver(m2m_changed)
def record_relation_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """An incentive's areas or industries, an enterprise's industries: part of the entry's
    representation, so a change is an update of the entry (or entries, seen from the other
    side of the relation); an enterprise's industries also count in its area's."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if sender._meta.label_lower == "investments.enterprise_industries":
        record_enterprise_industries_change(instance, reverse, model, pk_set)
    if not reverse:
        resource = resource_of(type(instance))
        if resource is not None and is_published_status(instance.publication_status):
            record(resource, instance.slug, Action.UPDATED)
        return
    resource = resource_of(model)
    if resource is None or not pk_set:
        return
    for slug in model._base_manager.filter(pk__in=pk_set, publication_status=PublicationStatus.PUBLISHED).values_list(
        "slug", flat=True
    ):
        record(resource, slug, Action.UPDATED)


def record_enterprise_industries_change(instance, reverse, model, pk_set) -> None:
    """An enterprise's industries are counted in its area's representation (see
    COUNTED_IN_AREAS): a change updates the area of each published enterprise concerned."""
    if not reverse:
        if is_published_status(instance.publication_status):
            record_area_updates([instance.area_id])
    elif pk_set:
        enterprises = model._base_manager.filter(pk__in=pk_set, publication_status=PublicationStatus.PUBLISHED)
        record_area_updates(enterprises.values_list("area_id", flat=True))


def _record_key_industry_change(instance):
    area = instance.area
    if is_published_status(area.publication_status):
        record(Resource.AREAS, area.slug, Action.UPDATED)


@receiver(post_save, sender="zones.AreaIndustry")
def record_key_industry_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _record_key_industry_change(instance)


@receiver(post_delete, sender="zones.AreaIndustry")
def record_key_industry_delete(sender, instance, **kwargs):
    try:
        _record_key_industry_change(instance)
    except instance._meta.get_field("area").related_model.DoesNotExist:
        # The area itself is being deleted; its own event says so.
        pass
