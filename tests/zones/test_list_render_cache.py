"""The filter sidebar of the list pages (incentives, enterprises, projects) is rendered once
per content version, language, list and filters, and reused by every page of those
filters; its select boxes and checkbox groups are written by `FilterFormRenderer` with
exactly the markup of Django's widget templates."""

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.test import override_settings
from django.utils.translation import gettext_lazy, override

from ftzportal import listing
from ftzportal.listing import FilteredListView, FilterFormRenderer
from ftzportal.publication import PublicationStatus
from investments.filters import EnterpriseFilterSet, ProjectFilterSet
from tests.factories import AreaFactory, EnterpriseFactory, IncentiveFactory, IndustryFactory, ProjectFactory
from zones.filters import IncentiveFilterSet

# The same templates and filter forms on any database.
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

SIDEBAR_TEMPLATE = "includes/filter_form.html"
ASIDE = re.compile(r'<aside class="list-filters".*?</aside>', re.DOTALL)


def sidebar(response) -> str:
    return ASIDE.search(response.content.decode()).group()


def rendered_sidebar(response) -> bool:
    """Whether this response rendered the sidebar's template (rather than reusing it)."""
    return SIDEBAR_TEMPLATE in [template.name for template in response.templates]


def save(instance, on_commit, **changes):
    """A curator's save: the content version is bumped once the transaction commits."""
    with on_commit(execute=True):
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.save()


@pytest.fixture
def directory(django_capture_on_commit_callbacks):
    """Two areas, two industries, 25 enterprises and projects in Kashgar and logistics
    (two pages of 20), one incentive."""
    with django_capture_on_commit_callbacks(execute=True):
        kashgar = AreaFactory(slug="kashgar", name="Kashgar", name_zh_hans="喀什", name_ru="Кашгар")
        AreaFactory(slug="horgos", name="Horgos")
        logistics = IndustryFactory(slug="logistics", name="Logistics", name_zh_hans="物流")
        IndustryFactory(slug="trade", name="Trade")
        EnterpriseFactory.create_batch(25, area=kashgar, industries=[logistics])
        ProjectFactory.create_batch(25, area=kashgar, industry=logistics)
        IncentiveFactory(areas=[kashgar], industries=[logistics])
    return kashgar, logistics


# --- Reuse across pages ---------------------------------------------------------------


@override_settings(LIST_PAGE_SIZE=20)
@pytest.mark.parametrize("url", ["/enterprises/?area=kashgar&industry=logistics", "/projects/?area=kashgar"])
def test_the_next_page_of_the_same_filters_reuses_the_sidebar(client, directory, url):
    first = client.get(url)
    second = client.get(url + "&page=2")
    assert rendered_sidebar(first) and not rendered_sidebar(second)
    assert sidebar(second) == sidebar(first)
    assert 'value="kashgar" id="id_area_0" checked' in sidebar(second)


@override_settings(LIST_PAGE_SIZE=20)
def test_a_reused_sidebar_costs_no_query(client, directory, django_assert_num_queries):
    client.get("/enterprises/?area=kashgar&industry=logistics")
    # The content version, the page's rows, their industries: no choices, no count, and
    # nothing for the sidebar.
    with django_assert_num_queries(3):
        response = client.get("/enterprises/?area=kashgar&industry=logistics&page=2")
    assert not rendered_sidebar(response)


def test_other_filters_get_their_own_sidebar(client, directory):
    client.get("/enterprises/?area=kashgar")
    response = client.get("/enterprises/?area=kashgar&industry=logistics&page=2")
    assert rendered_sidebar(response)
    assert 'value="logistics" id="id_industry_0" checked' in sidebar(response)


def test_the_same_filters_in_another_order_get_their_own_sidebar(client, directory):
    """The order of the query is kept in the links built from it, so it is part of the key."""
    client.get("/enterprises/?area=kashgar&industry=logistics")
    assert rendered_sidebar(client.get("/enterprises/?industry=logistics&area=kashgar&page=2"))


def test_the_same_query_on_another_list_gets_that_lists_sidebar(client, directory):
    client.get("/enterprises/?area=kashgar")
    response = client.get("/projects/?area=kashgar&page=2")
    assert rendered_sidebar(response)
    assert 'name="min_value"' in sidebar(response)


