"""sitemap.xml: every public page in each site language, with hreflang alternates.
Sample (generated) enterprises and projects are left out: they are not real."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from investments.models import Enterprise, Project
from zones.models import Area, Incentive, Industry


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "portal:industry-list",
            "zones:incentive-list",
            "investments:enterprise-list",
            "investments:project-list",
            "investments:inquiry-create",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(PortalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class AreaSitemap(PublishedSitemap):
    model = Area


class IndustrySitemap(PublishedSitemap):
    model = Industry


class IncentiveSitemap(PublishedSitemap):
    model = Incentive


class EnterpriseSitemap(PublishedSitemap):
    model = Enterprise

    def items(self):
        return super().items().real()


class ProjectSitemap(PublishedSitemap):
    model = Project

    def items(self):
        return super().items().real()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "areas": AreaSitemap,
    "industries": IndustrySitemap,
    "incentives": IncentiveSitemap,
    "enterprises": EnterpriseSitemap,
    "projects": ProjectSitemap,
}
