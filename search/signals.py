"""Keep the index current where the content version moves (zones/signals.py): a save,
delete or relation change of an indexed entry re-indexes that entry at once, inside the
same transaction as the write. So a rolled-back edit rolls back its documents too, and the
index is already current when the content version bumps after the commit (a page cached
at the new version can never hold the old results). Like the content version, raw saves
and QuerySet.update() send no signal: bulk writers run `manage.py rebuild_search_index`.

Other entries' documents read an area's, industry's or enterprise's name (and an area's
slug; see indexing.CARRIED). A save that changes what they read enqueues
`reindex_dependents_task`, in the same transaction: the database task backend stores the
task with the write, so the worker runs it once the write is committed, or never if it is
rolled back. An area may have hundreds of thousands of entries, too many to re-index
within the curator's request. A delete does the same for the entries it leaves (an
industry's enterprises, an enterprise's projects), read before the delete.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .indexing import BATCH_SIZE, BY_MODEL, CARRIED, dependent_pks, index_entry, remove_entry
from .tasks import reindex_dependents_task, reindex_entries_task

# Set on an instance by `note_carried_change` for `enqueue_dependents_reindex`.
CARRIED_CHANGED = "_search_carried_changed"
# Set on an instance by `note_dependents` for `enqueue_reindex_after_delete`.
DEPENDENTS = "_search_dependents"


@receiver(post_save)
def index_on_save(sender, instance, raw=False, **kwargs):
    if not raw and sender in BY_MODEL:
        index_entry(sender, instance.pk)


@receiver(pre_save)
def note_carried_change(sender, instance, raw=False, update_fields=None, **kwargs):
    carried = CARRIED.get(sender)
    if carried is not None:
        changed = not raw and instance.pk is not None and _changes_carried(sender, instance, carried, update_fields)
        setattr(instance, CARRIED_CHANGED, changed)


def _changes_carried(model, instance, carried, update_fields) -> bool:
    """Whether saving `instance` changes what other entries' documents read of it, judged
    from its row as stored before the save: one read by primary key, right whatever the
    entry's status (its own documents would tell only while it is published) and however
    the instance was loaded or built."""
    # Only the fields in update_fields are written.
    written = [field for field in carried.fields if update_fields is None or field in update_fields]
    if not written:
        return False
    before = model._base_manager.filter(pk=instance.pk).values(*carried.fields).first()
    if before is None:  # a new entry with its primary key given: no dependents yet
        return False
    after = {**before, **{field: getattr(instance, field) for field in written}}
    return carried.of(before) != carried.of(after)


@receiver(post_save)
def enqueue_dependents_reindex(sender, instance, raw=False, **kwargs):
    if instance.__dict__.pop(CARRIED_CHANGED, False):
        reindex_dependents_task.enqueue(sender._meta.label_lower, instance.pk)


@receiver(post_delete)
def index_on_delete(sender, instance, **kwargs):
    if sender in BY_MODEL:
        remove_entry(sender, instance.pk)


@receiver(pre_delete)
def note_dependents(sender, instance, **kwargs):
    """Deleting an industry removes it from its enterprises and incentives (their relation
    rows go with it), an enterprise from its projects (SET_NULL): bulk writes that send no
    signal, after which nothing says which documents still carry its name. So they are
    read before the delete, and re-indexed in the background after it."""
    if sender in CARRIED:
        setattr(instance, DEPENDENTS, dependent_pks(sender, instance.pk))


@receiver(post_delete)
def enqueue_reindex_after_delete(sender, instance, **kwargs):
    for model, pks in instance.__dict__.pop(DEPENDENTS, {}).items():
        for start in range(0, len(pks), BATCH_SIZE):
            reindex_entries_task.enqueue(model._meta.label_lower, pks[start : start + BATCH_SIZE])


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
