"""Geometry of an indicator's chart: baseline, target, the values reported, and the gap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from regionforum.strategy.models import Indicator

WIDTH = 640
HEIGHT = 240
LEFT = 70  # room for the value axis labels
RIGHT = 20
TOP = 20
BOTTOM = 40  # room for the years


@dataclass(frozen=True, slots=True)
class Point:
    on: date
    value: Decimal
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class IndicatorChart:
    width: int
    height: int
    points: list[Point]
    # The straight path from the baseline (at the first value's date, or the programme's
    # start) to the target at the end of its target year: where the indicator should be.
    plan: tuple[float, float, float, float]
    target_y: float
    baseline_y: float
    years: list[tuple[int, float]]
    # The latest value against the plan on its date: positive is ahead, negative behind.
    gap: Decimal | None
    polyline: str


def indicator_chart(indicator: Indicator, *, starts_on: date) -> IndicatorChart:
    values = list(indicator.values.all())  # ordered by date
    start = min([starts_on, *(value.on for value in values)])
    end = max([date(indicator.target_year, 12, 31), *(value.on for value in values)])
    span = max((end - start).days, 1)
    numbers = [indicator.baseline, indicator.target, *(value.value for value in values)]
    low, high = min(numbers), max(numbers)
    if high == low:
        high = low + 1
    inner_width = WIDTH - LEFT - RIGHT
    inner_height = HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return round(LEFT + inner_width * (day - start).days / span, 1)

    def y_of(number: Decimal) -> float:
        return round(TOP + inner_height * float((high - number) / (high - low)), 1)

    points = [Point(v.on, v.value, x_of(v.on), y_of(v.value)) for v in values]
    target_on = date(indicator.target_year, 12, 31)
    gap = None
    if values:
        latest = values[-1]
        planned_days = max((target_on - start).days, 1)
        share = Decimal(min(max((latest.on - start).days, 0), planned_days)) / planned_days
        planned = indicator.baseline + (indicator.target - indicator.baseline) * share
        gap = (latest.value - planned).quantize(Decimal("0.01"))
        if indicator.target < indicator.baseline:
            gap = -gap  # a falling target: being below the plan is being ahead
    return IndicatorChart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        plan=(x_of(start), y_of(indicator.baseline), x_of(target_on), y_of(indicator.target)),
        target_y=y_of(indicator.target),
        baseline_y=y_of(indicator.baseline),
        years=[(year, x_of(date(year, 1, 1))) for year in range(start.year + 1, end.year + 1)],
        gap=gap,
        polyline=" ".join(f"{point.x},{point.y}" for point in points),
    )
