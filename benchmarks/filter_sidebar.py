"""How long the filter sidebar of a list takes to render, with the portal's hand-written
select/checkbox markup (ftzportal.listing.FilterFormRenderer) and with Django's stock
widget templates. The sidebar is cached per filter and language, so this is paid once per
new filter: on every request of a varied list.

    PYTHONPATH=. DEBUG=1 .venv/bin/python benchmarks/filter_sidebar.py [--rounds 6] [--renders 50]

Uses the database of DATABASE_URL (the real data is enough: the origin filter's ~290
options are not data). Prints the median time per sidebar for each renderer.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftzportal.settings")

import django

django.setup()

from django.forms.renderers import get_default_renderer  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from ftzportal import listing  # noqa: E402
from investments.views import EnterpriseListView  # noqa: E402

URL = "/enterprises/?area=kashgar&industry=textiles-garments"


def time_sidebar(renderer, renders: int) -> float:
    """Milliseconds per sidebar rendered with `renderer`."""
    kept = listing.FILTER_FORM_RENDERER
    listing.FILTER_FORM_RENDERER = renderer
    try:
        request = RequestFactory().get(URL)
        view = EnterpriseListView()
        view.setup(request)
        form = view.get_filterset().form
        context = {"filter_form": form, "filters_valid": True, "request": request}
        start = time.perf_counter()
        for _ in range(renders):
            render_to_string("includes/filter_form.html", context)
        return (time.perf_counter() - start) / renders * 1000
    finally:
        listing.FILTER_FORM_RENDERER = kept


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args()
    hand_written, stock = [], []
    for _ in range(args.rounds):  # interleaved, so load on the machine hits both alike
        hand_written.append(time_sidebar(listing.FILTER_FORM_RENDERER, args.renders))
        stock.append(time_sidebar(get_default_renderer(), args.renders))
    print(f"enterprise list sidebar, median of {args.rounds} x {args.renders} renders:")
    print(f"  hand-written select/checkbox markup: {statistics.median(hand_written):6.2f} ms")
    print(f"  Django's widget templates:           {statistics.median(stock):6.2f} ms")


if __name__ == "__main__":
    main()
