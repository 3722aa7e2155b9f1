"""Keep the index current where the content version moves (zones/signals.py): a save,
delete or relation change of an indexed entry re-indexes that entry at once, inside the
same transaction as the write. So a rolled-back edit rolls back its documents too, and the
index is already current when the content version bumps after the commit (a page cached
at the new version can never hold the old results). Like the content version, raw saves
and QuerySet.update() send no signal: bulk writers run `manage.py rebuild_search_index`.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .indexing import BY_MODEL, index_entry, remove_entry


@receiver(post_save)
def index_on_save(sender, instance, raw=False, **kwargs):
    if not raw and sender in BY_MODEL:
        index_entry(sender, instance.pk)


@receiver(post_delete)
def index_on_delete(sender, instance, **kwargs):
    if sender in BY_MODEL:
        remove_entry(sender, instance.pk)


@receiver(m2m_changed)
def index_on_relation_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """An incentive's areas or industries and an enterprise's industries are part of its
    document (seen from either side of the relation)."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse and type(instance) in BY_MODEL:
        index_entry(type(instance), instance.pk)
    elif reverse and model in BY_MODEL:
        for pk in pk_set or ():
            index_entry(model, pk)
