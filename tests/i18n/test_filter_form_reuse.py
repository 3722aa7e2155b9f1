"""FilterSet forms are built once per FilterSet and language (ftzportal.filters) and the
origin choices once per language (investments.filters): neither leaks one language into
another, and content choices (areas) still follow the database."""

import pytest
from django.utils import translation

from investments.filters import EnterpriseFilterSet
from tests.factories import AreaFactory, IndustryFactory

pytestmark = pytest.mark.django_db


def origin_labels(language):
    with translation.override(language):
        form = EnterpriseFilterSet({}).form
        groups = [(label, options) for label, options in form.fields["origin"].choices if label != ""]
        return type(form), {label: dict(options) for label, options in groups}


def test_each_language_has_its_own_form_and_labels():
    english_form, english = origin_labels("en")
    russian_form, russian = origin_labels("ru")
    assert english_form is origin_labels("en")[0] and russian_form is not english_form
    assert english["Country"]["KG"] == "Kyrgyzstan"
    assert russian["Страна"]["KG"] == "Киргизия"
    assert origin_labels("en")[1]["Country"]["KG"] == "Kyrgyzstan"


def test_a_shared_form_class_still_sees_an_area_published_later(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        AreaFactory(slug="kashgar")
    assert EnterpriseFilterSet({"area": ["kashgar"]}).is_valid()
    assert not EnterpriseFilterSet({"area": ["horgos"]}).is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        AreaFactory(slug="horgos")
    assert EnterpriseFilterSet({"area": ["horgos"]}).is_valid()


def test_industry_choices_follow_the_names_of_each_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        IndustryFactory(slug="logistics", name_en="Logistics", name_ru="Логистика")
        IndustryFactory(slug="textiles", name_en="Textiles", name_ru="Винный текстиль")
    for language, expected in (("en", ["logistics", "textiles"]), ("ru", ["textiles", "logistics"])):
        with translation.override(language):
            choices = list(EnterpriseFilterSet({}).form.fields["industry"].choices)
        assert [value for value, _label in choices] == expected
