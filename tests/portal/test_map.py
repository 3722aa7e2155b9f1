"""The zone map: every published area and facility with coordinates has a marker linking
to its page, placed by the projection; facilities without coordinates are listed beside
the map; drafts are left out; the area's own page highlights it."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from ftzportal.publication import PublicationStatus
from portal import maps
from tests.factories import AreaFactory, FacilityFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def map_markers(html: str) -> dict[str, dict]:
    """{marker title: {"href", "x", "y", "classes"}} from the page's map SVG."""
    svg = re.search(r'<svg class="zone-map-svg".*?</svg>', html, re.S).group(0)
    root = ElementTree.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    markers = {}
    for link in root.iter(f"{SVG}a"):
        circle = link.find(f"{SVG}circle")
        markers[link.findtext(f"{SVG}title")] = {
            "href": link.get("href"),
            "x": float(circle.get("cx")),
            "y": float(circle.get("cy")),
            "classes": link.get("class").split(),
        }
    return markers


@pytest.fixture
def areas():
    return {
        "kashgar": AreaFactory(
            name="Kashgar", slug="kashgar", latitude=Decimal("39.4704"), longitude=Decimal("75.9898")
        ),
        "horgos": AreaFactory(name="Horgos", slug="horgos", latitude=Decimal("44.2144"), longitude=Decimal("80.4206")),
        "urumqi": AreaFactory(name="Urumqi", slug="urumqi", latitude=Decimal("43.8256"), longitude=Decimal("87.6168")),
    }


def test_every_area_with_coordinates_has_a_marker_linking_to_its_page(client, areas):
    markers = map_markers(client.get("/").content.decode())
    assert {name: marker["href"] for name, marker in markers.items()} == {
        "Kashgar": "/areas/kashgar/",
        "Horgos": "/areas/horgos/",
        "Urumqi": "/areas/urumqi/",
    }


def test_markers_are_placed_by_longitude_and_latitude(client, areas):
    markers = map_markers(client.get("/").content.decode())
    # Kashgar lies west and south of Horgos, Urumqi east of both.
    assert markers["Kashgar"]["x"] < markers["Horgos"]["x"] < markers["Urumqi"]["x"]
    assert markers["Kashgar"]["y"] > markers["Urumqi"]["y"] > markers["Horgos"]["y"]
    assert (markers["Kashgar"]["x"], markers["Kashgar"]["y"]) == maps.project(Decimal("75.9898"), Decimal("39.4704"))


def test_facility_with_coordinates_gets_a_marker_to_its_anchor_others_are_listed(client, areas):
    placed = FacilityFactory(
        name="Dry port", slug="dry-port", area=areas["kashgar"], latitude=Decimal("39.5"), longitude=Decimal("76.1")
    )
    unplaced = FacilityFactory(name="Trading centre", slug="trading-centre", area=areas["urumqi"])
    FacilityFactory(
        name="Draft depot",
        area=areas["kashgar"],
        latitude=Decimal("39.6"),
        longitude=Decimal("76.0"),
        publication_status=PublicationStatus.DRAFT,
    )
    html = client.get("/").content.decode()
    markers = map_markers(html)
    assert markers["Dry port"]["href"] == placed.get_absolute_url() == "/areas/kashgar/#facility-dry-port"
    assert "map-marker-facility" in markers["Dry port"]["classes"]
    assert "Trading centre" not in markers
    assert "Draft depot" not in markers and "Draft depot" not in html
    legend = html[html.index("Not on the map") :]
    assert f'href="{unplaced.get_absolute_url()}"' in legend


def test_draft_areas_and_areas_without_coordinates_have_no_marker(client, areas):
    AreaFactory(name="Hidden", latitude=Decimal("40"), longitude=Decimal("80"), publication_status="draft")
    AreaFactory(name="Unplaced area")
    assert set(map_markers(client.get("/").content.decode())) == {"Kashgar", "Horgos", "Urumqi"}


def test_area_page_highlights_that_area_and_shows_only_its_facilities(client, areas):
    FacilityFactory(name="Kashgar port", area=areas["kashgar"], latitude=Decimal("39.5"), longitude=Decimal("76.1"))
    FacilityFactory(name="Horgos port", area=areas["horgos"], latitude=Decimal("44.2"), longitude=Decimal("80.3"))
    markers = map_markers(client.get("/areas/kashgar/").content.decode())
    assert "map-marker-current" in markers["Kashgar"]["classes"]
    assert "map-marker-current" not in markers["Horgos"]["classes"]
    assert "Kashgar port" in markers and "Horgos port" not in markers


def test_coordinates_outside_the_frame_are_listed_not_drawn(areas):
    FacilityFactory(name="Far away", area=areas["kashgar"], latitude=Decimal("10"), longitude=Decimal("10"))
    zone_map = maps.zone_map()
    assert [facility.name for facility in zone_map.unplaced] == ["Far away"]


def test_map_has_degree_labels_and_neighbour_directions(client, areas):
    html = client.get("/").content.decode()
    assert "80°E" in html and "40°N" in html
    assert "Kazakhstan" in html and "Kyrgyzstan" in html and "Tajikistan" in html


def test_real_areas_are_all_on_the_map(client, real_data):
    markers = map_markers(client.get("/").content.decode())
    assert {marker["href"] for marker in markers.values()} >= {"/areas/kashgar/", "/areas/horgos/", "/areas/urumqi/"}
