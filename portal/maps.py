"""A self-contained SVG map of the zone: no tiles, no script, no internet.

The frame is a plain equirectangular projection of a box covering Xinjiang (73–96°E,
34–50°N) with a graticule and degree labels; it draws no borders (we ship no boundary
data and invent none). On it: each published area at its stored coordinates (city
centres, see zones/data/xinjiang.yaml) and each published facility that has
coordinates. Facilities without coordinates are listed beside the map instead.
The names of the neighbouring countries stand at the edge of the frame in the direction
where they lie.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zones.models import Area, Facility

WEST, EAST, SOUTH, NORTH = 73.0, 96.0, 34.0, 50.0
# Degrees of longitude are shorter than degrees of latitude this far north: scaling x by
# the cosine of the middle latitude keeps shapes and distances roughly true.
X_SCALE = math.cos(math.radians((SOUTH + NORTH) / 2))
PIXELS_PER_DEGREE = 36
MARGIN = 58  # room for the degree labels
GRID_STEP = 5  # degrees between graticule lines
LABEL_ROOM_DEGREES = 7  # of longitude, for a marker's label at the map's font size


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Marker:
    name: str
    url: str
    x: float
    y: float
    label_x: float
    label_y: float
    label_anchor: str  # "start", or "end" for labels left of the marker
    kind: str  # "area" or "facility"
    current: bool = False


@dataclass(frozen=True)
class EdgeLabel:
    text: str
    x: float
    y: float
    anchor: str


@dataclass
class ZoneMap:
    width: float
    height: float
    frame_x: float
    frame_y: float
    frame_width: float
    frame_height: float
    grid: list[GridLine] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    neighbours: list[EdgeLabel] = field(default_factory=list)
    unplaced: list = field(default_factory=list)  # facilities the sources give no coordinates


def project(longitude, latitude) -> tuple[float, float]:
    """Degrees → SVG coordinates (y grows southwards)."""
    x = MARGIN + (float(longitude) - WEST) * PIXELS_PER_DEGREE * X_SCALE
    y = MARGIN + (NORTH - float(latitude)) * PIXELS_PER_DEGREE
    return round(x, 1), round(y, 1)


def in_frame(longitude, latitude) -> bool:
    return WEST <= float(longitude) <= EAST and SOUTH <= float(latitude) <= NORTH


def _has_position(entry) -> bool:
    return entry.latitude is not None and entry.longitude is not None and in_frame(entry.longitude, entry.latitude)


def _marker(entry, url, kind, current=False) -> Marker:
    x, y = project(entry.longitude, entry.latitude)
    # Labels go right of the marker, except near the east edge where they would not fit.
    east_half = float(entry.longitude) > EAST - LABEL_ROOM_DEGREES
    return Marker(
        name=str(entry),
        url=url,
        x=x,
        y=y,
        label_x=x - 12 if east_half else x + 12,
        label_y=round(y + 6, 1),
        label_anchor="end" if east_half else "start",
        kind=kind,
        current=current,
    )


def _frame() -> ZoneMap:
    left, top = project(WEST, NORTH)
    right, bottom = project(EAST, SOUTH)
    zone_map = ZoneMap(
        width=right + MARGIN,
        height=bottom + MARGIN,
        frame_x=left,
        frame_y=top,
        frame_width=round(right - left, 1),
        frame_height=round(bottom - top, 1),
    )
    for longitude in range(75, int(EAST) + 1, GRID_STEP):
        x, _y = project(longitude, NORTH)
        zone_map.grid.append(GridLine(x, top, x, bottom, f"{longitude}°E", x, bottom + 22))
    for latitude in range(35, int(NORTH) + 1, GRID_STEP):
        _x, y = project(WEST, latitude)
        zone_map.grid.append(GridLine(left, y, right, y, f"{latitude}°N", left - 6, y + 5))
    # Where the neighbours lie, as general geography: Kazakhstan to the north-west,
    # Kyrgyzstan and Tajikistan to the west, Mongolia to the north-east.
    for text, longitude, latitude, anchor in (
        (_("← Kazakhstan"), WEST + 0.4, 47.5, "start"),
        (_("← Kyrgyzstan"), WEST + 0.4, 41.6, "start"),
        (_("← Tajikistan"), WEST + 0.4, 37.6, "start"),
        (_("Mongolia →"), EAST - 0.4, 48.8, "end"),
    ):
        x, y = project(longitude, latitude)
        zone_map.neighbours.append(EdgeLabel(str(text), x, y, anchor))
    return zone_map


def zone_map(current_area=None) -> ZoneMap:
    """The map of every published area and facility; `current_area` is highlighted and,
    on its page, only its own facilities are shown."""
    zone_map = _frame()
    areas = list(Area.objects.published())
    for area in areas:
        if _has_position(area):
            current = current_area is not None and area.pk == current_area.pk
            zone_map.markers.append(_marker(area, area.get_absolute_url(), "area", current))
    facilities = Facility.objects.published().select_related("area").filter(area__publication_status="published")
    zone_wide = Facility.objects.published().filter(area__isnull=True)
    if current_area is not None:
        facilities = facilities.filter(area=current_area)
        zone_wide = zone_wide.none()
    for facility in [*facilities, *zone_wide]:
        if _has_position(facility):
            zone_map.markers.append(_marker(facility, facility.get_absolute_url(), "facility"))
        else:
            zone_map.unplaced.append(facility)
    # The highlighted area last, so it is drawn on top of the others.
    zone_map.markers.sort(key=lambda marker: (marker.current, marker.kind == "area"))
    return zone_map
