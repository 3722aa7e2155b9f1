"""The investor's shortlist: incentives, enterprises and projects kept in the session (no
account). Added and removed by POST forms with CSRF, so it works without JavaScript;
shown at /shortlist/, downloadable as CSV, printable, and sent with an inquiry.

The session holds (kind, slug) pairs only; entries are read fresh, published ones only,
so an entry unpublished since it was shortlisted quietly drops out.
"""

import csv

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ftzportal import lists
from ftzportal.downloads import csv_cell

SESSION_KEY = "shortlist"
MAX_ENTRIES = 100


def shortlist_resources() -> dict:
    """Kind ("enterprise") → the resource a visitor can shortlist."""
    return {resource.name: resource for resource in lists.all_resources() if resource.shortlisted}


class ShortlistEntryForm(forms.Form):
    kind = forms.ChoiceField(
        choices=lambda: [(kind, resource.label) for kind, resource in shortlist_resources().items()]
    )
    slug = forms.SlugField(max_length=150)
    next = forms.CharField(required=False, max_length=2000)


def stored_pairs(session) -> list[tuple[str, str]]:
    kinds = shortlist_resources()
    return [(kind, slug) for kind, slug in session.get(SESSION_KEY, []) if kind in kinds]


def contains(session, kind: str, slug: str) -> bool:
    return (kind, slug) in stored_pairs(session)


def entries(session) -> list[dict]:
    """The shortlisted entries that are still published, in the order added: one query
    per kind present."""
    pairs = stored_pairs(session)
    kinds = shortlist_resources()
    found = {}
    for kind, resource in kinds.items():
        slugs = [slug for pair_kind, slug in pairs if pair_kind == kind]
        if slugs:
            for obj in resource.model.objects.published().filter(slug__in=slugs):
                found[(kind, obj.slug)] = obj
    result = []
    for kind, slug in pairs:
        obj = found.get((kind, slug))
        if obj is not None:
            resource = kinds[kind]
            result.append(
                {
                    "kind": kind,
                    "kind_label": resource.label,
                    "slug": slug,
                    "title": resource.title_of(obj),
                    "object": obj,
                }
            )
    return result


def as_inquiry_payload(session) -> list[dict]:
    """What an inquiry keeps of the shortlist: plain values, readable after entries change."""
    return [{"kind": entry["kind"], "slug": entry["slug"], "title": str(entry["title"])} for entry in entries(session)]


def _back(request, form) -> str:
    target = form.cleaned_data.get("next") if form.is_valid() else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "investments:shortlist"


@require_POST
def shortlist_add(request):
    form = ShortlistEntryForm(request.POST)
    if form.is_valid():
        kind, slug = form.cleaned_data["kind"], form.cleaned_data["slug"]
        model = shortlist_resources()[kind].model
        pairs = stored_pairs(request.session)
        if (
            (kind, slug) not in pairs
            and len(pairs) < MAX_ENTRIES
            and model.objects.published().filter(slug=slug).exists()
        ):
            request.session[SESSION_KEY] = [*map(list, pairs), [kind, slug]]
    return redirect(_back(request, form))


@require_POST
def shortlist_remove(request):
    form = ShortlistEntryForm(request.POST)
    if form.is_valid():
        pair = (form.cleaned_data["kind"], form.cleaned_data["slug"])
        request.session[SESSION_KEY] = [list(p) for p in stored_pairs(request.session) if p != pair]
    return redirect(_back(request, form))


@require_POST
def shortlist_clear(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("investments:shortlist")


@never_cache
@require_GET
def shortlist_view(request):
    return render(request, "investments/shortlist.html", {"entries": entries(request.session)})


@never_cache
@require_GET
def shortlist_print(request):
    return render(request, "investments/shortlist_print.html", {"entries": entries(request.session)})


@never_cache
@require_GET
def shortlist_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shortlist.csv"'
    # A byte-order mark so spreadsheet programs read Chinese and Russian text as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["kind", "slug", "title", "url"])
    for entry in entries(request.session):
        writer.writerow(
            [
                entry["kind"],
                entry["slug"],
                csv_cell(str(entry["title"])),
                request.build_absolute_uri(entry["object"].get_absolute_url()),
            ]
        )
    return response
