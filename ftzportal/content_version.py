"""One number that changes whenever curated content changes.

Page and API caches and ETags are keyed by it, so a publish, edit or archive makes every
cached response stale at once. It lives in the database (the `ContentVersion` row), not in
a per-process cache, so every worker of every app server sees a bump on its next request.
"""

from django.db import models, transaction

CONTENT_VERSION_ROW = 1


def get_content_version() -> int:
    from zones.models import ContentVersion

    version = ContentVersion.objects.filter(pk=CONTENT_VERSION_ROW).values_list("version", flat=True).first()
    return version or 0


def bump_content_version() -> None:
    """Bump after the surrounding transaction commits, so readers never see the new
    version before the new content."""
    from zones.models import ContentVersion

    def bump():
        updated = ContentVersion.objects.filter(pk=CONTENT_VERSION_ROW).update(version=models.F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(pk=CONTENT_VERSION_ROW, defaults={"version": 1})

    transaction.on_commit(bump)
