"""The real data ships in three languages: every text the loader writes in English has a
Chinese and a Russian translation, and the official area names are kept as written."""

import pytest
from django.core.management import call_command

from ftzportal.curation import missing_translations
from investments.models import Enterprise, Project
from zones.models import Area, AreaIndustry, Facility, Figure, Incentive, Industry, Milestone, Zone

# The loader writes the same texts into any database.
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

TRANSLATED_MODELS = [Zone, Area, AreaIndustry, Industry, Incentive, Facility, Milestone, Figure, Enterprise, Project]


@pytest.mark.parametrize("model", TRANSLATED_MODELS, ids=lambda model: model.__name__)
def test_every_loaded_text_has_chinese_and_russian(real_data, model):
    rows = list(model.objects.all())
    assert rows, f"the loader wrote no {model.__name__}"
    untranslated = {str(row): missing_translations(row) for row in rows if missing_translations(row)}
    assert untranslated == {}


def test_official_area_names(real_data):
    names = {area.slug: (area.name_zh_hans, area.name_ru) for area in Area.objects.all()}
    assert names == {
        "urumqi": ("乌鲁木齐片区", "Участок Урумчи"),
        "kashgar": ("喀什片区", "Участок Кашгар"),
        "horgos": ("霍尔果斯片区", "Участок Хоргос"),
    }


def test_reloading_the_translated_data_changes_nothing(real_data, capsys):
    call_command("load_ftz_data")
    assert "0 rows written or changed" in capsys.readouterr().out


def test_russian_area_page_shows_translated_positioning_and_figures(client, real_data):
    content = client.get("/ru/areas/kashgar/").content.decode()
    assert "Будет сосредоточен на трудоёмких отраслях" in content
    assert "Средства контрактных проектов первых предприятий" in content
    # The qualifier travels with the number, in Russian.
    assert "более 17,6 млрд юаней" in content.replace("\xa0", " ")
    assert "11 ноября 2023 года" in content
