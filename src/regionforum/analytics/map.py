"""A tile-grid map of the regions of both countries: one square a region, placed roughly where
the region lies, coloured by the number or the USD value of agreements in a scope.

The places come from `data/region_centres.csv` (administrative centres; see the README beside
it). Each country's regions are spread over its own grid by the rank of their longitude and
latitude, and each takes the free cell nearest to that spot, so that the dense west of Russia
stays legible beside Siberia and the Far East.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from regionforum.analytics.selectors import PartnerRegion
from regionforum.gazetteer.models import Region

CENTRES = Path(__file__).parent / "data" / "region_centres.csv"
# Columns and rows of each country's grid; Russia's is wide as the country is.
GRIDS = {"BY": (3, 3), "RU": (17, 8)}
GAP = 3
STEPS = 5


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    country: str
    x: int
    y: int
    size: int
    agreements: int
    total_usd: Decimal
    # 0 for none, 1 to STEPS by the measure's share of the largest.
    step: int

    @property
    def label(self) -> str:
        return self.code.split("-", 1)[1]

    @property
    def label_x(self) -> int:
        return self.x + self.size // 2

    @property
    def label_y(self) -> int:
        return self.y + self.size // 2 + 4


@dataclass(frozen=True, slots=True)
class Panel:
    country: str
    x: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class RegionMap:
    places: list[Place]
    panels: list[Panel]
    width: int
    height: int
    measure: str
    # The value at the top of each colour step, for the legend.
    steps: list[Decimal]


@cache
def centres() -> dict[str, tuple[float, float]]:
    with CENTRES.open(encoding="utf-8") as source:
        return {
            row["code"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(source)
        }


def _ranks(values: list[float]) -> list[float]:
    """Each value's rank among `values`, 0 to 1; ties share the mean rank."""
    if len(values) < 2:
        return [0.5 for _ in values]
    order = sorted(values)
    return [
        (order.index(value) + order.count(value) / 2 - 0.5) / (len(values) - 1) for value in values
    ]


@cache
def tile_cells(country: str, codes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Each region's cell (column, row) on its country's grid, north at the top."""
    columns, rows = GRIDS.get(country, (10, 10))
    while columns * rows < len(codes):
        columns += 1
    known = [code for code in codes if code in centres()]
    xs = _ranks([centres()[code][1] for code in known])
    ys = _ranks([-centres()[code][0] for code in known])
    wanted = {
        code: (x * (columns - 1), y * (rows - 1)) for code, x, y in zip(known, xs, ys, strict=True)
    }
    free = {(column, row) for column in range(columns) for row in range(rows)}
    cells: dict[str, tuple[int, int]] = {}
    # The regions farthest from the middle first: the edges of the country keep their places.
    middle = ((columns - 1) / 2, (rows - 1) / 2)
    for code in sorted(wanted, key=lambda c: -math.dist(wanted[c], middle)):
        cell = min(free, key=lambda spot: (math.dist(spot, wanted[code]), spot))
        cells[code] = cell
        free.discard(cell)
    for code in codes:
        if code not in cells:
            cell = min(free)
            cells[code] = cell
            free.discard(cell)
    return cells


def region_map(
    *, partners: dict[str, list[PartnerRegion]], measure: str = "agreements", width: int = 960
) -> RegionMap:
    """Every region of both countries on the map, with its agreements among a scope's
    `partners` (`Figures.partners`)."""
    counted = {region.code: region for regions in partners.values() for region in regions}
    language = (get_language() or "en").split("-")[0]
    regions = list(Region.objects.select_related("country").order_by("code"))
    by_country: dict[str, list[Region]] = {}
    for region in regions:
        by_country.setdefault(region.country.code, []).append(region)
    countries = [code for code in ("BY", "RU") if code in by_country] + sorted(
        code for code in by_country if code not in ("BY", "RU")
    )
    total_columns = sum(GRIDS.get(code, (10, 10))[0] for code in countries) + len(countries) - 1
    size = max(16, (width - GAP * total_columns) // max(1, total_columns))
    values = [
        (region.agreements if measure == "agreements" else region.total_usd)
        for region in counted.values()
    ]
    largest = Decimal(max(values, default=0))
    steps = [largest * step / STEPS for step in range(1, STEPS + 1)]
    places: list[Place] = []
    panels: list[Panel] = []
    left = 0
    height = 0
    for country in countries:
        members = by_country[country]
        cells = tile_cells(country, tuple(region.code for region in members))
        columns = max(column for column, _row in cells.values()) + 1
        rows = max(row for _column, row in cells.values()) + 1
        for region in members:
            column, row = cells[region.code]
            found = counted.get(region.code)
            count = found.agreements if found else 0
            usd = found.total_usd if found else Decimal(0)
            value = Decimal(count if measure == "agreements" else usd)
            step = 0 if not value or not largest else max(1, math.ceil(value / largest * STEPS))
            places.append(
                Place(
                    code=region.code,
                    name=getattr(region, f"name_{language}", "") or region.name_en,
                    country=country,
                    x=left + column * (size + GAP),
                    y=24 + row * (size + GAP),
                    size=size,
                    agreements=count,
                    total_usd=usd,
                    step=step,
                )
            )
        panel_width = columns * (size + GAP)
        panels.append(Panel(country=country, x=left, width=panel_width, height=rows * (size + GAP)))
        height = max(height, 24 + rows * (size + GAP))
        left += panel_width + size
    return RegionMap(
        places=places,
        panels=panels,
        width=max(left - size, 1),
        height=height,
        measure=measure,
        steps=steps,
    )