# --- What the visitor asked for, shown on every page -----------------------------------


def test_an_invalid_filter_shows_its_message_and_what_was_typed_on_every_page(client, directory):
    url = "/enterprises/?area=kashgar&settled_from=2024-13-01"
    first = client.get(url)
    again = client.get(url + "&page=2")
    assert not rendered_sidebar(again)
    for response in (first, again):
        html = sidebar(response)
        assert 'value="2024-13-01"' in html
        assert 'aria-invalid="true" aria-describedby="id_settled_from_error"' in html
        assert '<p class="field-error" id="id_settled_from_error">Enter a valid date. </p>' in html
        assert '<details class="filter-panel" open>' in html


def test_a_valid_value_after_an_invalid_one_shows_no_message(client, directory):
    client.get("/enterprises/?origin=nowhere")
    response = client.get("/enterprises/?origin=DE&page=2")
    html = sidebar(response)
    assert "field-error" not in html
    assert '<option value="DE" selected>Germany</option>' in html


def test_the_reused_sidebar_holds_nothing_that_belongs_to_one_response(client, directory):
    """No CSRF token and no CSP nonce: both are per response and must never be reused."""
    html = sidebar(client.get("/enterprises/?area=kashgar"))
    assert "csrfmiddlewaretoken" not in html and "nonce" not in html
    assert '<form method="get"' in html


def test_a_typed_value_is_escaped_in_the_sidebar(client, directory):
    response = client.get("/enterprises/", {"q": '"><script>alert(1)</script>'})
    html = sidebar(response)
    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


# --- Fresh after every curated write ---------------------------------------------------


def test_a_published_area_appears_in_the_sidebar_at_once(client, directory, django_capture_on_commit_callbacks):
    client.get("/enterprises/?area=kashgar")
    with django_capture_on_commit_callbacks(execute=True):
        draft = AreaFactory(slug="urumqi", name="Urumqi", publication_status=PublicationStatus.DRAFT)
    assert "Urumqi" not in sidebar(client.get("/enterprises/?area=kashgar&page=1"))
    save(draft, django_capture_on_commit_callbacks, publication_status=PublicationStatus.PUBLISHED)
    response = client.get("/enterprises/?area=kashgar&page=2")
    assert rendered_sidebar(response)
    assert 'value="urumqi"' in sidebar(response) and "Urumqi" in sidebar(response)


def test_a_renamed_industry_is_shown_under_its_new_name_at_once(client, directory, django_capture_on_commit_callbacks):
    _kashgar, logistics = directory
    assert "Logistics" in sidebar(client.get("/projects/?area=kashgar"))
    save(logistics, django_capture_on_commit_callbacks, name="Logistics and warehousing")
    assert "Logistics and warehousing" in sidebar(client.get("/projects/?area=kashgar&page=2"))


def test_an_archived_area_leaves_the_sidebar_at_once(client, directory, django_capture_on_commit_callbacks):
    kashgar, _logistics = directory
    assert 'value="kashgar"' in sidebar(client.get("/incentives/?industry=logistics"))
    save(kashgar, django_capture_on_commit_callbacks, publication_status=PublicationStatus.ARCHIVED)
    assert 'value="kashgar"' not in sidebar(client.get("/incentives/?industry=logistics&page=1"))


# --- Languages ---------------------------------------------------------------------------


def test_each_language_gets_its_own_sidebar(client, directory):
    english = sidebar(client.get("/enterprises/?area=kashgar&origin=DE"))
    chinese = sidebar(client.get("/zh-hans/enterprises/?area=kashgar&origin=DE&page=2"))
    russian = sidebar(client.get("/ru/enterprises/?area=kashgar&origin=DE&page=2"))
    english_again = sidebar(client.get("/enterprises/?area=kashgar&origin=DE&page=2"))
    assert '<option value="DE" selected>Germany</option>' in english == english_again
    assert "喀什" in chinese and '<option value="DE" selected>德国</option>' in chinese
    assert "Кашгар" in russian and '<option value="DE" selected>Германия</option>' in russian
    assert "Kashgar" not in chinese + russian and "喀什" not in russian


