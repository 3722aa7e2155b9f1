"""Small charts drawn on the server as SVG, each with the same figures as a table
(templates/includes/chart.html and column_chart.html): the public site's charts and the
inquiry desk's use these.

Colours come from the Okabe-Ito palette (safe for colour-blind readers) through CSS
classes, so the SVG carries no inline style.
"""

from dataclasses import dataclass, field
from decimal import Decimal

PALETTE_SIZE = 7  # Okabe-Ito colours defined as .chart-bar-0 … .chart-bar-6 in portal.css
CHART_WIDTH = 640
ROW_HEIGHT = 46
BAR_HEIGHT = 18
LABEL_GAP = 16
VALUE_ROOM = 190  # room right of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    display: str
    label_y: int
    bar_y: int
    width: int
    value_x: int
    css_class: str


@dataclass
class BarChart:
    key: str  # unique on a page: the SVG's <title> id
    title: str
    label_heading: str
    value_heading: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 8

    @property
    def width(self) -> int:
        return CHART_WIDTH


def bar_chart(key, title, label_heading, value_heading, rows) -> BarChart | None:
    """`rows` is [(label, value, display)]; bar lengths are proportional to value."""
    rows = [row for row in rows if row[1]]
    if not rows:
        return None
    largest = max(value for _label, value, _display in rows)
    room = CHART_WIDTH - VALUE_ROOM
    chart = BarChart(key=key, title=title, label_heading=label_heading, value_heading=value_heading)
    for index, (label, value, display) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = max(2, int(room * Decimal(value) / Decimal(largest)))
        chart.bars.append(
            Bar(
                label=str(label),
                value=value,
                display=display,
                label_y=top + LABEL_GAP,
                bar_y=top + LABEL_GAP + 6,
                width=width,
                value_x=width + 8,
                css_class=f"chart-bar-{index % PALETTE_SIZE}",
            )
        )
    return chart


def count_chart(key, title, label_heading, value_heading, counts) -> BarChart | None:
    """A chart of (label, count) rows, largest first."""
    rows = sorted(counts, key=lambda row: (-row[1], str(row[0])))
    return bar_chart(key, title, label_heading, value_heading, [(label, n, str(n)) for label, n in rows])


COLUMN_CHART_HEIGHT = 220
COLUMN_PLOT_TOP = 24  # room above the tallest column for its value
COLUMN_PLOT_BOTTOM = 190  # the baseline; the period labels go below it
COLUMN_GAP = 4
COLUMN_SIDE = 36  # room left and right of the columns, for the outer labels


@dataclass(frozen=True)
class Column:
    label: str
    axis_label: str
    value: int
    display: str
    x: int
    y: int
    width: int
    height: int
    centre: int
    show_label: bool


@dataclass
class ColumnChart:
    """Values over time (a trend): one column per period, oldest first."""

    key: str
    title: str
    label_heading: str
    value_heading: str
    columns: list[Column] = field(default_factory=list)
    baseline: int = COLUMN_PLOT_BOTTOM
    label_y: int = COLUMN_PLOT_BOTTOM + 20

    side: int = COLUMN_SIDE
    axis_end: int = CHART_WIDTH - COLUMN_SIDE

    @property
    def height(self) -> int:
        return COLUMN_CHART_HEIGHT

    @property
    def width(self) -> int:
        return CHART_WIDTH


def column_chart(key, title, label_heading, value_heading, rows, *, max_labels: int = 6) -> ColumnChart:
    """`rows` is [(label, value, axis label)] in time order: the label is the table's,
    the shorter axis label is written under the column, zeros included (a quiet week is a
    figure too); a value of None (nothing to measure) draws no column and reads "—".
    At most `max_labels` period labels are written under the columns, evenly spaced; the
    table lists every period."""
    chart = ColumnChart(key=key, title=title, label_heading=label_heading, value_heading=value_heading)
    if not rows:
        return chart
    largest = max((value or 0 for _label, value, _axis in rows), default=0) or 1
    slot = (CHART_WIDTH - 2 * COLUMN_SIDE) / len(rows)
    every = max(1, -(-len(rows) // max_labels))  # ceiling division
    room = COLUMN_PLOT_BOTTOM - COLUMN_PLOT_TOP
    for index, (label, value, axis_label) in enumerate(rows):
        height = round(room * value / largest) if value else 0
        x = round(COLUMN_SIDE + index * slot + COLUMN_GAP / 2)
        width = max(2, round(slot - COLUMN_GAP))
        chart.columns.append(
            Column(
                label=str(label),
                axis_label=str(axis_label),
                value=value,
                display="—" if value is None else str(value),
                x=x,
                y=COLUMN_PLOT_BOTTOM - height,
                width=width,
                height=height,
                centre=x + width // 2,
                # Counted from the last (the current period), which is always labelled.
                show_label=(len(rows) - 1 - index) % every == 0,
            )
        )
    return chart
