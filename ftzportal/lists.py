"""Each public resource declared once: its model, FilterSet, URL names, title field,
download columns and feed text. The website's list pages, downloads, feeds, follow
links, e-mail alerts, the shortlist and the change feed all read these declarations, so
a new resource is one `ListResource` registered by its app (in `AppConfig.ready`).

The base declares the shape only; `zones` and `investments` declare their resources in
their `lists.py`. Look-ups happen at request time, after every app is ready.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Column:
    """One column of a download: its heading and how a row's value is read."""

    heading: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ListResource:
    """A public resource of the portal.

    `key` is its plural name as partners and subscribers see it (`enterprises`: the
    change feed's resource, an alert's list); `name` the singular stem of its URL names
    (`investments:enterprise-list`, `-detail`, `-download-csv`, `-feed-rss`, …, and
    `api:enterprise-detail`) and its shortlist kind. Resources the website lists as a
    filtered directory give a FilterSet; the rest (the zone, areas) are API resources and
    follow links in the change feed only. A filtered list without downloads, feeds and
    alerts (industries) says `exports=False`.
    """

    key: str
    name: str
    model: type
    title_field: str
    namespace: str = ""
    label: str = ""
    filterset_class: type | None = None
    page_title: str = ""
    meta_description: str = ""
    download_columns: tuple[Column, ...] = field(default=())
    feed_description: Callable[[Any], str] | None = None
    shortlisted: bool = False
    # A filtered list with CSV and Excel downloads, RSS and Atom feeds and e-mail alerts
    # (an industry is not news: the industry list has none of them).
    exports: bool = True

    def url_name(self, suffix: str) -> str:
        """`download-csv` → "investments:enterprise-download-csv"."""
        return f"{self.namespace}:{self.name}-{suffix}"

    @property
    def list_url_name(self) -> str:
        return self.url_name("list")

    @property
    def api_detail_url_name(self) -> str:
        return f"api:{self.name}-detail"

    @property
    def is_filtered_list(self) -> bool:
        return self.filterset_class is not None

    @property
    def is_exported(self) -> bool:
        """A filtered list whose results can be taken away and followed."""
        return self.is_filtered_list and self.exports

    def list_url(self) -> str:
        return reverse(self.list_url_name)

    def queryset(self):
        """What the public sees, with what its pages and files show of related rows."""
        return self.model.objects.published().with_related()

    def title_of(self, obj) -> str:
        return getattr(obj, self.title_field)


_resources: dict[str, ListResource] = {}


def register(*resources: ListResource) -> None:
    for resource in resources:
        if _resources.get(resource.key, resource) is not resource:
            raise ValueError(f"Two resources are declared as {resource.key!r}.")
        _resources[resource.key] = resource


def get(key: str) -> ListResource:
    return _resources[key]


def all_resources() -> list[ListResource]:
    return list(_resources.values())


def filtered_lists() -> list[ListResource]:
    return [resource for resource in _resources.values() if resource.is_filtered_list]


def exported_lists() -> list[ListResource]:
    """The filtered lists with downloads, feeds and e-mail alerts."""
    return [resource for resource in _resources.values() if resource.is_exported]


def for_model(model) -> ListResource | None:
    label = model._meta.label_lower
    return next((resource for resource in _resources.values() if resource.model._meta.label_lower == label), None)


def for_list_url_name(view_name: str) -> ListResource | None:
    """The filtered list whose page is named `view_name` ("investments:enterprise-list")."""
    return next((resource for resource in filtered_lists() if resource.list_url_name == view_name), None)


def for_shortlist_kind(kind: str) -> ListResource | None:
    resource = next((resource for resource in _resources.values() if resource.name == kind), None)
    return resource if resource is not None and resource.shortlisted else None
