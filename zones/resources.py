"""Spreadsheet (CSV/XLSX) import and export of industries and incentives.

Rows are matched by slug, related rows are named by their slugs, and an import is all or
nothing: any invalid row (unknown slug, bad value) rolls the whole file back and is
reported in the preview. Each row is saved with `save()` (never in bulk), so change
history and the content-version signal see every imported entry.

Publication: the `publication_status` column is honoured only for users who may publish
the model. For everyone else a new row arrives as a draft and an existing entry keeps its
current state — the same rule as the admin form (see ftzportal.curation).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ftzportal.curation import can_publish, keep_publication_state
from ftzportal.i18n import translated
from ftzportal.publication import PublicationStatus

from .models import Area, Incentive, Industry


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by its slug; an unknown slug is a row error that says which."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with slug “%(slug)s”.") % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Related rows named by comma-separated slugs. Unlike the stock widget, a slug that
    matches nothing is an error rather than silently dropped."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", separator=",", **kwargs)

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        if not value:
            return found
        wanted = {slug.strip() for slug in str(value).split(self.separator) if slug.strip()}
        unknown = sorted(wanted - set(found.values_list("slug", flat=True)))
        if unknown:
            raise ValueError(
                _("No %(model)s with slug %(slugs)s.")
                % {"model": self.model._meta.verbose_name, "slugs": ", ".join(f"“{slug}”" for slug in unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        # Sorted, so that an export re-imported compares equal and is skipped as unchanged.
        if value is None:
            return ""
        return self.separator.join(sorted(related.slug for related in value.all()))


class NonNegativeDecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is not None and number < Decimal(0):
            raise ValueError(_("Must not be negative."))
        return number


class NullableTextWidget(widgets.CharWidget):
    """Nullable text (the per-language columns): a blank cell is NULL, as stored, so that
    a re-imported export compares equal and is skipped as unchanged."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class CuratedResource(resources.ModelResource):
    """Base of the curated resources: slug-keyed, all-or-nothing, history-preserving."""

    # A blank cell leaves the state as it is (a new row stays a draft).
    publication_status = fields.Field(
        attribute="publication_status",
        column_name="publication_status",
        widget=widgets.CharWidget(allow_blank=False),
        saves_null_values=False,
    )

    class Meta:
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        # Runs the model's validation (choices, check constraints) on every row.
        clean_model_instances = True
        use_transactions = True
        use_bulk = False

    @classmethod
    def widget_from_django_field(cls, django_field):
        if isinstance(django_field, (models.CharField, models.TextField)):
            # Text that is never NULL (a quote, a qualifier): a blank cell is "", which an
            # XLSX file reads back as None.
            return NullableTextWidget if django_field.null else widgets.CharWidget
        return super().widget_from_django_field(django_field)

    def import_instance(self, instance, row, **kwargs):
        """Also check the many-to-many cells now, so that an unknown slug there is a
        row error shown in the preview like any other (the stock import reads them only
        after saving the row)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)

    def import_data(self, dataset, **kwargs):
        # Not only in the admin: any caller gets "one invalid row rolls back the file".
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if not can_publish(user, self._meta.model):
            keep_publication_state(instance)
            if instance.pk is not None and instance.is_published:
                # Only changed rows get here. A published entry changes only with a
                # Publisher: in its form a Curator's edit waits as a pending change.
                raise ValidationError(
                    _(
                        "“%(entry)s” is published: change it in its form, where the change waits for a "
                        "Publisher, or ask a Publisher to import this file."
                    )
                    % {"entry": instance}
                )
        elif instance.publication_status == PublicationStatus.PUBLISHED and instance.published_at is None:
            instance.publish(user)


class IndustryResource(CuratedResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=SlugForeignKeyWidget(Industry))

    class Meta(CuratedResource.Meta):
        model = Industry
        fields = [
            "slug",
            *translated("name", "description"),
            "parent",
            "quote",
            "publication_status",
            "last_reviewed",
        ]
        export_order = fields


class IncentiveResource(CuratedResource):
    areas = fields.Field(attribute="areas", column_name="areas", widget=SlugManyToManyWidget(Area))
    industries = fields.Field(attribute="industries", column_name="industries", widget=SlugManyToManyWidget(Industry))

    class Meta(CuratedResource.Meta):
        model = Incentive
        fields = [
            "slug",
            *translated("title"),
            "category",
            *translated("summary", "body", "eligibility"),
            "areas",
            "industries",
            "source_note",
            "quote",
            "effective_from",
            "effective_until",
            "publication_status",
            "last_reviewed",
        ]
        export_order = fields
