from django.db import models


class ContentVersion(models.Model):
    """A single row whose number changes whenever curated content changes (see
    `ftzportal.content_version`)."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        # The table was created when the model lived in `zones`; moving it kept the table.
        db_table = "zones_contentversion"

    def __str__(self):
        return f"content version {self.version}"
