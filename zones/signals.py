"""Any write to curated content bumps the content version, which invalidates every cached
page and API response (see ftzportal/content_version.py).

Receivers listen to all senders and pick curated models by class, so a new curated model
is covered by inheriting from Publishable. QuerySet.update() sends no signal: code that
bulk-updates curated rows calls bump_content_version() itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ftzportal.content_version import bump_content_version
from ftzportal.publication import Publishable

from .models import AreaIndustry, Contact, Source

# Not publishable themselves, but shown on public pages: key-industry links, sources, and
# the contacts named on area, project and match pages.
_ALSO_CURATED = (AreaIndustry, Contact, Source)


def _is_curated(model) -> bool:
    return issubclass(model, Publishable) or issubclass(model, _ALSO_CURATED)


@receiver(post_save)
@receiver(post_delete)
def bump_on_curated_write(sender, raw=False, **kwargs):
    if not raw and _is_curated(sender):
        bump_content_version()


@receiver(m2m_changed)
def bump_on_curated_relation_change(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _is_curated(type(instance)):
        bump_content_version()
