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
from django.forms.renderers import get_default_renderer
from django.utils.html import conditional_escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from ftzportal.caching import do_not_store, recognise_query_params, request_content_version
from ftzportal.lists import ListResource
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


# --- Choice widgets without a template per option --------------------------------------


def _attributes(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget) -> str:
    """django/forms/widgets/select.html with select_option.html."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option) -> str:
    """django/forms/widgets/input_option.html with input.html."""
    element = f'<input type="{conditional_escape(option["type"])}" name="{conditional_escape(option["name"])}"'
    if option["value"] is not None:
        element += f' value="{conditional_escape(str(option["value"]))}"'
    element += f"{_attributes(option['attrs'])}>\n"
    if not option["wrap_label"]:
        return element + "\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{element} {conditional_escape(option['label'])}</label>\n"


def _multiple_input(widget) -> str:
    """django/forms/widgets/checkbox_select.html (multiple_input.html) with
    checkbox_option.html (input_option.html, input.html)."""
    element_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = ["<div"]
    if element_id:
        parts.append(f' id="{conditional_escape(element_id)}"')
    if css_class:
        parts.append(f' class="{conditional_escape(css_class)}"')
    parts.append(">")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_input_option(option)}\n</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class FilterFormRenderer:
    """The default form renderer, except that select boxes and checkbox groups are written
    in Python instead of with a template include per option.

    The origin filter alone has ~290 options; rendered the stock way they made the filter
    sidebar the costliest part of a list page. The sidebar is cached per filter, so this
    is paid on every new filter (every request of a varied list): benchmarks/filter_sidebar.py
    measured 22 ms hand-written against 94 ms with the stock templates (2026-11-29, loaded
    2-core machine; the ratio is what counts). Widgets still compute their own
    context (ids, selected and checked flags, inherited attributes such as aria-invalid);
    only the stock templates below are replaced, by code writing exactly their markup
    (tests/zones/test_list_render_cache.py compares both)."""

    # widget template → (the option template it includes, the function writing both)
    written_in_python = {
        "django/forms/widgets/select.html": ("django/forms/widgets/select_option.html", _select),
        "django/forms/widgets/checkbox_select.html": ("django/forms/widgets/checkbox_option.html", _multiple_input),
    }

    @property
    def default(self):
        return get_default_renderer()

    def __getattr__(self, name):
        # Form, field and label templates: as the default renderer has them.
        return getattr(self.default, name)

    def render(self, template_name, context, request=None):
        option_template, write = self.written_in_python.get(template_name, (None, None))
        widget = context.get("widget", {})
        options = (option for _group, group_options, _index in widget.get("optgroups", ()) for option in group_options)
        if write is None or any(option["template_name"] != option_template for option in options):
            return self.default.render(template_name, context, request=request)
        # Django's renderer strips what the templates leave around the element.
        return write(widget).strip()


FILTER_FORM_RENDERER = FilterFormRenderer()


@dataclass(frozen=True)
class FilterChip:
    label: str
    value: str
    remove_url: str


# The filter sidebar is kept in the cache per `filter_sidebar_key`, which holds the content
# version: an entry is never used once the version has moved on; the timeout only frees
# entries of filters nobody asks for any more.
FILTER_SIDEBAR_TIMEOUT = 60 * 60


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


@dataclass(frozen=True)
class ExportLinks:
    """A page's downloads and feeds (a page with feeds only leaves csv and xlsx empty)."""

    csv: str
    xlsx: str
    rss: str
    atom: str
    # The prepared files of every row of the list (ftzportal.open_data), where written.
    open_data_csv: str = ""
    open_data_xlsx: str = ""


def with_list_query(url: str, query) -> str:
    """`url` with the list's filter: without the page, since a file or a feed holds every page."""
    query = query.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


class FilteredListView(ListView):
    """The page of a filtered list, driven by its declaration (`resource`: FilterSet,
    published queryset, title), which its downloads, feeds and alerts share."""

    resource: ListResource = None
    # Counts are cached per filter and content version (see ftzportal.pagination).
    paginator_class = CachedCountPaginator

    @property
    def filterset_class(self):
        return self.resource.filterset_class

    @property
    def page_title(self):
        return self.resource.page_title

    @property
    def meta_description(self):
        return self.resource.meta_description

    def get_base_queryset(self):
        return self.resource.queryset()

    def get_paginate_by(self, queryset):
        return settings.LIST_PAGE_SIZE

    def get_filterset(self):
        self.query = visible_query(self.request.GET)
        filterset = self.filterset_class(self.query, queryset=self.get_base_queryset(), request=self.request)
        # Presentation only: the FilterSet (shared with the API) parses the same either way.
        form = filterset.form
        form.label_suffix = ""
        form.renderer = FILTER_FORM_RENDERER
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
        # The page cache stores only answers to the FilterSet's own parameters, and
        # never the message page of an invalid filter (see ftzportal.caching).
        recognise_query_params(self.request, [*self.filterset_class.base_filters, self.page_kwarg])
        if not self.filters_valid:
            do_not_store(self.request)
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

    def filter_sidebar_key(self) -> str:
        """What the filter sidebar (the form with its options, values and messages, and
        the follow links) is rendered from, so that one rendering serves every page of the
        same filters: the content version (options, validation), the language, the list
        (its path) and the query without the page number, as given (the follow links
        repeat it in its order)."""
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        version = request_content_version(self.request)
        return "\n".join([str(version), get_language() or "", self.request.path, query.urlencode()])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query
        context.update(
            filterset=self.filterset,
            filter_form=self.filterset.form,
            filters_valid=self.filters_valid,
            filter_chips=active_filter_chips(self.filterset.form, query),
            filter_sidebar_key=self.filter_sidebar_key(),
            filter_sidebar_timeout=FILTER_SIDEBAR_TIMEOUT,
            result_count=context["paginator"].count,
            page_notice=getattr(self, "page_notice", ""),
            page_title=self.page_title,
            meta_description=self.meta_description,
        )
        return context
