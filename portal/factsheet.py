"""An area's one-page factsheet: what it holds, and its PDF rendered offline.

The PDF is the same page printed by WeasyPrint. Its resources are read from the static
files only (a fetcher that refuses every other address), so rendering never touches the
network, and Chinese names render with the system's Noto CJK fonts.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.utils.translation import get_language

from ftzportal.content_version import get_content_version
from ftzportal.publication import PublicationStatus
from investments.models import Tally
from zones.models import AreaIndustry, Figure, Incentive, IndustryBasis

FACTSHEET_INCENTIVE_LIMIT = 6
PDF_CACHE_SECONDS = 24 * 60 * 60


def factsheet_context(area) -> dict:
    incentives = list(Incentive.objects.published().in_areas([area]).newest().with_related())
    return {
        "area": area,
        "enterprise_count": Tally.objects.enterprises().filter(area=area).counts(),
        "project_count": Tally.objects.projects().filter(area=area).counts(),
        "contracted_totals": list(Tally.objects.filter(area=area).contracted_totals()),
        "figures": list(Figure.objects.published().filter(area=area).select_related("source")),
        "key_industries": list(
            # The area's key industries only (the fields of its contracted projects are on its page).
            AreaIndustry.objects.filter(
                area=area, basis=IndustryBasis.KEY_INDUSTRY, industry__publication_status=PublicationStatus.PUBLISHED
            ).select_related("industry")
        ),
        "incentives": incentives[:FACTSHEET_INCENTIVE_LIMIT],
        "incentive_count": len(incentives),
    }


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the package is there but pango is not
        return False
    return True


def static_file_fetcher():
    """A WeasyPrint fetcher that serves /static/… from the static files, and nothing else."""
    from weasyprint.urls import URLFetcher

    static_prefix = "file:///" + settings.STATIC_URL.strip("/") + "/"

    class StaticFileFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(static_prefix):
                raise ValueError(f"Only the portal's static files are read when rendering a PDF, not {url}")
            found = finders.find(url.removeprefix(static_prefix).split("?")[0].split("#")[0])
            if not found:
                raise ValueError(f"No static file at {url}")
            return super().fetch(Path(found).as_uri(), headers)

    return StaticFileFetcher(allowed_protocols={"file"})


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # "/static/css/print.css" in the page resolves against this base to file:///static/…,
    # which the fetcher maps to the static files.
    return HTML(string=html, base_url="file:///", url_fetcher=static_file_fetcher()).write_pdf()


def cached_pdf(area, request, render) -> bytes:
    """Rendering takes about a second of CPU: the PDF is kept until curated content
    changes (the content version is part of the key), per language and host (the
    contact link is absolute)."""
    key = f"factsheet-pdf:{area.slug}:{get_language()}:{request.get_host()}:{get_content_version()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render()
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
