"""Spreadsheet import and export of enterprises and projects (rules: zones/resources.py)."""

from import_export import fields

from ftzportal.i18n import translated
from zones.models import Area, Industry
from zones.resources import CuratedResource, NonNegativeDecimalWidget, SlugForeignKeyWidget, SlugManyToManyWidget

from .models import Enterprise, Project


class EnterpriseResource(CuratedResource):
    area = fields.Field(attribute="area", column_name="area", widget=SlugForeignKeyWidget(Area))
    industries = fields.Field(attribute="industries", column_name="industries", widget=SlugManyToManyWidget(Industry))

    class Meta(CuratedResource.Meta):
        model = Enterprise
        fields = [
            "slug",
            *translated("name"),
            "area",
            "industries",
            "origin_country",
            "origin_province",
            "is_foreign_invested",
            "settled_on",
            *translated("description"),
            "website",
            "quote",
            "publication_status",
            "last_reviewed",
        ]
        export_order = fields


class ProjectResource(CuratedResource):
    area = fields.Field(attribute="area", column_name="area", widget=SlugForeignKeyWidget(Area))
    enterprise = fields.Field(attribute="enterprise", column_name="enterprise", widget=SlugForeignKeyWidget(Enterprise))
    industry = fields.Field(attribute="industry", column_name="industry", widget=SlugForeignKeyWidget(Industry))
    value = fields.Field(attribute="value", column_name="value", widget=NonNegativeDecimalWidget())

    class Meta(CuratedResource.Meta):
        model = Project
        fields = [
            "slug",
            *translated("name"),
            "area",
            "enterprise",
            "industry",
            "status",
            "value",
            "value_kind",
            "value_qualifier",
            "currency",
            "signed_on",
            *translated("description"),
            "quote",
            "publication_status",
            "last_reviewed",
        ]
        export_order = fields
