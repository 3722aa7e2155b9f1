"""Dates, numbers and money are written the way each language writes them."""

import datetime
import re
from decimal import Decimal

import pytest

from tests.factories import AreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


@pytest.fixture
def project():
    return ProjectFactory(
        slug="big-project", value=Decimal("1000000000"), currency="CNY", signed_on=datetime.date(2024, 5, 17)
    )


@pytest.mark.parametrize(
    ("prefix", "money", "date"),
    [
        # Large amounts as each language writes them (the exact value is in tables and the API).
        ("", "1 billion yuan", "May 17, 2024"),
        ("/zh-hans", "10亿元", "2024年5月17日"),
        ("/ru", "1 млрд юаней", "17 мая 2024 г."),
    ],
)
def test_project_value_and_signing_date_follow_the_language(client, project, prefix, money, date):
    content = client.get(f"{prefix}/projects/big-project/").content.decode()
    assert money in content
    assert date in content
    assert '<time datetime="2024-05-17">' in content


def test_russian_list_groups_values_and_names_months(client, project, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        content = client.get("/ru/projects/").content.decode()
    assert "1 млрд юаней" in content
    assert "мая 2024" in content


@pytest.mark.parametrize(("prefix", "expected"), [("", "89.7 km²"), ("/zh-hans", "89.7平方公里"), ("/ru", "89,7 км²")])
def test_area_size_uses_the_language_decimal_separator(client, prefix, expected):
    AreaFactory(slug="sized", area_km2=Decimal("89.70"))
    assert expected in client.get(f"{prefix}/areas/sized/").content.decode()


def test_svg_coordinates_stay_machine_numbers_in_russian(client, real_data):
    """Russian writes decimals with a comma; SVG attributes must keep the dot."""
    content = client.get("/ru/").content.decode() + client.get("/ru/areas/kashgar/").content.decode()
    svgs = "".join(re.findall(r"<svg\b.*?</svg>", content, re.S))
    assert svgs
    assert re.findall(r'\b(?:viewBox|x|y|x1|y1|x2|y2|cx|cy|width|height)="[^"]*\d,\d', svgs) == []
