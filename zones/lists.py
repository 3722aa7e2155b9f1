"""The zone's public resources, declared once (see ftzportal/lists.py)."""

from django.utils.translation import gettext_lazy as _

from ftzportal.downloads import choice_label, detail_url, names, slugs
from ftzportal.lists import Column, ListResource

from .filters import IncentiveFilterSet, IndustryFilterSet
from .models import Area, Incentive, IncentiveCategory, Industry, Zone

ZONES = ListResource(key="zones", name="zone", model=Zone, title_field="name")
AREAS = ListResource(key="areas", name="area", model=Area, title_field="name", namespace="portal")
INDUSTRIES = ListResource(
    key="industries",
    name="industry",
    model=Industry,
    title_field="name",
    namespace="portal",
    filterset_class=IndustryFilterSet,
    page_title=_("Industries"),
    meta_description=_(
        "Industries of the zone by area: those the sources name for an area, and those with enterprises or "
        "projects there."
    ),
    exports=False,
)

INCENTIVES = ListResource(
    key="incentives",
    name="incentive",
    model=Incentive,
    title_field="title",
    namespace="zones",
    label=_("Incentive"),
    filterset_class=IncentiveFilterSet,
    page_title=_("Incentives and policy measures"),
    meta_description=_(
        "Policy measures of the zone, filtered by area, industry and category; zone-wide measures apply in every area."
    ),
    download_columns=(
        Column(_("Title"), lambda i: i.title),
        Column(_("Slug"), lambda i: i.slug),
        Column(_("Category (code)"), lambda i: i.category),
        Column(_("Category"), choice_label("category", IncentiveCategory.choices)),
        # From every linked row, as the API does: a measure for a draft area only is not zone-wide.
        Column(_("Zone-wide"), lambda i: not i.areas.all()),
        Column(_("Areas (slugs)"), lambda i: slugs(i.areas.all())),
        Column(_("Areas"), lambda i: names(i.areas.all())),
        Column(_("Industries (slugs)"), lambda i: slugs(i.industries.all())),
        Column(_("Industries"), lambda i: names(i.industries.all())),
        Column(_("Effective from"), lambda i: i.effective_from),
        Column(_("Effective until"), lambda i: i.effective_until),
        Column(_("Summary"), lambda i: i.summary),
        Column(_("Source"), lambda i: str(i.source) if i.source else ""),
        Column(_("Page"), detail_url("zones:incentive-detail")),
    ),
    feed_description=lambda incentive: incentive.summary,
    shortlisted=True,
)

RESOURCES = (ZONES, AREAS, INDUSTRIES, INCENTIVES)
