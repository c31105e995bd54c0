"""Geometry for the server-rendered SVG bar charts; the template only draws what this computes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from regionforum.analytics.breakdowns import Line
from regionforum.analytics.selectors import ForumFigures
from regionforum.forums.numerals import to_roman

WIDTH = 640
LABEL_WIDTH = 110  # room for "XXVIII · 2041" to the left of the bars
VALUE_WIDTH = 110  # room for "$1,234.5 m" to the right of the longest bar
ROW_HEIGHT = 32
BAR_HEIGHT = 22


@dataclass(frozen=True, slots=True)
class Bar:
    forum: int
    roman: str
    year: int
    value: Decimal | int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True, slots=True)
class ForumChart:
    measure: str
    bars: list[Bar]
    width: int
    height: int
    bar_x: int


def forum_chart(rows: Sequence[ForumFigures], *, measure: str) -> ForumChart:
    """Horizontal bars, one a forum, for `measure` ("agreements" or "total_usd")."""
    values = [getattr(row, measure) for row in rows]
    largest = max(values, default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        # A bar for a non-zero value stays visible however small it is beside the largest.
        width = max(1, round(room * value / largest)) if value else 0
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            Bar(
                forum=row.forum,
                roman=to_roman(row.forum),
                year=row.year,
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return ForumChart(
        measure=measure,
        bars=bars,
        width=WIDTH,
        height=max(ROW_HEIGHT, len(rows) * ROW_HEIGHT),
        bar_x=LABEL_WIDTH,
    )


@dataclass(frozen=True, slots=True)
class LabelledBar:
    label: str
    value: Decimal | int | float
    text: str
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True, slots=True)
class BarChart:
    name: str
    bars: list[LabelledBar]
    width: int
    height: int
    bar_x: int


def bar_chart(items: Sequence[tuple[str, Decimal | int | float, str]], *, name: str) -> BarChart:
    """Horizontal bars for any labelled values: each item is (label, value, value as shown).
    `name` tells the chart's bars and caption apart from another chart's on the same page."""
    largest = max((value for _label, value, _text in items), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value, text) in enumerate(items):
        width = max(1, round(room * value / largest)) if value else 0
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            LabelledBar(
                label=label,
                value=value,
                text=text,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(
        name=name,
        bars=bars,
        width=WIDTH,
        height=max(ROW_HEIGHT, len(items) * ROW_HEIGHT),
        bar_x=LABEL_WIDTH,
    )


@dataclass(frozen=True, slots=True)
class LineBar:
    label: str
    agreements: int
    total_usd: Decimal
    href: str
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True, slots=True)
class LineChart:
    bars: list[LineBar]
    width: int
    height: int
    bar_x: int


def line_chart(
    lines: Sequence[Line], *, hrefs: Sequence[str], label: Callable[[str], str] = str
) -> LineChart:
    """Horizontal bars of agreements, one a line of a breakdown (a year, a sector), each
    linking to the agreements behind it, and named by `label` of its key."""
    largest = max((line.agreements for line in lines), default=0)
    label_width = 190
    room = WIDTH - label_width - VALUE_WIDTH
    bars = []
    for index, (line, href) in enumerate(zip(lines, hrefs, strict=True)):
        width = max(1, round(room * line.agreements / largest)) if line.agreements else 0
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        name = label(line.key)
        bars.append(
            LineBar(
                label=name if len(name) <= 28 else name[:27] + "…",
                agreements=line.agreements,
                total_usd=line.total_usd,
                href=href,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                value_x=label_width + width + 6,
            )
        )
    return LineChart(
        bars=bars,
        width=WIDTH,
        height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT),
        bar_x=label_width,
    )
