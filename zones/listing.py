"""The one list view behind every filtered directory (incentives, enterprises, projects).

A list is a FilterSet over a published queryset. The FilterSet is always validated: an
invalid value shows the page (status 200) with the message beside the filter and an
empty result, never a silently wider list. Pages out of range or not a number fall back
to the last or first page instead of a 404.
"""

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from ftzportal.pagination import CachedCountPaginator

# Filters shown as checkbox groups (a handful of choices, easy with a keyboard and a thumb).
CHECKBOX_FILTERS = ("area", "industry")
DATE_FILTERS = ("settled_from", "settled_to", "signed_from", "signed_to")
NOT_CHIPS = ("ordering",)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_query(query):
    """The query string with NUL and other control characters replaced by U+FFFD.

    The value still fails validation as typed (an unknown slug stays unknown), but what
    is echoed back into the page is printable, and PostgreSQL, which refuses NUL in text,
    never receives one.
    """
    cleaned = query.copy()
    for key, values in query.lists():
        cleaned.setlist(key, [CONTROL_CHARACTERS.sub("\ufffd", value) for value in values])
    return cleaned


@dataclass(frozen=True)
class FilterChip:
    label: str
    value: str
    remove_url: str


def _choice_labels(field) -> dict[str, str]:
    """Value → label of a filter's choices, read from the widget's choices where the view
    set as lists (see `get_filterset`), so chips cost no extra query; free text has none."""
    choices = field.widget.choices if isinstance(getattr(field.widget, "choices", None), list) else []
    labels = {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            labels.update({str(v): str(lbl) for v, lbl in label})
        else:
            labels[str(value)] = str(label)
    return labels


def active_filter_chips(form, query) -> list[FilterChip]:
    """One chip per filter value in the query string, each with the link that drops just
    that value (and the page number, since the result set changes)."""
    chips = []
    for name, field in form.fields.items():
        values = [value for value in query.getlist(name) if value.strip()]
        if name in NOT_CHIPS or not values:
            continue
        labels = _choice_labels(field)
        for value in values:
            remaining = query.copy()
            remaining.setlist(name, [other for other in query.getlist(name) if other != value])
            remaining.pop("page", None)
            encoded = remaining.urlencode()
            chips.append(
                FilterChip(
                    label=str(field.label),
                    value=labels.get(value, value),
                    remove_url=f"?{encoded}" if encoded else "?",
                )
            )
    return chips


class FilteredListView(ListView):
    """A ListView driven by `filterset_class`; subclasses give `get_base_queryset()`."""

    filterset_class = None
    # Counts are cached per filter and content version (see ftzportal.pagination).
    paginator_class = CachedCountPaginator
    page_title = ""
    meta_description = ""

    def get_base_queryset(self):
        raise NotImplementedError

    def get_paginate_by(self, queryset):
        return settings.LIST_PAGE_SIZE

    def get_filterset(self):
        self.query = visible_query(self.request.GET)
        filterset = self.filterset_class(self.query, queryset=self.get_base_queryset(), request=self.request)
        # Presentation only: the FilterSet (shared with the API) parses the same either way.
        form = filterset.form
        form.label_suffix = ""
        for name, field in form.fields.items():
            if name in CHECKBOX_FILTERS:
                # Fetched once here, used by the checkboxes and the chips alike (iter(): a plain
                # list() would ask the ModelChoiceIterator for its length, a COUNT query).
                field.widget = forms.CheckboxSelectMultiple(choices=list(iter(field.choices)))
            elif name in DATE_FILTERS:
                field.widget = forms.DateInput(attrs={"type": "date"})
            elif isinstance(field, forms.ChoiceField):
                # Say what an empty choice means instead of "---------".
                empty = _("Default order") if name in NOT_CHIPS else _("Any")
                field.widget.choices = [("", empty), *(choice for choice in field.choices if choice[0] != "")]
        return filterset

    def get_queryset(self):
        self.filterset = self.get_filterset()
        self.filters_valid = self.filterset.is_valid()
        if not self.filters_valid:
            return self.filterset.queryset.none()
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        requested = self.request.GET.get(self.page_kwarg, "")
        page = paginator.get_page(requested)
        self.page_notice = ""
        if requested and requested != str(page.number):
            # The requested value is not echoed: it is whatever the visitor typed.
            self.page_notice = _("That page does not exist; showing page %(number)s of %(total)s.") % {
                "number": page.number,
                "total": paginator.num_pages,
            }
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query
        context.update(
            filterset=self.filterset,
            filter_form=self.filterset.form,
            filters_valid=self.filters_valid,
            filter_chips=active_filter_chips(self.filterset.form, query),
            result_count=context["paginator"].count,
            page_notice=getattr(self, "page_notice", ""),
            page_title=self.page_title,
            meta_description=self.meta_description,
        )
        return context