# --- The renderer writes what Django's templates write ---------------------------------

GROUPED = [
    ("", "Any"),
    ("Chinese province", [("anhui", "Anhui"), ("beijing", gettext_lazy("Beijing"))]),
    ("Country", [("DE", "Germany"), ("x&y", 'Quote " <b>and</b> ampersand &')]),
]
FLAT = [("kashgar", "Kashgar"), ("horgos", gettext_lazy("Horgos")), (3, "Three")]

WIDGETS = {
    "select": (forms.Select(choices=GROUPED), "beijing"),
    "select with nothing chosen": (forms.Select(choices=GROUPED), None),
    "select with an unknown value": (forms.Select(choices=GROUPED), "<nowhere>"),
    "select with attributes": (
        forms.Select(attrs={"class": "wide", "aria-invalid": "true", "title": 'Say "<b>" & more'}, choices=FLAT),
        "3",
    ),
    "select multiple": (forms.SelectMultiple(choices=FLAT), ["kashgar", "3"]),
    "checkboxes": (forms.CheckboxSelectMultiple(choices=FLAT), ["horgos"]),
    "checkboxes in groups": (forms.CheckboxSelectMultiple(choices=GROUPED[1:]), ["DE", "x&y"]),
    "checkboxes with attributes": (
        forms.CheckboxSelectMultiple(attrs={"class": "a&b", "data-note": '"<i>"', "required": True}, choices=FLAT),
        [],
    ),
    "ordering (a CSV select)": (
        EnterpriseFilterSet().form.fields["ordering"].widget,
        "-name",
    ),
}


@pytest.mark.parametrize("with_id", [True, False])
@pytest.mark.parametrize("name", WIDGETS)
def test_renderer_writes_the_markup_of_djangos_widget_templates(name, with_id):
    widget, value = WIDGETS[name]
    attrs = {"id": "id_field"} if with_id else None
    stock = widget.render("field", value, attrs=attrs, renderer=get_default_renderer())
    assert widget.render("field", value, attrs=attrs, renderer=FilterFormRenderer()) == stock


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
@pytest.mark.parametrize(
    ("filterset_class", "data"),
    [
        (EnterpriseFilterSet, {"area": ["kashgar"], "origin": "zhejiang", "ordering": "-settled_on"}),
        (EnterpriseFilterSet, {"area": ["kashgar", "nowhere"], "origin": "<b>", "settled_from": "x"}),
        (ProjectFilterSet, {"industry": ["logistics"], "status": "signed", "currency": "USD", "min_value": "5"}),
        (IncentiveFilterSet, {"category": "tax", "industry": ["nowhere"], "ordering": "?"}),
    ],
)
def test_a_whole_filter_form_renders_as_with_djangos_templates(rf, directory, filterset_class, data, language):
    class ListView(FilteredListView):
        pass

    ListView.filterset_class = filterset_class
    view = ListView()
    view.setup(rf.get("/", data))
    view.get_base_queryset = lambda: filterset_class._meta.model.objects.all()
    with override(language):
        form = view.get_filterset().form
        form.is_valid()
        lean = [str(field) for field in form]
        form.renderer = get_default_renderer()
        assert lean == [str(field) for field in form]


def test_a_widget_with_its_own_option_template_is_rendered_by_its_templates():
    class RadioLikeSelect(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"
        input_type = "radio"

    widget = RadioLikeSelect(choices=FLAT)
    stock = widget.render("field", "horgos", renderer=get_default_renderer())
    assert widget.render("field", "horgos", renderer=FilterFormRenderer()) == stock
    assert 'type="radio"' in stock


def test_the_list_pages_use_the_renderer(client, directory, monkeypatch):
    calls = []
    renderer = FilterFormRenderer()
    original = renderer.render

    def counting(template_name, context, request=None):
        calls.append(template_name)
        return original(template_name, context, request)

    monkeypatch.setattr(renderer, "render", counting)
    monkeypatch.setattr(listing, "FILTER_FORM_RENDERER", renderer)
    client.get("/enterprises/")
    assert "django/forms/widgets/select.html" in calls
    assert "django/forms/widgets/checkbox_select.html" in calls
